//! Black-box tests of the emulator over HTTP on 127.0.0.1 (and its in-process transport).

mod apis;
mod auth;
mod callbacks;
mod clients;
mod connections;
mod control;
mod doc_pages;
mod faults;
mod group_attrs;
mod groups;
mod in_process;
mod limits;
mod live_groups;
mod messages;
mod moderation;
mod profiles;
mod relations;
mod topics;
mod util;
