//! `slatewise analyse` (not yet implemented).

use crate::error::CliError;

/// Arguments of `slatewise analyse`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Run `slatewise analyse`.
pub fn run(_args: Args) -> Result<(), CliError> {
    Err(CliError::msg("'analyse' is not implemented yet"))
}
