//! A group member: a compact record, its rare fields behind a pointer.

use im_proto::group_types::{MemberRole, MsgFlag};

use super::ids::{Id, clamp_time};

/// A member of a group (32 bytes with its pointer).
#[derive(Clone, Debug)]
pub(crate) struct Member {
    pub(crate) account: Id,
    /// Joined at, Unix seconds.
    pub(crate) join_time: u32,
    /// Muted until, Unix seconds (0: not muted; `u32::MAX`: for ever).
    pub(crate) mute_until: u32,
    /// The `MsgSeq` up to which the member has read.
    pub(crate) read_seq: u32,
    /// [`role_code`] of its role.
    pub(crate) role: u8,
    /// The index of its `MsgFlag` in [`FLAGS`].
    pub(crate) msg_flag: u8,
    /// The name card and custom fields, absent while both are empty.
    pub(crate) extra: Option<Box<MemberExtra>>,
}

/// A member's rarer fields.
#[derive(Clone, Debug, Default)]
pub(crate) struct MemberExtra {
    pub(crate) name_card: Box<str>,
    /// Custom member fields, in the order first set.
    pub(crate) custom: Vec<(Box<str>, Box<str>)>,
    /// When the member last sent a message, Unix seconds.
    pub(crate) last_send: u32,
}

/// The `MsgFlag`s a member may have, by index.
const FLAGS: [MsgFlag; 4] = [
    MsgFlag::AcceptAndNotify,
    MsgFlag::AcceptNotNotify,
    MsgFlag::Discard,
    MsgFlag::AcceptNotNotifyExceptAt,
];

/// The code a member record keeps for `role` (an unknown role is a member).
pub(crate) fn role_code(role: &MemberRole) -> u8 {
    match role {
        MemberRole::Owner => 2,
        MemberRole::Admin => 1,
        _ => 0,
    }
}

/// The role of a record's code.
pub(crate) fn role_of(code: u8) -> MemberRole {
    match code {
        2 => MemberRole::Owner,
        1 => MemberRole::Admin,
        _ => MemberRole::Member,
    }
}

impl Member {
    /// A member with role `role`, joined at `join_time`, every other field at its default.
    pub(crate) fn new(account: Id, role: MemberRole, join_time: u64) -> Self {
        Member {
            account,
            join_time: clamp_time(join_time),
            mute_until: 0,
            read_seq: 0,
            role: role_code(&role),
            msg_flag: 0,
            extra: None,
        }
    }

    /// The member's role.
    pub(crate) fn role(&self) -> MemberRole {
        role_of(self.role)
    }

    /// The member's `MsgFlag`.
    pub(crate) fn msg_flag(&self) -> MsgFlag {
        FLAGS[usize::from(self.msg_flag).min(FLAGS.len() - 1)].clone()
    }

    /// Sets the `MsgFlag` (an unknown one is kept as the default).
    pub(crate) fn set_msg_flag(&mut self, flag: &MsgFlag) {
        let at = FLAGS.iter().position(|f| f == flag).unwrap_or(0);
        self.msg_flag = u8::try_from(at).unwrap_or(0);
    }

    /// The name card, "" without one.
    pub(crate) fn name_card(&self) -> &str {
        self.extra.as_ref().map_or("", |e| &e.name_card)
    }

    /// The custom member fields.
    pub(crate) fn custom(&self) -> &[(Box<str>, Box<str>)] {
        self.extra.as_ref().map_or(&[], |e| &e.custom)
    }

    /// The rarer fields, created on first write.
    pub(crate) fn extra_mut(&mut self) -> &mut MemberExtra {
        self.extra.get_or_insert_with(Box::default)
    }

    /// Whether the member is muted at `now`.
    pub(crate) fn is_muted_at(&self, now: u64) -> bool {
        u64::from(self.mute_until) > now
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_and_flags_round_trip_through_their_codes() {
        for role in [MemberRole::Owner, MemberRole::Admin, MemberRole::Member] {
            assert_eq!(role_of(role_code(&role)), role);
        }
        let mut member = Member::new(1, MemberRole::Admin, 5);
        for flag in FLAGS {
            member.set_msg_flag(&flag);
            assert_eq!(member.msg_flag(), flag);
        }
        assert_eq!(member.role(), MemberRole::Admin);
        assert!(!member.is_muted_at(0));
        member.mute_until = 10;
        assert!(member.is_muted_at(9) && !member.is_muted_at(10));
        assert!(std::mem::size_of::<Member>() <= 32);
    }
}
