//! im-messages against a small fake service that stores messages and lets a test lose or delay
//! any answer (`fake`), and end to end against the emulator's message store (`emulator`).

mod emulator;
mod fake;
mod group_ext;
mod resume;
mod send;
