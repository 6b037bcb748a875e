//! slatewise for the browser: wasm-bindgen bindings of `slatewise-slate`, `slatewise-stv` and
//! `slatewise-sim` behind the `web-demo/` page.
//!
//! Every function takes and returns strings. JSON results have the same schema as the
//! `slatewise` command with `--format json`, so the page, the CLI and their tests read one
//! format. Optional arguments (`slate`, `weights`, ...) may be left out or blank: the built-in
//! #GV6 2020 data is used.
//!
//! | JavaScript | CLI equivalent |
//! |---|---|
//! | `regions(slate?)` | `slatewise lookup --list --format json` |
//! | `lookup(query, slate?)` | `slatewise lookup QUERY --format json` |
//! | `advice(query, slate?)` | the same, plus region id, group label and the sentence on ranking after the slate |
//! | `suggest(query, slate?)` | the regions a half-typed or misspelt name could mean |
//! | `analyse(slate?, weights_csv?)` | `slatewise analyse --format json` |
//! | `design(slate?, options_json?)` | `slatewise advise --format json` |
//! | `count(text, rule?, format?, seats?)` | `slatewise count FILE --rule RULE --format json` |
//! | `simulate(scenario?, options_json?, progress?)` | `slatewise simulate --format json` |
//! | `scenario(scenario?)`, `strategies()`, `rules()`, `version()` | the inputs the page offers |
//!
//! # Errors, never panics
//!
//! A failure is thrown as a JavaScript `Error` whose message is the one-line message the CLI
//! would print. The wasm build aborts on panic (a trap the page could not recover from), so
//! every input is validated and the code paths are panic-free: bad input is an `Err`, not a
//! crash. The page still catches any exception a call throws and shows it as a message.
//!
//! # Architecture invariant
//!
//! The logic lives in [`api`] as plain Rust (`Result<String, String>`), tested natively; this
//! file only converts to and from JavaScript.

#![warn(missing_docs)]

pub mod api;
pub mod sim;

use std::cell::RefCell;

use wasm_bindgen::prelude::*;

fn js(result: Result<String, String>) -> Result<String, JsError> {
    result.map_err(|message| JsError::new(&message))
}

/// The library's version (the workspace version).
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// Every region of the slate file (or the built-in data): `[{"id", "name", "aliases"}]`.
#[wasm_bindgen]
pub fn regions(slate: Option<String>) -> Result<String, JsError> {
    js(api::regions(slate.as_deref()))
}

/// The order recommended to a region's members: `{"region": "...", "order": [...]}`.
#[wasm_bindgen]
pub fn lookup(query: &str, slate: Option<String>) -> Result<String, JsError> {
    js(api::lookup(query, slate.as_deref()))
}

/// What the member page shows: `{"region", "id", "group", "order", "after_the_slate"}`.
#[wasm_bindgen]
pub fn advice(query: &str, slate: Option<String>) -> Result<String, JsError> {
    js(api::advice(query, slate.as_deref()))
}

/// The regions a query could mean: `{"matches": [...], "exact": bool}`.
#[wasm_bindgen]
pub fn suggest(query: &str, slate: Option<String>) -> Result<String, JsError> {
    js(api::suggest(query, slate.as_deref()))
}

/// How the slate's orders treat each candidate, position by position.
#[wasm_bindgen]
pub fn analyse(slate: Option<String>, weights_csv: Option<String>) -> Result<String, JsError> {
    js(api::analyse(slate.as_deref(), weights_csv.as_deref()))
}

/// Balanced orders: `options` is `{"weights": CSV, "personal": CSV, "shrink": x, "split":
/// [["North West", 2]]}` (all optional).
#[wasm_bindgen]
pub fn design(slate: Option<String>, options: Option<String>) -> Result<String, JsError> {
    js(api::design(slate.as_deref(), options.as_deref()))
}

/// Count an election file's text under a rule preset (default `meek`) and return the
/// transcript JSON. `format` (`blt`, `csv`, `json`) is guessed when left out.
#[wasm_bindgen]
pub fn count(
    text: &str,
    rule: Option<String>,
    format: Option<String>,
    seats: Option<u32>,
) -> Result<String, JsError> {
    js(api::count(
        text,
        rule.as_deref().unwrap_or(""),
        format.as_deref(),
        seats.map(|s| s as usize),
    ))
}

/// Count a pasted BLT file under a rule preset: the transcript JSON.
#[wasm_bindgen]
pub fn count_blt(text: &str, rule: Option<String>) -> Result<String, JsError> {
    js(api::count(
        text,
        rule.as_deref().unwrap_or(""),
        Some("blt"),
        None,
    ))
}

/// The counting rules: `[{"name", "description"}]`.
#[wasm_bindgen]
pub fn rules() -> String {
    api::rules()
}

/// The scenario a string means (blank: the built-in `gv6-2020`; `"\"gv6-2020\""`: a built-in
/// by name; otherwise a scenario document), validated and written out as JSON.
#[wasm_bindgen]
pub fn scenario(scenario: Option<String>) -> Result<String, JsError> {
    js(sim::scenario_json(scenario.as_deref()))
}

/// The simulation strategies: `["uniform", "published", "rotation", "balanced", "optimised"]`.
#[wasm_bindgen]
pub fn strategies() -> String {
    sim::strategies()
}

thread_local! {
    /// The progress callback of the simulation under way. The simulator wants a `Sync`
    /// callback and a JavaScript function is not `Sync`, so the callback it gets captures
    /// nothing and finds the function here (wasm32 without threads has one thread).
    static PROGRESS: RefCell<Option<js_sys::Function>> = const { RefCell::new(None) };
}

/// Simulate elections from a scenario (blank: the built-in #GV6 2020 scenario) with options
/// `{"runs", "seed", "strategies", "rule", "sweep", "format", "search_draws",
/// "search_budget"}` (as `slatewise simulate`), calling `progress(done, total)` as elections
/// are counted. Returns the report JSON.
#[wasm_bindgen]
pub fn simulate(
    scenario: Option<String>,
    options: Option<String>,
    progress: Option<js_sys::Function>,
) -> Result<String, JsError> {
    PROGRESS.with(|p| *p.borrow_mut() = progress);
    let report = |done: u64, total: u64| {
        PROGRESS.with(|p| {
            if let Ok(p) = p.try_borrow() {
                if let Some(f) = p.as_ref() {
                    // A callback that throws must not stop the simulation: ignore its error.
                    let _ = f.call2(
                        &JsValue::NULL,
                        &JsValue::from(done as f64),
                        &JsValue::from(total as f64),
                    );
                }
            }
        });
    };
    let result = sim::simulate(scenario.as_deref(), options.as_deref(), &report);
    PROGRESS.with(|p| *p.borrow_mut() = None);
    js(result)
}
