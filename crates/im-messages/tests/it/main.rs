//! im-messages against a small fake service that stores messages (the emulator's message store
//! is built apart; the end-to-end tests against it come with it).

mod fake;
mod resume;
mod send;
