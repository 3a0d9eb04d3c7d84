//! im-accounts against im-emulator over real HTTP on 127.0.0.1, and through the in-process
//! transport.

mod bulk;
mod hostile;
mod ops;
mod request_shape;
mod retry;
mod secrets;
mod support;
