//! `slatewise lookup` (not yet implemented).

use crate::error::CliError;

/// Arguments of `slatewise lookup`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Run `slatewise lookup`.
pub fn run(_args: Args) -> Result<(), CliError> {
    Err(CliError::msg("'lookup' is not implemented yet"))
}
