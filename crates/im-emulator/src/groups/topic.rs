//! A community's topics (a community created with `SupportTopic` 1): each topic's profile and
//! the counter its generated IDs come from.

use im_proto::group_types::TOPIC_ID_INFIX;

use super::history::HistoryMut;
use super::message::GroupMessage;

/// A topic of a community.
#[derive(Debug)]
pub(crate) struct Topic {
    /// The full topic ID: the community's `GroupId`, `@TOPIC#_` and its own part.
    pub(crate) id: Box<str>,
    pub(crate) name: Box<str>,
    pub(crate) introduction: Box<str>,
    pub(crate) notification: Box<str>,
    pub(crate) face_url: Box<str>,
    pub(crate) custom_string: Box<str>,
    /// Unix seconds.
    pub(crate) create_time: u32,
    /// `MuteAllMember` `On`: only admins, the owner and the app admin speak.
    pub(crate) mute_all: bool,
    /// The topic's own history, in `MsgSeq` order (from 1, apart from the community's).
    pub(crate) messages: Vec<GroupMessage>,
    /// The last `MsgSeq` the topic gave.
    pub(crate) last_seq: u32,
}

impl Topic {
    /// A topic named `name`, created at `create_time`, with an empty profile.
    pub(crate) fn new(id: &str, name: &str, create_time: u32) -> Self {
        Topic {
            id: id.into(),
            name: name.into(),
            introduction: "".into(),
            notification: "".into(),
            face_url: "".into(),
            custom_string: "".into(),
            create_time,
            mute_all: false,
            messages: Vec::new(),
            last_seq: 0,
        }
    }

    /// The topic's history, to change.
    pub(crate) fn history_mut(&mut self) -> HistoryMut<'_> {
        HistoryMut {
            messages: &mut self.messages,
            last_seq: &mut self.last_seq,
        }
    }
}

/// The topics of one community, in creation order.
#[derive(Debug, Default)]
pub(crate) struct Topics {
    pub(crate) list: Vec<Topic>,
    /// How many IDs were generated (the next generated ID's seed).
    generated: u64,
}

impl Topics {
    /// The topic `id`.
    pub(crate) fn get(&self, id: &str) -> Option<&Topic> {
        self.list.iter().find(|t| &*t.id == id)
    }

    /// The topic `id`, to change.
    pub(crate) fn get_mut(&mut self, id: &str) -> Option<&mut Topic> {
        self.list.iter_mut().find(|t| &*t.id == id)
    }

    /// Removes the topic `id`; whether it was there.
    pub(crate) fn remove(&mut self, id: &str) -> bool {
        let before = self.list.len();
        self.list.retain(|t| &*t.id != id);
        self.list.len() != before
    }

    /// A new topic ID of the community `group_id` in the service's form
    /// (`<GroupId>@TOPIC#_@TOPIC#c` and 9 letters or digits), unused by its topics.
    pub(crate) fn generate_id(&mut self, group_id: &str) -> String {
        loop {
            self.generated += 1;
            let mut n = self.generated.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 20;
            let mut tail = String::with_capacity(9);
            for _ in 0..9 {
                let digit = (n % 36) as u8;
                let byte = if digit < 10 {
                    b'0' + digit
                } else {
                    b'A' + digit - 10
                };
                tail.push(char::from(byte));
                n /= 36;
            }
            let id = format!("{group_id}{TOPIC_ID_INFIX}@TOPIC#c{tail}");
            if self.get(&id).is_none() {
                return id;
            }
        }
    }
}
