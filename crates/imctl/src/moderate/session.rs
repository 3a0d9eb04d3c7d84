//! The moderation client every `moderate` command connects with.

use crate::config::{ClientSettings, Connection, connect};
use crate::global::Global;
use crate::term::CliError;

/// The moderation client, over the connection `global` configures.
pub(super) async fn client(
    global: &Global,
) -> Result<(im_moderation::Client, Connection), CliError> {
    let connection = connect(global, ClientSettings::default()).await?;
    let client = im_moderation::Client::from(connection.client.runtime().clone());
    Ok((client, connection))
}
