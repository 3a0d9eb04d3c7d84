//! `imctl mute ...` (an account's global mute) and `imctl app ...` (the app's operations data
//! and message history files): one call each through im-operations' client.

mod app;
mod args;
mod mute;
mod shared;

pub(crate) use app::run as app;
pub(crate) use args::{AppCommand, MuteCommand};
pub(crate) use mute::run as mute;
