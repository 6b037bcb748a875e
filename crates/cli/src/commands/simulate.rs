//! `slatewise simulate` (not yet implemented).

use crate::error::CliError;

/// Arguments of `slatewise simulate`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Run `slatewise simulate`.
pub fn run(_args: Args) -> Result<(), CliError> {
    Err(CliError::msg("'simulate' is not implemented yet"))
}
