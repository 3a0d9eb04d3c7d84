//! Integration tests for im-sig: the usersig.md test vectors, compatibility with every
//! official library's output form, hostile input, and properties.

mod compat;
mod errors;
mod props;
mod support;
mod vectors;
