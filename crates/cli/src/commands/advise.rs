//! `slatewise advise` (not yet implemented).

use crate::error::CliError;

/// Arguments of `slatewise advise`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Run `slatewise advise`.
pub fn run(_args: Args) -> Result<(), CliError> {
    Err(CliError::msg("'advise' is not implemented yet"))
}
