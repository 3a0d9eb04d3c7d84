//! The typed operations, one module per API; what they share is `conversation.rs`'s.

mod create_contact_group;
mod del_contact_group;
mod delete;
mod get_contact_group;
mod get_list;
mod mark_contact;
mod search_contact_group;
mod top;
mod update_contact_group;

pub use get_list::ALL_FLAGS;
pub use mark_contact::MarkChange;
