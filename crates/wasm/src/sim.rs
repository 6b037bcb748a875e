//! Simulation glue: a scenario and options as JSON in, the report as JSON out, progress by
//! callback.
//!
//! The options and their meaning are exactly those of `slatewise_sim::simulate_json`, parsed
//! by the same `slatewise_sim::parse_options_json`; this module adds a progress callback and
//! renders JSON only (keeping the other renderers out of the module), so the same seed gives
//! byte-identical output (tested against the sim crate's golden file).

use slatewise_sim::{Scenario, Strategy};

/// The most simulated elections one call may ask for (the page offers far fewer).
pub const MAX_RUNS: u64 = 1_000_000;

/// The scenario a string means: blank → the built-in `gv6-2020`; a JSON string → the built-in
/// of that name; otherwise a scenario document.
pub fn scenario(json: Option<&str>) -> Result<Scenario, String> {
    let json = json.map(str::trim).unwrap_or("");
    if json.is_empty() {
        return Ok(Scenario::builtin_gv6_2020());
    }
    slatewise_sim::scenario_from_json_or_name(json)
}

/// The scenario document (for the page to show or edit), as `slatewise simulate` reads it.
pub fn scenario_json(json: Option<&str>) -> Result<String, String> {
    let scenario = scenario(json)?;
    scenario.validate().map_err(|e| e.to_string())?;
    Ok(scenario.to_json())
}

/// The strategies, in report order: `["uniform", "published", ...]`.
pub fn strategies() -> String {
    let names: Vec<&str> = Strategy::ALL.iter().map(|s| s.name()).collect();
    serde_json::to_string(&names).unwrap_or_default()
}

/// Simulate and render the report as JSON; `progress(done, total)` is called as elections are
/// counted.
pub fn simulate(
    scenario_text: Option<&str>,
    options: Option<&str>,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<String, String> {
    let scenario = scenario(scenario_text)?;
    let request = slatewise_sim::parse_options_json(options.unwrap_or(""))?;
    let runs = request.options.runs;
    if runs > MAX_RUNS {
        return Err(format!("at most {MAX_RUNS} runs, not {runs}"));
    }
    // Only JSON: the page draws its own charts, and leaving the text, CSV and HTML renderers
    // out keeps the wasm module small.
    if request.format != "json" {
        return Err(format!(
            "unknown format {:?}; the web build renders json only",
            request.format
        ));
    }
    let options = request.options;
    let report =
        slatewise_sim::simulate(&scenario, &options, progress).map_err(|e| e.to_string())?;
    Ok(report.to_json())
}

#[cfg(test)]
mod tests {
    use super::*;

    const OPTIONS: &str = r#"{"runs": 6, "seed": 3, "strategies": ["uniform", "published"]}"#;

    #[test]
    fn the_same_json_as_the_sim_crate() {
        let ours = simulate(None, Some(OPTIONS), &|_, _| {}).unwrap();
        let theirs = slatewise_sim::simulate_json("\"gv6-2020\"", OPTIONS).unwrap();
        assert_eq!(ours, theirs);
    }

    #[test]
    fn progress_reaches_the_total() {
        let last = std::sync::Mutex::new((0, 0));
        simulate(None, Some(OPTIONS), &|done, total| {
            *last.lock().unwrap() = (done, total);
        })
        .unwrap();
        let (done, total) = *last.lock().unwrap();
        assert!(total >= 6 && done == total, "{done}/{total}");
    }

    #[test]
    fn bad_options_are_errors() {
        for options in [
            "{",
            r#"{"runs": 0}"#,
            r#"{"runs": 2000000}"#,
            r#"{"strategies": ["nope"]}"#,
            r#"{"rule": "nope"}"#,
            r#"{"format": "xml"}"#,
            r#"{"extra": 1}"#,
            r#"{"sweep": "nonsense"}"#,
        ] {
            assert!(
                simulate(None, Some(options), &|_, _| {}).is_err(),
                "{options}"
            );
        }
        assert!(simulate(Some("\"nope\""), None, &|_, _| {}).is_err());
        assert!(simulate(Some("{}"), None, &|_, _| {}).is_err());
    }

    #[test]
    fn the_builtin_scenario_round_trips() {
        let json = scenario_json(None).unwrap();
        assert!(scenario(Some(&json)).is_ok());
        assert!(strategies().contains("balanced"));
    }
}
