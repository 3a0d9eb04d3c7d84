//! What the push commands share: the client, and `KEY=VALUE` arguments.

use crate::config::{ClientSettings, Connection, connect};
use crate::global::Global;
use crate::term::CliError;

/// The push client of the global settings.
pub(super) async fn client(global: &Global) -> Result<(im_push::Client, Connection), CliError> {
    let connection = connect(global, ClientSettings::default()).await?;
    let client = im_push::Client::from(connection.client.runtime().clone());
    Ok((client, connection))
}

/// `KEY=VALUE` arguments, split at the first `=` (`what` names them in an error).
pub(super) fn pairs(raw: &[String], what: &str) -> Result<Vec<(String, String)>, CliError> {
    raw.iter()
        .map(|pair| match pair.split_once('=') {
            Some((key, value)) => Ok((key.to_owned(), value.to_owned())),
            None => Err(CliError::usage(format!("{what} {pair:?} is not KEY=VALUE"))),
        })
        .collect()
}
