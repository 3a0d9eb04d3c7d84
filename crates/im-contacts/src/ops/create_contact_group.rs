//! `create_contact_group`: one contact group with its conversations.

use im_client::Error;
use im_proto::UserId;
use im_proto::recentcontact::create_contact_group::{
    ContactItem, GroupContactItem, GroupResultItem, Request,
};

use crate::conversation::{check_group_name, check_grouped};
use crate::{Client, Conversation};

impl Client {
    /// Creates `from`'s contact group `name` holding `conversations`
    /// (`create_contact_group`): the group created (its ID) with one result per conversation.
    ///
    /// Checked before sending: a name of 1 to 32 bytes, at most 1000 conversations.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] naming the value and the rule; as
    /// [`call`](im_client::Client::call): 51010 past 20 groups, 51011 for a name taken, 51008
    /// past 1000 grouped conversations; [`Error::Internal`] for an OK answer without the group.
    pub async fn create_contact_group(
        &self,
        from: &UserId,
        name: &str,
        conversations: &[Conversation],
    ) -> Result<GroupResultItem, Error> {
        check_group_name(name)?;
        check_grouped(conversations.len())?;
        let items = conversations
            .iter()
            .map(|c| {
                let mut item = ContactItem::new(c.kind());
                item.to_account = c.account_field();
                item.to_group_id = c.group_field();
                item
            })
            .collect();
        let group = GroupContactItem::new(name, items);
        let response = self.call(&Request::new(from.clone(), vec![group])).await?;
        let created = response
            .group_result_item
            .unwrap_or_default()
            .into_iter()
            .next();
        created.ok_or_else(|| Error::internal("create_contact_group answered OK without the group"))
    }
}
