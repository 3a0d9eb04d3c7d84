//! im-callback from the outside: the service's answers, and hostile input.

mod answers;
mod fixtures;
mod props;
mod router;
mod service;
