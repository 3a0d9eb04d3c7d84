//! Integration tests: the built `imctl` binary against emulators on 127.0.0.1.
//!
//! Every run goes through `support::run`, which asserts that no Rust panic text reaches the
//! user.

mod accounts;
mod api;
mod callbacks;
mod checkpoint;
mod contacts;
mod emulator_mode;
mod exit_codes;
mod group_msgs;
mod groups;
mod help;
mod hostile;
mod input;
mod json;
mod memory;
mod messages;
mod messages_resume;
mod moderate;
mod nothing_lost;
mod operations;
mod profile;
mod push;
mod quotas;
mod readme;
#[path = "../../../im-client/tests/it/redis_server.rs"]
mod redis_server;
mod relations;
mod search;
mod serve;
mod shared_rate;
mod streams;
mod support;
mod sync;
mod usersig;
