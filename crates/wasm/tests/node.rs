//! The bindings as JavaScript sees them, run on wasm32 under node:
//!
//! ```text
//! CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
//!     cargo test -p slatewise-wasm --target wasm32-unknown-unknown --test node
//! ```
//!
//! (`web-demo/test.sh` runs them.) The simulation test is acceptance 4 of issue #5: the wasm
//! build reproduces, byte for byte, the golden report the native library pins in
//! `crates/sim/tests/golden/`.

#![cfg(target_arch = "wasm32")]

use serde_json::Value;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

/// Options and output pinned by `crates/sim/tests/determinism.rs` (serial, native).
const GOLDEN_OPTIONS: &str =
    r#"{"runs": 24, "seed": 42, "strategies": ["uniform", "published", "balanced"]}"#;
const GOLDEN: &str = include_str!("../../sim/tests/golden/gv6-2020-seed42-runs24.json");

const TWINS: &str = "3 2\n4 1 2 0\n2 3 0\n1 2 0\n0\n\"Castor\"\n\"Pollux\"\n\"Helen\"\n\"Twins\"\n";

fn parse(json: &str) -> Value {
    serde_json::from_str(json).expect("valid JSON")
}

/// The message of a thrown error.
fn message(err: wasm_bindgen::JsError) -> String {
    let value = JsValue::from(err);
    js_sys::Reflect::get(&value, &JsValue::from_str("message"))
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
fn lookup_returns_the_published_order() {
    let v = parse(&slatewise_wasm::lookup("south-west", None).unwrap());
    assert_eq!(v["region"], "South West");
    assert_eq!(v["order"][0], "Laura Pidcock");
    assert_eq!(v["order"].as_array().unwrap().len(), 6);
}

#[wasm_bindgen_test]
fn every_region_has_an_order() {
    let regions = parse(&slatewise_wasm::regions(None).unwrap());
    let regions = regions.as_array().unwrap();
    assert_eq!(regions.len(), 15);
    for region in regions {
        let id = region["id"].as_str().unwrap();
        let advice = parse(&slatewise_wasm::advice(id, None).unwrap());
        assert_eq!(advice["region"], region["name"]);
    }
}

#[wasm_bindgen_test]
fn a_small_blt_is_counted() {
    let t = parse(&slatewise_wasm::count_blt(TWINS, Some("scottish".into())).unwrap());
    assert_eq!(t["rule"], "scottish");
    assert_eq!(t["seats"], 2);
    assert_eq!(t["elected"].as_array().unwrap().len(), 2);
    assert!(!t["stages"].as_array().unwrap().is_empty());
}

#[wasm_bindgen_test]
fn bad_input_comes_back_as_an_error_message() {
    let err = slatewise_wasm::lookup("Sout Wst", None).unwrap_err();
    assert_eq!(
        message(err),
        r#"unknown region "Sout Wst"; did you mean: South West, South East?"#
    );
    let err = slatewise_wasm::count_blt("3 2\n1 9 0\n0\n", None).unwrap_err();
    assert!(!message(err).is_empty());
    assert!(slatewise_wasm::count_blt("", None).is_err());
    assert!(slatewise_wasm::count("a,b\n", None, Some("csv".into()), None).is_err());
    assert!(slatewise_wasm::design(None, Some("{".into())).is_err());
    assert!(slatewise_wasm::simulate(None, Some(r#"{"runs": 0}"#.into()), None).is_err());
}

#[wasm_bindgen_test]
fn analyse_and_design_work() {
    let a = parse(&slatewise_wasm::analyse(None, None).unwrap());
    assert_eq!(a["candidates"].as_array().unwrap().len(), 6);
    let d = parse(&slatewise_wasm::design(None, None).unwrap());
    assert_eq!(d["orders"].as_array().unwrap().len(), 6);
}

#[wasm_bindgen_test]
fn the_simulation_matches_the_native_golden_report() {
    let calls = js_sys::Array::new();
    let progress = js_sys::Function::new_with_args("done, total", "this.push([done, total])");
    let progress = progress.bind0(&calls);
    let out = slatewise_wasm::simulate(None, Some(GOLDEN_OPTIONS.into()), Some(progress)).unwrap();
    assert!(
        out == GOLDEN,
        "the wasm report differs from crates/sim/tests/golden/gv6-2020-seed42-runs24.json"
    );
    assert!(calls.length() >= 24);
    let last = js_sys::Array::from(&calls.get(calls.length() - 1));
    assert_eq!(last.get(0), last.get(1));
}

#[wasm_bindgen_test]
fn a_throwing_progress_callback_does_not_stop_the_simulation() {
    let progress = js_sys::Function::new_with_args("", "throw new Error('boom')");
    let out = slatewise_wasm::simulate(
        Some("\"gv6-2020\"".into()),
        Some(r#"{"runs": 2, "strategies": ["uniform"]}"#.into()),
        Some(progress),
    )
    .unwrap();
    assert_eq!(parse(&out)["runs"], 2);
}
