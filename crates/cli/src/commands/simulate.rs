//! `slatewise simulate`: Monte Carlo elections from a scenario, comparing slate strategies.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Duration;

use clap::ValueEnum;
use slatewise_sim::{Scenario, SimulationOptions, Strategy, SweepSpec, simulate};
use slatewise_stv::Method;

use crate::error::CliError;
use crate::output;

/// The default number of simulated elections: a few seconds for the built-in scenario.
pub const DEFAULT_RUNS: u64 = 1000;

/// How to print the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// A readable summary.
    Text,
    /// One JSON object.
    Json,
    /// One number per row.
    Csv,
    /// A self-contained HTML page with SVG charts.
    Html,
}

/// Arguments of `slatewise simulate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A built-in scenario (gv6-2020) or a scenario JSON file.
    #[arg(long, default_value = "gv6-2020")]
    pub scenario: String,
    /// Simulated elections per strategy.
    #[arg(long, default_value_t = DEFAULT_RUNS)]
    pub runs: u64,
    /// Seed: the same seed gives the same numbers.
    #[arg(long, default_value_t = 2020)]
    pub seed: u64,
    /// Strategies to compare, comma-separated: uniform, published, rotation, balanced,
    /// optimised (default: all the scenario allows).
    #[arg(long, value_name = "A,B,...", value_parser = parse_strategies)]
    pub strategy: Option<StrategyList>,
    /// Sweep a parameter: adherence, share or turnout_spread, e.g. adherence=0.5:0.9:0.1.
    #[arg(long, value_name = "PARAM=FROM:TO:STEP", value_parser = parse_sweep)]
    pub sweep: Option<SweepSpec>,
    /// Count with this rule instead of the scenario's (scottish, wigm, meek, warren, ers97, nec).
    #[arg(long, value_parser = parse_method)]
    pub rule: Option<Method>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
    /// Write the report to this file (atomically) instead of standard output.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Do not show a progress bar.
    #[arg(long)]
    pub quiet: bool,
}

/// A comma-separated list of strategies (one clap value).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StrategyList(pub Vec<Strategy>);

fn parse_strategies(s: &str) -> Result<StrategyList, String> {
    Strategy::parse_list(s).map(StrategyList)
}
fn parse_sweep(s: &str) -> Result<SweepSpec, String> {
    s.parse()
}
fn parse_method(s: &str) -> Result<Method, String> {
    s.parse()
}

fn load_scenario(arg: &str) -> Result<Scenario, CliError> {
    if let Some(s) = Scenario::builtin(arg) {
        return Ok(s);
    }
    let text = std::fs::read_to_string(arg).map_err(|source| CliError::Io {
        path: arg.to_string(),
        source,
    })?;
    Scenario::from_json(&text).map_err(|e| CliError::msg(format!("{arg}: {e}")))
}

/// Run `slatewise simulate`.
pub fn run(args: Args) -> Result<(), CliError> {
    let scenario = load_scenario(&args.scenario)?;
    let options = SimulationOptions {
        runs: args.runs,
        seed: args.seed,
        strategies: args.strategy.clone().map(|l| l.0).unwrap_or_default(),
        rule: args.rule,
        sweep: args.sweep,
        ..SimulationOptions::default()
    };
    let show_bar = !args.quiet && std::io::stderr().is_terminal();
    let report = if show_bar {
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} simulating [{bar:40}] {pos}/{len} elections ({eta})",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        bar.enable_steady_tick(Duration::from_millis(200));
        let progress = |done: u64, total: u64| {
            if bar.length() != Some(total) {
                bar.set_length(total);
            }
            bar.set_position(done);
        };
        let report = simulate(&scenario, &options, &progress);
        bar.finish_and_clear();
        report
    } else {
        simulate(&scenario, &options, &|_, _| {})
    }
    .map_err(CliError::msg)?;
    let text = match args.format {
        ReportFormat::Text => report.to_text(),
        ReportFormat::Json => report.to_json(),
        ReportFormat::Csv => report.to_csv(),
        ReportFormat::Html => report.to_html(),
    };
    output::emit(args.out.as_deref(), &text)
}
