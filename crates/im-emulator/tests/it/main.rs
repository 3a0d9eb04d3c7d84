//! Black-box tests of the emulator over HTTP on 127.0.0.1 (and its in-process transport).

mod apis;
mod auth;
mod callbacks;
mod callbacks_groups;
mod callbacks_live;
mod client_reads;
mod clients;
mod connections;
mod contacts;
mod control;
mod doc_pages;
mod faults;
mod group_attrs;
mod group_msgs;
mod groups;
mod in_process;
mod limits;
mod live_groups;
mod messages;
mod moderation;
mod operations;
mod profiles;
mod push;
mod relations;
mod topics;
mod util;
