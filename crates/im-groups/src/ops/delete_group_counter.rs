//! `delete_group_counter`: a group's counters deleted, all or some.

use im_client::Error;
use im_proto::group::delete_group_counter::Request;

use crate::Client;

impl Client {
    /// Deletes `group_id`'s counters `keys`, or all of them without keys
    /// (`delete_group_counter`).
    ///
    /// # Errors
    ///
    /// As [`call`](im_client::Client::call) (10059 for an edition without group counters,
    /// 10007 for a community).
    pub async fn delete_group_counter(
        &self,
        group_id: &str,
        keys: Option<&[String]>,
    ) -> Result<(), Error> {
        let mut request = Request::new(group_id);
        request.group_counter_keys = keys.map(<[String]>::to_vec);
        self.call(&request).await.map(|_| ())
    }
}
