//! Keeping the service's accounts equal to a desired state: what to do with each account
//! ([`plan`], pure) and the reads that find out ([`Client::plan_sync`]: the existence check,
//! then the profile read of the imported accounts for the fields the desired state sets).
//!
//! Only the fields the desired state gives are compared and written: a field it leaves out is
//! left as it is in the service (sync never clears a field).

use std::collections::BTreeSet;

use im_client::{Error, Failure};
use im_proto::{AccountStatus, Profile, ProfileTag, UserId};

use crate::{Client, ItemOutcome};

/// What a sync does to one account.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum SyncAction {
    /// Not imported yet: import it, with its fields.
    Create,
    /// Imported, and some desired field differs.
    Update,
    /// Imported, every desired field as desired.
    Unchanged,
    /// In the previous state but not the desired one.
    Delete,
}

impl SyncAction {
    /// `create`, `update`, `unchanged`, `delete`.
    pub fn as_str(self) -> &'static str {
        match self {
            SyncAction::Create => "create",
            SyncAction::Update => "update",
            SyncAction::Unchanged => "unchanged",
            SyncAction::Delete => "delete",
        }
    }
}

/// One account's plan: the action and the fields to write.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Planned {
    /// What to do.
    pub action: SyncAction,
    /// The fields to write: every desired field for a create, the differing ones for an
    /// update, none otherwise.
    pub changes: Profile,
}

impl Planned {
    /// Whether the writes fit an import alone (the batch import with `AccountList`, which
    /// sets `Nick` and `FaceUrl`, of new and existing accounts alike).
    pub fn import_only(&self) -> bool {
        import_only(&self.changes)
    }
}

/// Whether writing `changes` fits an import alone: no field but `Nick` and `FaceUrl`
/// (`Tag_Profile_IM_Image`).
pub fn import_only(changes: &Profile) -> bool {
    changes
        .to_items()
        .iter()
        .all(|item| matches!(item.tag, ProfileTag::Nick | ProfileTag::Image))
}

/// The plan for one account wanted with `desired`, given its `current` fields (`None`: not
/// imported). Desired fields are compared with the current ones one by one; an empty desired
/// string equals an unset field (the service does not keep empty strings apart).
pub fn plan(desired: &Profile, current: Option<&Profile>) -> Planned {
    let Some(current) = current else {
        return Planned {
            action: SyncAction::Create,
            changes: desired.clone(),
        };
    };
    let mut changes = Profile::new();
    for item in desired.to_items() {
        let now = current.get(&item.tag);
        let same = match (&now, &item.value) {
            (Some(now), wanted) => now == wanted,
            (None, im_proto::ProfileValue::Str(s)) => s.is_empty(),
            (None, _) => false,
        };
        if !same {
            changes.set(&item.tag, item.value);
        }
    }
    let action = if changes.is_empty() {
        SyncAction::Unchanged
    } else {
        SyncAction::Update
    };
    Planned { action, changes }
}

/// The tags a chunk's desired profiles set, to read back.
fn tags_of<'a>(desired: impl Iterator<Item = &'a Profile>) -> Vec<ProfileTag> {
    let mut seen = BTreeSet::new();
    let mut tags = Vec::new();
    for profile in desired {
        for item in profile.to_items() {
            if seen.insert(item.tag.clone()) {
                tags.push(item.tag);
            }
        }
    }
    tags
}

impl Client {
    /// Plans up to 100 accounts: [`Client::account_check`] for all of them, then
    /// [`Client::portrait_get`] of the imported ones for the tags their desired profiles set
    /// (none: no read), then [`plan`].
    /// One outcome per account, in order; an account whose check or read failed carries the
    /// failure.
    ///
    /// # Errors
    ///
    /// A call that failed as a whole (validation, transport, a refused envelope).
    pub async fn plan_sync(
        &self,
        desired: &[(UserId, Profile)],
    ) -> Result<Vec<ItemOutcome<Planned>>, Error> {
        let ids: Vec<UserId> = desired.iter().map(|(id, _)| id.clone()).collect();
        let checked = self.account_check(&ids).await?;
        let imported: Vec<usize> = checked
            .iter()
            .enumerate()
            .filter(|(_, c)| matches!(c.result, Ok(AccountStatus::Imported)))
            .map(|(i, _)| i)
            .collect();
        let tags = tags_of(imported.iter().map(|&i| &desired[i].1));
        let mut current: Vec<Option<Result<Profile, Failure>>> = vec![None; desired.len()];
        if !imported.is_empty() && !tags.is_empty() {
            let read_ids: Vec<UserId> = imported.iter().map(|&i| ids[i].clone()).collect();
            let read = self.portrait_get(&read_ids, &tags).await?;
            for (&i, outcome) in imported.iter().zip(read) {
                current[i] = Some(outcome.result);
            }
        }
        let outcomes = checked.into_iter().zip(desired).zip(current);
        Ok(outcomes
            .map(|((check, (_, wanted)), read)| {
                let result = match (check.result, read) {
                    (Err(failure), _) | (Ok(_), Some(Err(failure))) => Err(failure),
                    (Ok(AccountStatus::Imported), Some(Ok(now))) => Ok(plan(wanted, Some(&now))),
                    (Ok(AccountStatus::Imported), None) => Ok(plan(wanted, Some(&Profile::new()))),
                    (Ok(_), _) => Ok(plan(wanted, None)),
                };
                ItemOutcome {
                    user_id: check.user_id,
                    result,
                }
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use im_proto::{Gender, ProfileValue};

    fn profile(nick: Option<&str>, gender: Option<Gender>) -> Profile {
        let mut p = Profile::new();
        p.nick = nick.map(str::to_owned);
        p.gender = gender;
        p
    }

    #[test]
    fn actions_by_what_differs() {
        let wanted = profile(Some("Ann"), Some(Gender::Female));
        let create = plan(&wanted, None);
        assert_eq!(create.action, SyncAction::Create);
        assert_eq!(create.changes, wanted);
        assert!(!create.import_only());

        let same = plan(&wanted, Some(&wanted));
        assert_eq!(same.action, SyncAction::Unchanged);
        assert!(same.changes.is_empty());

        let renamed = plan(&wanted, Some(&profile(Some("Anne"), Some(Gender::Female))));
        assert_eq!(renamed.action, SyncAction::Update);
        assert_eq!(renamed.changes, profile(Some("Ann"), None));
        assert!(renamed.import_only());

        let regendered = plan(&wanted, Some(&profile(Some("Ann"), Some(Gender::Male))));
        assert_eq!(regendered.changes, profile(None, Some(Gender::Female)));
        assert!(!regendered.import_only());
    }

    #[test]
    fn fields_left_out_are_not_compared_and_empty_equals_unset() {
        let only_nick = profile(Some("Bo"), None);
        let current = profile(Some("Bo"), Some(Gender::Male));
        assert_eq!(
            plan(&only_nick, Some(&current)).action,
            SyncAction::Unchanged
        );
        assert_eq!(
            plan(&profile(Some(""), None), Some(&Profile::new())).action,
            SyncAction::Unchanged
        );
        let mut custom = Profile::new();
        custom
            .other
            .insert("Tag_Profile_Custom_Team".into(), ProfileValue::Int(3));
        let planned = plan(&custom, Some(&Profile::new()));
        assert_eq!(planned.action, SyncAction::Update);
        assert_eq!(planned.changes, custom);
        assert_eq!(plan(&custom, Some(&custom)).action, SyncAction::Unchanged);
    }

    #[test]
    fn plain_accounts_are_created_or_unchanged() {
        assert_eq!(plan(&Profile::new(), None).action, SyncAction::Create);
        assert!(plan(&Profile::new(), None).import_only());
        assert_eq!(
            plan(&Profile::new(), Some(&Profile::new())).action,
            SyncAction::Unchanged
        );
    }
}
