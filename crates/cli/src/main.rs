//! The `slatewise` command-line tool.
//!
//! Every subcommand lives in its own module under `commands/`, with a clap `Args` struct and a
//! `run` function returning `Result<(), CliError>`. Errors are printed as one line on stderr
//! (`slatewise: <message>`) and the process exits with status 1 (status 2 for usage errors,
//! which clap reports itself).

mod allocator;
mod commands;
mod error;
mod output;

use clap::{Parser, Subcommand};

use crate::error::CliError;

/// Rank a slate of candidates in an STV election: count, look up, analyse, design, simulate.
#[derive(Debug, Parser)]
#[command(name = "slatewise", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Count an election file (BLT, CSV or JSON) under an STV rule and print the transcript.
    Count(commands::count::Args),
    /// Print the slate order recommended for a region.
    Lookup(commands::lookup::Args),
    /// Analyse a set of published orders: position weights, Latin-square balance.
    Analyse(commands::analyse::Args),
    /// Design balanced regional orders from supporter estimates.
    Advise(commands::advise::Args),
    /// Simulate elections from a scenario and compare slate strategies.
    Simulate(commands::simulate::Args),
}

fn run(cli: Cli) -> Result<(), CliError> {
    match cli.command {
        Command::Count(args) => commands::count::run(args),
        Command::Lookup(args) => commands::lookup::run(args),
        Command::Analyse(args) => commands::analyse::run(args),
        Command::Advise(args) => commands::advise::run(args),
        Command::Simulate(args) => commands::simulate::run(args),
    }
}

fn main() {
    allocator::tune();
    let cli = Cli::parse();
    if let Err(err) = run(cli) {
        eprintln!("slatewise: {err}");
        std::process::exit(1);
    }
}
