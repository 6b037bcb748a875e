//! `slatewise lookup`, `analyse` and `advise` end to end, on the built binary.

use std::path::PathBuf;
use std::process::{Command, Output};

fn slatewise(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_slatewise"))
        .args(args)
        .output()
        .expect("run slatewise")
}

fn stdout(out: &Output) -> String {
    assert!(
        out.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).expect("UTF-8 output")
}

/// The one-line error of a failed run, without the `slatewise: ` prefix.
fn error(out: &Output) -> String {
    assert_eq!(out.status.code(), Some(1), "expected a failure");
    let stderr = String::from_utf8(out.stderr.clone()).expect("UTF-8 error");
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    stderr
        .trim_end()
        .strip_prefix("slatewise: ")
        .unwrap_or_else(|| panic!("no prefix: {stderr}"))
        .to_owned()
}

fn data(file: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../slate/data")
        .join(file)
        .to_string_lossy()
        .into_owned()
}

/// A scratch file unique to this test process.
fn scratch(name: &str, contents: &str) -> String {
    let dir = std::env::temp_dir().join(format!("slatewise-slate-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let path = dir.join(name);
    std::fs::write(&path, contents).expect("write scratch file");
    path.to_string_lossy().into_owned()
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_str(&stdout(out)).expect("JSON output")
}

const SOUTH_WEST: [&str; 6] = [
    "Laura Pidcock",
    "Ann Henderson",
    "Mish Rahman",
    "Gemma Bolton",
    "Nadia Jama",
    "Yasmine Dar",
];

#[test]
fn lookup_south_west_prints_a_numbered_order_and_what_to_do_after() {
    let text = stdout(&slatewise(&["lookup", "south west"]));
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("Recommended order for South West:"));
    for (i, name) in SOUTH_WEST.iter().enumerate() {
        assert_eq!(lines.next(), Some(format!("  {}. {name}", i + 1).as_str()));
    }
    assert_eq!(lines.next(), Some(""));
    let sentence = lines.next().expect("the sentence after the slate");
    assert!(sentence.starts_with("After the slate you may go on ranking"));
    assert!(sentence.contains("never hurt"));
    assert_eq!(lines.next(), None);
}

#[test]
fn lookup_json_has_the_canonical_region_and_the_order() {
    let value = json(&slatewise(&["lookup", "N Ireland", "--format", "json"]));
    assert_eq!(
        value,
        serde_json::json!({
            "region": "Northern Ireland",
            "order": ["Yasmine Dar", "Gemma Bolton", "Laura Pidcock", "Nadia Jama", "Ann Henderson", "Mish Rahman"],
        })
    );
    let value = json(&slatewise(&["lookup", "south-west", "--format", "json"]));
    assert_eq!(value["region"], "South West");
    assert_eq!(value["order"], serde_json::json!(SOUTH_WEST));
}

#[test]
fn lookup_every_region_by_two_spellings() {
    let cases = [
        ("Northern", ["northern", "North"]),
        ("South West", ["SW", "south-west"]),
        (
            "Yorkshire & the Humber",
            ["Yorkshire", "yorkshire and the humber"],
        ),
        ("East Midlands", ["east midlands", "E Midlands"]),
        ("West London", ["west london", "W London"]),
        ("West Midlands", ["west-midlands", "WM"]),
        (
            "North & East London",
            ["North East London", "north and east london"],
        ),
        ("South East", ["SE", "south east"]),
        ("South London", ["South London", "s london"]),
        ("Scotland", ["scotland", "Scottish"]),
        ("Wales", ["WALES", "cymru"]),
        ("East", ["East", "east of england"]),
        ("North West", ["NW", "north  west"]),
        ("Northern Ireland", ["NI", "northern-ireland"]),
        ("International", ["abroad", "International"]),
    ];
    for (region, spellings) in cases {
        for spelling in spellings {
            let value = json(&slatewise(&["lookup", spelling, "--format", "json"]));
            assert_eq!(value["region"], region, "{spelling}");
            assert_eq!(value["order"].as_array().map(Vec::len), Some(6));
        }
    }
}

#[test]
fn lookup_unknown_region_suggests_close_matches() {
    assert_eq!(
        error(&slatewise(&["lookup", "Sout Wst"])),
        "unknown region \"Sout Wst\"; did you mean: South West, South East?"
    );
}

#[test]
fn lookup_lists_regions() {
    let text = stdout(&slatewise(&["lookup", "--list"]));
    assert_eq!(text.lines().count(), 15);
    assert!(
        text.lines()
            .any(|l| l.starts_with("Northern Ireland") && l.contains("NI"))
    );
    let value = json(&slatewise(&["lookup", "--list", "--format", "json"]));
    assert_eq!(value.as_array().map(Vec::len), Some(15));
    assert_eq!(value[1]["id"], "south-west");
}

#[test]
fn lookup_reads_a_slate_file() {
    let path = scratch(
        "two.json",
        r#"{"slate": {"candidates": [{"name": "Ada"}, {"name": "Grace"}]},
            "regions": [{"name": "North"}, {"name": "South"}],
            "orders": [{"regions": ["North"], "order": ["Ada", "Grace"]},
                       {"regions": ["South"], "order": ["Grace", "Ada"]}]}"#,
    );
    let value = json(&slatewise(&[
        "lookup", "south", "--slate", &path, "--format", "json",
    ]));
    assert_eq!(
        value,
        serde_json::json!({"region": "South", "order": ["Grace", "Ada"]})
    );
}

/// Acceptance 4 through the CLI.
#[test]
fn analyse_reports_the_published_imbalances() {
    let text = stdout(&slatewise(&["analyse"]));
    assert!(text.contains("Latin square: no. Balanced (Williams) square: no."));
    assert!(text.contains("Balanced positions (every candidate equally often): 1, 2, 3."));
    assert!(text.contains("position 4 is unbalanced: Ann Henderson 2 times, Yasmine Dar never"));
    assert!(text.contains("position 5 is unbalanced: Yasmine Dar 2 times, Mish Rahman never"));
    assert!(text.contains("position 6 is unbalanced: Mish Rahman 2 times, Ann Henderson never"));
    assert!(text.contains("membership ESTIMATES (internal figures reported January 2018)"));
    assert!(text.contains("Largest deviation from the mean: 147.5% (Yasmine Dar at position 5)."));

    let value = json(&slatewise(&["analyse", "--format", "json"]));
    let positions: Vec<u64> = value["unbalanced"]
        .as_array()
        .expect("unbalanced positions")
        .iter()
        .map(|u| u["position"].as_u64().expect("position"))
        .collect();
    assert_eq!(positions, [4, 5, 6]);
    assert_eq!(value["latin_square"], false);

    let csv = stdout(&slatewise(&["analyse", "--format", "csv"]));
    assert_eq!(
        csv.lines().next(),
        Some("candidate,position,orders,supporters,deviation")
    );
    assert_eq!(csv.lines().count(), 1 + 36);
}

/// Acceptance 2 through the CLI: the figures in crates/slate/README.md.
#[test]
fn advise_with_the_2018_members_is_within_ten_percent_and_beats_2020() {
    let members = data("gv6-2018-members.csv");
    let value = json(&slatewise(&[
        "advise",
        "--weights",
        &members,
        "--format",
        "json",
    ]));
    let balance = &value["balance"];
    let advised = balance["position_deviation"]
        .as_f64()
        .expect("advised deviation");
    let published = balance["published_position_deviation"]
        .as_f64()
        .expect("published deviation");
    assert!(advised <= 0.10, "{advised}");
    assert!(advised < published, "{advised} vs {published}");
    assert_eq!(balance["proved_optimal"], true);

    // Every region exactly once, every order a full order of the slate.
    let orders = value["orders"].as_array().expect("orders");
    assert_eq!(orders.len(), 6);
    let mut regions: Vec<String> = orders
        .iter()
        .flat_map(|o| o["regions"].as_array().expect("regions").clone())
        .map(|r| r.as_str().expect("region name").to_owned())
        .collect();
    regions.sort();
    let count = regions.len();
    regions.dedup();
    assert_eq!((count, regions.len()), (15, 15));
    for order in orders {
        let mut names: Vec<&str> = order["order"]
            .as_array()
            .expect("order")
            .iter()
            .map(|n| n.as_str().expect("name"))
            .collect();
        names.sort();
        let mut slate = SOUTH_WEST.to_vec();
        slate.sort();
        assert_eq!(names, slate);
    }

    // The default weights are the same table.
    let default = json(&slatewise(&["advise", "--format", "json"]));
    assert_eq!(default, value);

    let text = stdout(&slatewise(&["advise", "--weights", &members]));
    assert!(text.contains("every candidate's weight in every position is within 7.8% of the mean"));
    assert!(text.contains("the slate file's own orders: within 147.5%"));
    assert!(text.contains("best possible: yes"));
}

#[test]
fn advise_csv_has_one_row_per_region() {
    let csv = stdout(&slatewise(&["advise", "--format", "csv"]));
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("group,region,1,2,3,4,5,6"));
    assert_eq!(lines.count(), 15);
}

#[test]
fn advise_saves_a_slate_file_that_lookup_reads() {
    let dir = std::env::temp_dir().join(format!("slatewise-slate-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let saved = dir.join("designed.json").to_string_lossy().into_owned();
    stdout(&slatewise(&[
        "advise",
        "--save-slate",
        &saved,
        "--split",
        "North West=2",
    ]));
    let value = json(&slatewise(&[
        "lookup",
        "North West (part 2 of 2)",
        "--slate",
        &saved,
        "--format",
        "json",
    ]));
    assert_eq!(value["region"], "North West (part 2 of 2)");
}

#[test]
fn advise_with_personal_votes_lowers_that_candidates_target() {
    let personal = scratch("personal.csv", "candidate,votes\nPidcock,20000\n");
    let value = json(&slatewise(&[
        "advise",
        "--personal",
        &personal,
        "--shrink",
        "1",
        "--format",
        "json",
    ]));
    let pidcock = value["orders"]
        .as_array()
        .expect("orders")
        .iter()
        .find(|o| o["order"][0] == "Laura Pidcock")
        .expect("a group headed by Pidcock");
    let others = value["orders"]
        .as_array()
        .expect("orders")
        .iter()
        .find(|o| o["order"][0] == "Nadia Jama")
        .expect("a group headed by Jama");
    let target = |o: &serde_json::Value| o["target"].as_f64().expect("target");
    assert!((target(others) - target(pidcock) - 20_000.0).abs() < 1e-6);
}

/// Acceptance 5 through the CLI: one-line errors naming the file and line.
#[test]
fn input_errors_are_one_line() {
    let unknown = scratch("unknown.csv", "region,supporters\nNorthern,1\nAtlantis,2\n");
    let message = error(&slatewise(&["advise", "--weights", &unknown]));
    assert!(
        message.ends_with("unknown.csv: line 3: unknown region \"Atlantis\""),
        "{message}"
    );

    let negative = scratch("negative.csv", "region,supporters\nWales,-5\n");
    let message = error(&slatewise(&["advise", "--weights", &negative]));
    assert!(
        message.ends_with("negative.csv: line 2: negative supporters for Wales: -5"),
        "{message}"
    );

    let duplicate = scratch(
        "duplicate.json",
        r#"{"slate": {"candidates": [{"name": "Ada"}, {"name": "Grace"}]},
            "regions": [{"name": "North"}],
            "orders": [{"regions": ["North"], "order": ["Ada", "ada"]}]}"#,
    );
    let message = error(&slatewise(&["lookup", "north", "--slate", &duplicate]));
    assert!(
        message.ends_with("duplicate.json: the order for North names Ada twice"),
        "{message}"
    );

    let missing = scratch(
        "missing.json",
        r#"{"slate": {"candidates": [{"name": "Ada"}, {"name": "Grace"}]},
            "regions": [{"name": "North"}],
            "orders": [{"regions": ["North"], "order": ["Ada"]}]}"#,
    );
    let message = error(&slatewise(&["analyse", "--slate", &missing]));
    assert!(
        message.ends_with("missing.json: the order for North leaves out Grace"),
        "{message}"
    );

    let message = error(&slatewise(&[
        "lookup",
        "x",
        "--slate",
        "/nonexistent/slate.json",
    ]));
    assert!(
        message.starts_with("/nonexistent/slate.json: "),
        "{message}"
    );

    let message = error(&slatewise(&["advise", "--split", "Atlantis=2"]));
    assert!(
        message.starts_with("unknown region \"Atlantis\""),
        "{message}"
    );
    let message = error(&slatewise(&["advise", "--shrink", "2"]));
    assert_eq!(message, "the shrink factor must be between 0 and 1, not 2");
}

/// The commands shown in crates/slate/README.md print exactly what the README says.
#[test]
fn readme_examples_are_current() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let readme = std::fs::read_to_string(root.join("crates/slate/README.md")).expect("README");
    let mut checked = 0;
    for block in readme.split("```console\n").skip(1) {
        let block = &block[..block.find("```").expect("closed block")];
        let (command, expected) = block.split_once('\n').expect("a command line");
        let words = shell_words(
            command
                .strip_prefix("$ slatewise ")
                .expect("a slatewise command"),
        );
        let out = Command::new(env!("CARGO_BIN_EXE_slatewise"))
            .args(&words)
            .current_dir(&root)
            .output()
            .expect("run slatewise");
        assert_eq!(stdout(&out), expected, "README block for `{command}`");
        checked += 1;
    }
    assert_eq!(checked, 3);
}

/// Split a command line on spaces, keeping "double-quoted words" together.
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ' ' if !quoted => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}
