//! Acceptance 5: a malformed scenario gets an error naming the JSON path and the problem.

use slatewise_sim::Scenario;

fn builtin_value() -> serde_json::Value {
    serde_json::from_str(&Scenario::builtin_gv6_2020().to_json()).unwrap()
}

fn error_of(value: &serde_json::Value) -> String {
    Scenario::from_json(&value.to_string())
        .unwrap_err()
        .to_string()
}

#[test]
fn a_turnout_of_the_wrong_type_names_its_path() {
    let mut v = builtin_value();
    v["regions"][3]["turnout"] = serde_json::json!("high");
    let e = error_of(&v);
    assert!(e.contains("regions[3].turnout"), "{e}");
    assert!(e.contains("expected a number"), "{e}");
}

#[test]
fn a_turnout_out_of_range_names_its_path() {
    let mut v = builtin_value();
    v["regions"][3]["turnout"] = serde_json::json!({"mean": 1.5, "sd": 0.1});
    let e = error_of(&v);
    assert_eq!(
        e,
        "scenario: regions[3].turnout: must be between 0 and 1, got 1.5"
    );
}

#[test]
fn semantic_errors_name_their_paths() {
    let mut v = builtin_value();
    v["factions"][0]["recommendation"][1]["order"][2] = serde_json::json!("Nobody");
    assert!(
        error_of(&v)
            .contains("factions[0].recommendation[1].order[2]: \"Nobody\" is not a candidate")
    );

    let mut v = builtin_value();
    v["factions"][0]["recommendation"][0]["regions"][0] = serde_json::json!("Atlantis");
    assert!(
        error_of(&v)
            .contains("factions[0].recommendation[0].regions[0]: no region is called \"Atlantis\"")
    );

    let mut v = builtin_value();
    v["target"]["slate"] = serde_json::json!("Nobody");
    assert!(error_of(&v).starts_with("scenario: target.slate:"));

    let mut v = builtin_value();
    v["regions"][0]["electorate"] = serde_json::json!(-5);
    assert!(error_of(&v).contains("regions[0].electorate"));

    let mut v = builtin_value();
    v["factions"][2]["colour"] = serde_json::json!("red");
    let e = error_of(&v);
    assert!(
        e.contains("factions[2]") && e.contains("unknown field"),
        "{e}"
    );

    let e = Scenario::from_json("{ not json").unwrap_err().to_string();
    assert!(e.starts_with("scenario"), "{e}");
}
