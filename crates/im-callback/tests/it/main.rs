//! im-callback from the outside: the service's answers, and hostile input.

mod fixtures;
mod props;
mod router;
mod service;
