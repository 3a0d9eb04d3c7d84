//! `modify_user_info`: marks of a live group's online members set or removed, 500 accounts a
//! call; the mark rules (at least 1000 or the special 500 and 600, at most 10 different) are
//! checked before sending.

use im_client::Error;
use im_proto::live_group::modify_user_info::{MarkItem, MarkedMember, Request};

use crate::Client;

/// What `modify_user_info` does with the marks (`CommandType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MarkCommand {
    /// Sets them (1).
    Set,
    /// Removes them (2).
    Remove,
}

impl MarkCommand {
    /// The `CommandType` of the request.
    pub const fn code(self) -> i64 {
        match self {
            MarkCommand::Set => 1,
            MarkCommand::Remove => 2,
        }
    }
}

impl Client {
    /// Sets or removes `marks` of up to 500 `accounts` of the live group `group_id`
    /// (`modify_user_info`); the members done, each with its marks (an account that is not
    /// online is left out).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for zero or more than 500 accounts, no marks, a mark below
    /// 1000 other than 500 and 600, or more than 10 different marks; otherwise as
    /// [`call`](im_client::Client::call) (10004 when none is online or the group would have
    /// more than 10 marks, 10007 for a group that is not an AVChatRoom or an edition below
    /// Ultimate).
    pub async fn modify_user_info(
        &self,
        group_id: &str,
        command: MarkCommand,
        accounts: &[&str],
        marks: &[i64],
    ) -> Result<Vec<MarkedMember>, Error> {
        let items = accounts
            .iter()
            .map(|a| MarkItem::new(*a, marks.to_vec()))
            .collect();
        let request = Request::new(group_id, command.code(), items);
        let response = self.call(&request).await?;
        Ok(response.member_list.unwrap_or_default())
    }
}
