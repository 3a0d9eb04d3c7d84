//! What a job's items are made of (a leaf): the [`InputItem`] trait, and the accounts' own.

use im_accounts::bulk::BulkItem;

use super::parsed::Record;

/// What a job's items are made from: a line's record, a line that cannot be used.
pub(crate) trait InputItem: Send + 'static {
    /// The item of a record read from a line.
    fn record(record: Record) -> Self;

    /// An input that cannot be used: reported under `label`, failed with `reason`.
    fn rejected(label: String, reason: String) -> Self;

    /// The item with `fields` set over its own profile (`profile set`'s flags); as it is by
    /// default.
    fn overlay(self, fields: &im_proto::Profile) -> Self
    where
        Self: Sized,
    {
        let _ = fields;
        self
    }
}

/// The accounts of the account commands.
impl InputItem for BulkItem {
    fn record(record: Record) -> Self {
        match record.profile {
            Some(profile) => BulkItem::with_profile(record.user_id, *profile),
            None => BulkItem::profile(record.user_id, record.nick, record.face_url),
        }
    }

    fn rejected(label: String, reason: String) -> Self {
        BulkItem::rejected(label, reason)
    }

    fn overlay(self, fields: &im_proto::Profile) -> Self {
        let (user_id, mut profile) = match self.into_account() {
            Ok(account) => account,
            Err(other) => return other,
        };
        for field in fields.to_items() {
            profile.set(&field.tag, field.value);
        }
        BulkItem::with_profile(user_id, profile)
    }
}
