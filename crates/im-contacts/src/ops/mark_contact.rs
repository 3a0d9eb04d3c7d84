//! `mark_contact`: the standard and custom marks of conversations.

use im_client::Error;
use im_proto::UserId;
use im_proto::recentcontact::mark_contact::{ContactItem, MarkItem, Request, ResultItem};

use crate::{Client, Conversation};

/// The highest standard mark bit.
const MAX_BIT: u8 = 63;

/// A change of one conversation's marks: standard mark bits to set and clear, and the custom
/// mark to write.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct MarkChange {
    /// The conversation.
    pub conversation: Conversation,
    /// Standard mark bits to set (0 to 63).
    pub set: Vec<u8>,
    /// Standard mark bits to clear (0 to 63).
    pub clear: Vec<u8>,
    /// The custom mark to write (empty removes it); `None` leaves it.
    pub custom: Option<String>,
}

impl MarkChange {
    /// A change of `conversation`'s marks that changes nothing yet.
    pub fn new(conversation: Conversation) -> Self {
        MarkChange {
            conversation,
            set: Vec::new(),
            clear: Vec::new(),
            custom: None,
        }
    }

    /// Sets standard mark `bit`.
    pub fn set(mut self, bit: u8) -> Self {
        self.set.push(bit);
        self
    }

    /// Clears standard mark `bit`.
    pub fn clear(mut self, bit: u8) -> Self {
        self.clear.push(bit);
        self
    }

    /// Writes the custom mark.
    pub fn custom(mut self, mark: impl Into<String>) -> Self {
        self.custom = Some(mark.into());
        self
    }

    /// The item of the request: `OptType` 1 (standard), 2 (custom) or 3 (both).
    fn item(&self) -> Result<MarkItem, Error> {
        let standard = !self.set.is_empty() || !self.clear.is_empty();
        let opt = match (standard, self.custom.is_some()) {
            (true, true) => 3,
            (true, false) => 1,
            (false, true) => 2,
            (false, false) => {
                let c = &self.conversation;
                return Err(Error::invalid(format!(
                    "the mark change of {c} changes nothing"
                )));
            }
        };
        if let Some(bit) = self.set.iter().chain(&self.clear).find(|&&b| b > MAX_BIT) {
            return Err(Error::invalid(format!(
                "standard mark bit {bit} of {}: bits are 0 to {MAX_BIT}",
                self.conversation
            )));
        }
        let c = &self.conversation;
        let mut contact = ContactItem::new(c.kind());
        contact.to_account = c.account_field();
        contact.to_group_id = c.group_field();
        let mut item = MarkItem::new(opt, contact);
        let bits =
            |list: &[u8]| (!list.is_empty()).then(|| list.iter().map(|&b| i64::from(b)).collect());
        item.set_mark = bits(&self.set);
        item.clear_mark = bits(&self.clear);
        item.custom_mark = self.custom.clone();
        Ok(item)
    }
}

impl Client {
    /// Applies `changes` to `from`'s conversation marks (`mark_contact`): one result per change,
    /// in order.
    ///
    /// Checked before sending: 1 to 100 changes, each changing something, bits 0 to 63.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] naming the change and the rule; as
    /// [`call`](im_client::Client::call).
    pub async fn mark_contact(
        &self,
        from: &UserId,
        changes: &[MarkChange],
    ) -> Result<Vec<ResultItem>, Error> {
        let items = changes
            .iter()
            .map(MarkChange::item)
            .collect::<Result<_, _>>()?;
        let response = self.call(&Request::new(from.clone(), items)).await?;
        Ok(response.result_item.unwrap_or_default())
    }
}
