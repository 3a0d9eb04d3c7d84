//! What the `mute` and `app` commands share: the operations client and printing.

use crate::config::{ClientSettings, Connection, connect};
use crate::global::Global;
use crate::term::{CliError, EXIT_OK, write_stdout};

/// The operations client of the global options.
pub(crate) async fn client(
    global: &Global,
) -> Result<(im_operations::Client, Connection), CliError> {
    let connection = connect(global, ClientSettings::default()).await?;
    let client = im_operations::Client::from(connection.client.runtime().clone());
    Ok((client, connection))
}

/// Prints `text`, exit 0 (or the code of a closed stdout).
pub(crate) fn print_ok(text: &str) -> u8 {
    write_stdout(text).map_or_else(|stop| stop.exit_code(EXIT_OK), |()| EXIT_OK)
}
