//! Acceptance 5: input errors are clear one-line errors (never panics).

use slatewise_slate::{DesignConfig, Guide, SlateError, design, gv6_2020};

fn one_line(err: &SlateError) -> String {
    let message = err.to_string();
    assert!(!message.contains('\n'), "{message}");
    assert!(!message.is_empty());
    message
}

const SMALL: &str = r#"{
  "slate": {"candidates": [{"name": "Ada Lovelace"}, {"name": "Grace Hopper"}, {"name": "Mary Somerville"}]},
  "regions": [{"name": "North"}, {"name": "South"}],
  "orders": [
    {"regions": ["North"], "order": ORDER},
    {"regions": ["South"], "order": ["Ada Lovelace", "Grace Hopper", "Mary Somerville"]}
  ]
}"#;

fn small(order: &str) -> Result<Guide, SlateError> {
    Guide::from_json(&SMALL.replace("ORDER", order))
}

#[test]
fn unknown_region() {
    let err = gv6_2020().lookup("Sout Wst").unwrap_err();
    assert_eq!(
        one_line(&err),
        "unknown region \"Sout Wst\"; did you mean: South West, South East?"
    );
    let err = gv6_2020().lookup("Atlantis").unwrap_err();
    assert!(one_line(&err).starts_with("unknown region \"Atlantis\""));
    let err = gv6_2020().lookup("London").unwrap_err();
    assert_eq!(
        one_line(&err),
        "region \"London\" is ambiguous; did you mean: West London, North & East London, South London?"
    );
}

#[test]
fn duplicate_candidate_in_an_order() {
    let err = small(r#"["Ada Lovelace", "grace hopper", "Ada Lovelace"]"#).unwrap_err();
    assert_eq!(
        one_line(&err),
        "the order for North names Ada Lovelace twice"
    );
}

#[test]
fn order_missing_a_candidate() {
    let err = small(r#"["Ada Lovelace", "Grace Hopper"]"#).unwrap_err();
    assert_eq!(
        one_line(&err),
        "the order for North leaves out Mary Somerville"
    );
}

#[test]
fn unknown_candidate_in_an_order() {
    let err = small(r#"["Ada Lovelace", "Grace Hopper", "Alan Turing"]"#).unwrap_err();
    assert!(
        one_line(&err).starts_with("unknown candidate \"Alan Turing\""),
        "{err}"
    );
}

#[test]
fn weights_for_a_region_that_does_not_exist() {
    let csv = "region,supporters\nNorthern,10\nMars,20\n";
    let err = gv6_2020().weights_from_csv(csv).unwrap_err();
    assert_eq!(one_line(&err), "line 3: unknown region \"Mars\"");
}

#[test]
fn negative_supporters() {
    let mut csv = slatewise_slate::GV6_2018_MEMBERS_CSV.replace("Wales,27688", "Wales,-27688");
    let err = gv6_2020().weights_from_csv(&csv).unwrap_err();
    assert_eq!(
        one_line(&err),
        "line 16: negative supporters for Wales: -27688"
    );
    csv = "candidate,votes\nYasmin Dar,-1\n".into();
    let err = gv6_2020().personal_votes_from_csv(&csv).unwrap_err();
    assert_eq!(
        one_line(&err),
        "line 2: negative supporters for Yasmine Dar: -1"
    );
}

#[test]
fn other_bad_inputs_are_errors_not_panics() {
    let guide = gv6_2020();
    for bad in [
        "",
        "{}",
        "[]",
        "{\"slate\": {\"candidates\": []}, \"regions\": []}",
        "{\"slate\": {\"candidates\": [{\"name\": \"A\"}]}, \"regions\": []}",
        "{\"slate\": {\"candidates\": [{\"name\": \"A\"}, {\"name\": \" a \"}]}, \"regions\": [{\"name\": \"X\"}]}",
        "{\"slate\": {\"candidates\": [{\"name\": \"A\"}]}, \"regions\": [{\"name\": \"X\"}], \"colour\": 1}",
    ] {
        let err = Guide::from_json(bad).unwrap_err();
        one_line(&err);
    }
    for bad in [
        "",
        "region,members\n",
        "region,supporters\nWales\n",
        "region,supporters\nWales,lots\n",
    ] {
        one_line(&guide.weights_from_csv(bad).unwrap_err());
    }
    let weights = guide.estimated_weights().unwrap();
    for config in [
        DesignConfig {
            shrink: -0.1,
            ..DesignConfig::default()
        },
        DesignConfig {
            split: vec![("Atlantis".into(), 2)],
            ..DesignConfig::default()
        },
        DesignConfig {
            split: vec![("Wales".into(), 2), ("cymru".into(), 3)],
            ..DesignConfig::default()
        },
    ] {
        one_line(&design(&guide, &weights, &config).unwrap_err());
    }
}

mod never_panics {
    use proptest::prelude::*;
    use slatewise_slate::{Guide, gv6_2020};

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn lookups_of_any_text(query in "\\PC{0,30}") {
            let guide = gv6_2020();
            if let Err(err) = guide.lookup(&query) {
                prop_assert!(!err.to_string().contains('\n') || query.contains('\n'));
            }
            let _ = guide.candidate(&query);
        }

        #[test]
        fn weights_tables_of_any_text(csv in "(region,supporters\n)?([A-Za-z &\"-]{0,12},[-0-9.e,\"]{0,8}\n){0,6}") {
            let _ = gv6_2020().weights_from_csv(&csv);
            let _ = gv6_2020().personal_votes_from_csv(&csv);
        }

        #[test]
        fn slate_files_of_any_text(json in "\\PC{0,60}") {
            let _ = Guide::from_json(&json);
        }
    }
}
