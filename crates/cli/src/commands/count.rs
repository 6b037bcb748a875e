//! `slatewise count` (not yet implemented).

use crate::error::CliError;

/// Arguments of `slatewise count`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Run `slatewise count`.
pub fn run(_args: Args) -> Result<(), CliError> {
    Err(CliError::msg("'count' is not implemented yet"))
}
