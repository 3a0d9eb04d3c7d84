//! `update_contact_group`: a contact group renamed, or conversations added and removed.

use im_client::Error;
use im_proto::UserId;
use im_proto::recentcontact::update_contact_group::{
    ContactItem, ContactUpdateItem, Request, UpdateGroup, UpdateGroupResult,
};

use crate::conversation::{check_group_name, check_grouped};
use crate::{Client, Conversation};

impl Client {
    /// Renames `from`'s contact group `old` to `new` (`update_contact_group`, `UpdateGroupType`
    /// 1).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for a name that is not 1 to 32 bytes; as
    /// [`call`](im_client::Client::call): 51009 for no group `old`, 51011 for `new` taken.
    pub async fn rename_contact_group(
        &self,
        from: &UserId,
        old: &str,
        new: &str,
    ) -> Result<UpdateGroupResult, Error> {
        check_group_name(old)?;
        check_group_name(new)?;
        let mut update = UpdateGroup::new(1, old);
        update.new_group_name = Some(new.to_owned());
        self.update_contact_group(&Request::new(from.clone(), 1, update))
            .await
    }

    /// Adds `add` to and removes `remove` from `from`'s contact group `name`
    /// (`update_contact_group`, `UpdateGroupType` 2): one result per conversation.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for a name that is not 1 to 32 bytes, more than 1000
    /// conversations to add or none at all; as [`call`](im_client::Client::call).
    pub async fn update_contact_group_members(
        &self,
        from: &UserId,
        name: &str,
        add: &[Conversation],
        remove: &[Conversation],
    ) -> Result<UpdateGroupResult, Error> {
        check_group_name(name)?;
        check_grouped(add.len())?;
        if add.is_empty() && remove.is_empty() {
            return Err(Error::invalid(
                "no conversation to add to or remove from the group",
            ));
        }
        let item = |op: i64, c: &Conversation| {
            let mut contact = ContactItem::new(c.kind());
            contact.to_account = c.account_field();
            contact.to_group_id = c.group_field();
            ContactUpdateItem::new(op, contact)
        };
        let adds = add.iter().map(|c| item(1, c));
        let items = adds.chain(remove.iter().map(|c| item(2, c))).collect();
        let mut update = UpdateGroup::new(2, name);
        update.contact_update_item = Some(items);
        self.update_contact_group(&Request::new(from.clone(), 1, update))
            .await
    }

    /// Sends an `update_contact_group` request as it is; the group after the update.
    ///
    /// # Errors
    ///
    /// As [`call`](im_client::Client::call); [`Error::Internal`] for an OK answer without
    /// `UpdateGroupResult`.
    pub async fn update_contact_group(
        &self,
        request: &Request,
    ) -> Result<UpdateGroupResult, Error> {
        let response = self.call(request).await?;
        response
            .update_group_result
            .ok_or_else(|| Error::internal("update_contact_group answered OK without its result"))
    }
}
