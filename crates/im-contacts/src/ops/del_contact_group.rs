//! `del_contact_group`: one contact group deleted.

use im_client::Error;
use im_proto::UserId;
use im_proto::recentcontact::del_contact_group::Request;

use crate::Client;
use crate::conversation::check_group_name;

impl Client {
    /// Deletes `from`'s contact group `name` (`del_contact_group`); its ID, when the answer
    /// gives it.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for a name that cannot exist (empty, over 32 bytes); as
    /// [`call`](im_client::Client::call): 51009 for a group that does not exist.
    pub async fn del_contact_group(&self, from: &UserId, name: &str) -> Result<Option<i64>, Error> {
        check_group_name(name)?;
        let request = Request::new(from.clone(), vec![name.to_owned()]);
        let response = self.call(&request).await?;
        let deleted = response.group_item.unwrap_or_default();
        Ok(deleted
            .into_iter()
            .find(|g| g.group_name == name)
            .map(|g| g.group_id))
    }
}
