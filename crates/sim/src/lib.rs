//! Monte Carlo STV elections: how many seats does a slate win, and which regional orders win
//! most?
//!
//! A [`Scenario`] describes an election as an organiser sees it before the ballot: seats and
//! counting rule, regions with their electorate and turnout, factions with their candidates,
//! shares, published orders and voting habits — every uncertain number with its uncertainty.
//! [`simulate`] draws thousands of electorates from it, counts each with the real counting
//! engine (`slatewise-stv`, fixed-point, no transcript), under several [`Strategy`]s for the
//! target slate on the *same* draws, and returns a [`Report`]: seat distributions, P(slate >=
//! target), expected seats, each candidate's chance of election and of being its slate's first
//! casualty, votes lost, paired differences between strategies with confidence intervals, and
//! optionally a sensitivity sweep. Reports render as text, JSON, CSV and a self-contained HTML
//! page with SVG charts.
//!
//! # What it is for, and what it is not for
//!
//! It is for comparing ways of ranking a slate under uncertainty: `uniform` (one order),
//! `published`, `rotation` (a naive Latin square), `balanced` (the advisor's Williams design
//! from `slatewise-slate`) and `optimised` (a search that never does worse than `balanced` on
//! the reported draws). It is not a forecast: the numbers are only as good as the scenario's
//! estimates, and the built-in `gv6-2020` scenario says which of its numbers are estimates.
//! It reads no files and writes nothing: the CLI and the web page do that.
//!
//! # Reproducibility
//!
//! Run `i` has its own ChaCha8 generator seeded from `(seed, i)`; every draw uses exactly
//! rounded arithmetic or the pure-Rust `libm` (see [`sampling`](crate#reproducibility)), and
//! tallies are integers. The same seed therefore gives byte-identical JSON serially, in
//! parallel (feature `parallel`, rayon) and on wasm32. [`simulate_json`] is the entry point
//! the web page uses; `tests/golden/` pins its output for a fixed seed.
//!
//! # Speed
//!
//! Voters are never drawn one by one: each election is a few thousand weighted ballot types
//! whose counts come from binomial and multinomial draws ([`ballots`]). An election of the
//! built-in scenario (about 130,000 voters, 28 candidates, 9 seats) takes about a millisecond
//! to draw and count (`cargo bench --bench simulate`).
//!
//! # Example
//!
//! ```
//! use slatewise_sim::{simulate, Scenario, SimulationOptions, Strategy};
//!
//! let scenario = Scenario::builtin_gv6_2020();
//! let options = SimulationOptions {
//!     runs: 20,
//!     seed: 7,
//!     strategies: vec![Strategy::Uniform, Strategy::Published],
//!     ..SimulationOptions::default()
//! };
//! let report = simulate(&scenario, &options, &|_done, _total| {})?;
//! assert_eq!(report.strategies.len(), 2);
//! assert!(report.to_text().contains("Paired differences"));
//! # Ok::<(), slatewise_sim::SimError>(())
//! ```

#![warn(missing_docs)]

pub mod ballots;
pub mod builtin;
pub mod error;
pub mod montecarlo;
mod report;
pub mod results;
pub(crate) mod sampling;
pub mod scenario;
pub mod strategy;
pub mod sweep;

pub use ballots::{BallotType, Overrides};
pub use error::{ScenarioError, SimError};
pub use montecarlo::{Progress, SimulationOptions, simulate};
pub use results::{CandidateResult, Comparison, Report, StrategyResult};
pub use scenario::{Faction, Region, Scenario, Uncertain};
pub use strategy::Strategy;
pub use strategy::optimised::SearchOptions;
pub use sweep::{SweepParameter, SweepSpec};

/// Options of [`simulate_json`], as JSON: every field optional.
///
/// `{"runs": 200, "seed": 1, "strategies": ["uniform", "balanced"], "rule": "scottish",
/// "sweep": "adherence=0.5:0.9:0.1", "format": "json"}` — `format` is `json` (default),
/// `text`, `csv` or `html`.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonOptions {
    runs: Option<u64>,
    seed: Option<u64>,
    #[serde(default)]
    strategies: Vec<String>,
    rule: Option<String>,
    sweep: Option<String>,
    format: Option<String>,
    search_draws: Option<u64>,
    search_budget: Option<usize>,
}

/// A simulation asked for in JSON: the options and the output format (`json`, `text`, `csv`
/// or `html`; not checked here).
#[derive(Debug)]
pub struct JsonRequest {
    /// The simulation options.
    pub options: SimulationOptions,
    /// The requested output format.
    pub format: String,
}

/// Parse the options of [`simulate_json`] (blank means all defaults). Errors are one line.
///
/// ```
/// let request = slatewise_sim::parse_options_json(r#"{"runs": 7, "strategies": ["balanced"]}"#)?;
/// assert_eq!((request.options.runs, request.format.as_str()), (7, "json"));
/// # Ok::<(), String>(())
/// ```
pub fn parse_options_json(options_json: &str) -> Result<JsonRequest, String> {
    let raw: JsonOptions = if options_json.trim().is_empty() {
        JsonOptions::default()
    } else {
        serde_json::from_str(options_json).map_err(|e| format!("options: {e}"))?
    };
    let defaults = SimulationOptions::default();
    let mut strategies = Vec::new();
    for s in &raw.strategies {
        let st: Strategy = s.parse()?;
        if !strategies.contains(&st) {
            strategies.push(st);
        }
    }
    let options = SimulationOptions {
        runs: raw.runs.unwrap_or(defaults.runs),
        seed: raw.seed.unwrap_or(defaults.seed),
        strategies,
        rule: raw.rule.as_deref().map(str::parse).transpose()?,
        sweep: raw.sweep.as_deref().map(str::parse).transpose()?,
        search: SearchOptions {
            draws: raw.search_draws.unwrap_or(defaults.search.draws),
            budget: raw.search_budget.unwrap_or(defaults.search.budget),
        },
        overrides: Overrides::default(),
    };
    Ok(JsonRequest {
        options,
        format: raw.format.unwrap_or_else(|| "json".to_string()),
    })
}

/// The scenario a JSON text means: a JSON string names a built-in scenario (`"gv6-2020"`),
/// anything else is a scenario document. Errors are one line.
pub fn scenario_from_json_or_name(scenario_json: &str) -> Result<Scenario, String> {
    match serde_json::from_str::<String>(scenario_json) {
        Ok(name) => Scenario::builtin(&name).ok_or_else(|| {
            format!(
                "unknown built-in scenario {name:?}; expected one of {}",
                builtin::BUILTIN_NAMES.join(", ")
            )
        }),
        Err(_) => Scenario::from_json(scenario_json).map_err(|e| e.to_string()),
    }
}

/// Simulate from JSON to a rendered report: the pure function the wasm build exposes.
///
/// `scenario_json` is a scenario document, or a JSON string naming a built-in scenario
/// (`"gv6-2020"`); `options_json` is described at [`JsonOptions`](crate#reproducibility) —
/// `{"runs", "seed", "strategies", "rule", "sweep", "format", "search_draws",
/// "search_budget"}`, all optional. Errors are one-line messages.
///
/// ```
/// let out = slatewise_sim::simulate_json("\"gv6-2020\"", r#"{"runs": 5, "strategies": ["uniform"]}"#)?;
/// assert!(out.starts_with("{\n  \"runs\": 5,"));
/// # Ok::<(), String>(())
/// ```
pub fn simulate_json(scenario_json: &str, options_json: &str) -> Result<String, String> {
    let scenario = scenario_from_json_or_name(scenario_json)?;
    let JsonRequest { options, format } = parse_options_json(options_json)?;
    let report = simulate(&scenario, &options, &|_, _| {}).map_err(|e| e.to_string())?;
    match format.as_str() {
        "json" => Ok(report.to_json()),
        "text" => Ok(report.to_text()),
        "csv" => Ok(report.to_csv()),
        "html" => Ok(report.to_html()),
        other => Err(format!(
            "unknown format {other:?}; expected json, text, csv or html"
        )),
    }
}
