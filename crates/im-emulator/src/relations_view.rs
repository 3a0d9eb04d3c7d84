//! The relationship graph seen from outside: [`Emulator`]'s inspection and settings of
//! friends, blocklists and follows, and their control endpoint `/_emulator/relations`.

use http::StatusCode;
use serde_json::{Map, Value, json};

use crate::emulator::Emulator;

/// How much the relationship graph holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RelationCounts {
    /// Directed friend entries (a two-way friendship is two).
    pub friend_entries: usize,
    /// Blocklist entries.
    pub blocklist_entries: usize,
    /// Follows (a mutual follow is two).
    pub follows: usize,
    /// Pending friend requests.
    pub pending: usize,
}

/// One account's relationships, by UserID.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct AccountRelations {
    /// Its friend table, in the order added.
    pub friends: Vec<String>,
    /// Its blocklist, in the order blocked.
    pub blocked: Vec<String>,
    /// The users it follows, in the order followed.
    pub following: Vec<String>,
    /// Its followers, in the order they followed.
    pub followers: Vec<String>,
}

impl Emulator {
    /// How much the relationship graph holds.
    pub fn relation_counts(&self) -> RelationCounts {
        let relations = self.shared.relations.read();
        let (friend_entries, blocklist_entries, follows) = relations.counts();
        RelationCounts {
            friend_entries,
            blocklist_entries,
            follows,
            pending: relations.pending_count(),
        }
    }

    /// `user_id`'s friends, blocklist, followings and followers.
    pub fn relations_of(&self, user_id: &str) -> AccountRelations {
        let relations = self.shared.relations.read();
        let Some(owner) = relations.id(user_id).and_then(|id| relations.owner(id)) else {
            return AccountRelations::default();
        };
        let names = |ids: &mut dyn Iterator<Item = u32>| -> Vec<String> {
            ids.map(|id| relations.name(id).to_owned()).collect()
        };
        AccountRelations {
            friends: names(&mut owner.friends.iter().map(|f| f.to)),
            blocked: names(&mut owner.blocked.iter().map(|b| b.0)),
            following: names(&mut owner.following.iter().map(|f| f.0)),
            followers: names(&mut owner.followers.iter().map(|f| f.0)),
        }
    }

    /// Switches following on or off for the app (on by default; off, every follow API
    /// answers 30005).
    pub fn set_follow_enabled(&self, enabled: bool) {
        self.shared.relations.write().follow_enabled = enabled;
    }

    /// The console's "keep friends when blocking" switch (off by default: blocking ends a
    /// friendship both ways).
    pub fn set_keep_friends_on_block(&self, keep: bool) {
        self.shared.relations.write().keep_friends_on_block = keep;
    }

    /// Empties the relationship graph (the settings stay).
    pub(crate) fn reset_relations(&self) {
        let mut relations = self.shared.relations.write();
        let (follow, keep) = (relations.follow_enabled, relations.keep_friends_on_block);
        *relations = crate::relations::Relations::default();
        relations.follow_enabled = follow;
        relations.keep_friends_on_block = keep;
    }
}

type Reply = Result<Value, (StatusCode, String)>;

/// `GET /_emulator/relations`: the counts and settings; `?user=ID`: that account's relations.
pub(crate) fn get(emulator: &Emulator, user: Option<&str>) -> Reply {
    if let Some(user) = user {
        let r = emulator.relations_of(user);
        return Ok(json!({
            "user": user,
            "friends": r.friends,
            "blocked": r.blocked,
            "following": r.following,
            "followers": r.followers,
        }));
    }
    let counts = emulator.relation_counts();
    let relations = emulator.shared.relations.read();
    Ok(json!({
        "friend_entries": counts.friend_entries,
        "blocklist_entries": counts.blocklist_entries,
        "follows": counts.follows,
        "pending": counts.pending,
        "follow_enabled": relations.follow_enabled,
        "keep_friends_on_block": relations.keep_friends_on_block,
    }))
}

/// `POST /_emulator/relations`: `{"follow_enabled": bool, "keep_friends_on_block": bool}`,
/// either or both.
pub(crate) fn set(emulator: &Emulator, body: Map<String, Value>) -> Reply {
    for (key, value) in &body {
        let Some(on) = value.as_bool() else {
            let message = format!("{key} must be true or false, not {value}");
            return Err((StatusCode::BAD_REQUEST, message));
        };
        match key.as_str() {
            "follow_enabled" => emulator.set_follow_enabled(on),
            "keep_friends_on_block" => emulator.set_keep_friends_on_block(on),
            other => {
                let message = format!(
                    "unknown setting {other:?}: follow_enabled and keep_friends_on_block are known"
                );
                return Err((StatusCode::BAD_REQUEST, message));
            }
        }
    }
    get(emulator, None)
}
