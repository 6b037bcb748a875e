//! Acceptance 1: the same seed gives byte-identical JSON, different seeds differ, and the
//! output for a fixed seed is pinned in `tests/golden/` so that other builds (the parallel CLI,
//! the wasm build under node) can be compared against it.
//!
//! Regenerate the golden file after an intended change with `SLATEWISE_BLESS=1 cargo test -p
//! slatewise-sim --test determinism`.

use slatewise_sim::simulate_json;

/// The options pinned by the golden file (also used by the CLI test and the wasm parity test).
pub const GOLDEN_OPTIONS: &str =
    r#"{"runs": 24, "seed": 42, "strategies": ["uniform", "published", "balanced"]}"#;
const GOLDEN_PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/golden/gv6-2020-seed42-runs24.json"
);

#[test]
fn the_same_seed_gives_the_same_bytes_and_other_seeds_differ() {
    let opts = |seed: u64| {
        format!(r#"{{"runs": 12, "seed": {seed}, "strategies": ["uniform", "rotation"]}}"#)
    };
    let a = simulate_json("\"gv6-2020\"", &opts(1)).unwrap();
    let b = simulate_json("\"gv6-2020\"", &opts(1)).unwrap();
    let c = simulate_json("\"gv6-2020\"", &opts(2)).unwrap();
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[test]
fn the_golden_report_is_reproduced() {
    let out = simulate_json("\"gv6-2020\"", GOLDEN_OPTIONS).unwrap();
    if std::env::var_os("SLATEWISE_BLESS").is_some() {
        std::fs::write(GOLDEN_PATH, &out).unwrap();
    }
    let golden = std::fs::read_to_string(GOLDEN_PATH).unwrap_or_default();
    assert!(
        out == golden,
        "the report differs from {GOLDEN_PATH}; if the change is intended, rerun with SLATEWISE_BLESS=1"
    );
}
