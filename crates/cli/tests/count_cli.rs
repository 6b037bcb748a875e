//! `slatewise count` end to end: the JSON shape other tools rely on, and bad input.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

fn slatewise() -> Command {
    Command::new(env!("CARGO_BIN_EXE_slatewise"))
}

fn corpus(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpus")
        .join(path)
}

/// A scratch directory unique to this test process and name.
fn scratch(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("slatewise-count-cli-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn run(args: &[&str]) -> (Output, Duration) {
    let start = Instant::now();
    let out = slatewise()
        .arg("count")
        .args(args)
        .output()
        .expect("run slatewise");
    (out, start.elapsed())
}

#[test]
fn json_transcript_has_the_documented_shape() {
    let ward = corpus("scotland-2017/ballots/aberdeen_2017_ward10.blt");
    let (out, _) = run(&[
        ward.to_str().unwrap(),
        "--rule",
        "scottish",
        "--format",
        "json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    assert_eq!(json["rule"], "scottish");
    assert_eq!(json["seats"], 4);
    assert_eq!(json["quota"], "1502.00000");
    let elected: Vec<(&str, u64)> = json["elected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["name"].as_str().unwrap(), e["stage"].as_u64().unwrap()))
        .collect();
    // Names exactly as in the BLT file, in order of election; stages as on the official sheet.
    // The last two fill the last seats together at count 5 (rule 52), listed in input order.
    assert_eq!(
        elected,
        [
            ("Jennifer STEWART (LD)", 1),
            ("Martin GREIG (LD)", 1),
            ("John COOKE (SNP)", 5),
            ("Claire IMRIE (Con)", 5)
        ]
    );
    let stages = json["stages"].as_array().unwrap();
    assert_eq!(stages.len(), 5, "the official sheet has 5 counts");
    assert_eq!(stages[0]["number"], 1);
    assert_eq!(stages[0]["action"], "first_count");
    assert_eq!(stages[0]["tallies"]["John COOKE (SNP)"], "1210.00000");
    assert_eq!(stages[1]["tallies"]["John COOKE (SNP)"], "1239.99064");
    assert_eq!(stages[2]["action"], "surplus");
    assert!(json["exhausted"].is_string());
}

#[test]
fn csv_needs_seats_and_elects_the_dublin_north_winners() {
    let file = corpus("perf/dublin_north_leg_2002.csv");
    let (out, _) = run(&[file.to_str().unwrap(), "--rule", "scottish"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--seats"));

    let (out, _) = run(&[
        file.to_str().unwrap(),
        "--rule",
        "scottish",
        "--seats",
        "4",
        "--format",
        "json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut winners: Vec<&str> = json["elected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    winners.sort();
    assert_eq!(
        winners,
        [
            "Glennon,Jim,F.F.",
            "Ryan,Seán,Lab",
            "Sargent,Trevor,G.P.",
            "Wright,G.V.,F.F."
        ]
    );
}

/// Every kind of bad input: non-zero exit, exactly one line on stderr naming `file:line` and the
/// problem, no panic, and an answer well under a second.
#[test]
fn bad_input_gets_one_clear_line_quickly() {
    let dir = scratch("bad");
    let cases: &[(&str, &[u8], &str, &str)] = &[
        ("truncated.blt", b"3 1\n4 1 2 0\n2 3 0\n", ":3:", "expected"),
        (
            "out-of-range.blt",
            b"3 1\n4 1 7 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"T\"\n",
            ":2:",
            "7",
        ),
        (
            "repeated.blt",
            b"3 1\n4 1 2 1 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"T\"\n",
            ":2:",
            "twice",
        ),
        (
            "quote.blt",
            b"3 1\n4 1 2 0\n0\n\"A\n\"B\"\n\"C\"\n\"T\"\n",
            ":4:",
            "quote",
        ),
        (
            "huge-header.blt",
            b"1000000000 9\n1 1 0\n0\n",
            ":1:",
            "candidates",
        ),
        (
            "too-many-seats.blt",
            b"2 3\n1 1 0\n0\n\"A\"\n\"B\"\n\"T\"\n",
            ":1:",
            "seats",
        ),
        (
            "zero-seats.blt",
            b"2 0\n1 1 0\n0\n\"A\"\n\"B\"\n\"T\"\n",
            ":1:",
            "seat",
        ),
        (
            "garbage.blt",
            b"\x7fELF\x02\x01\x01\x00\x00\x00\xff\xfe\x00\x00binary",
            ":1:",
            "",
        ),
    ];
    for (name, bytes, line, word) in cases {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        let (out, elapsed) = run(&[path.to_str().unwrap(), "--rule", "scottish"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{name}: exit status {:?}, stderr {stderr}",
            out.status
        );
        assert_eq!(
            stderr.lines().count(),
            1,
            "{name}: one line expected, got {stderr:?}"
        );
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
        let expected_prefix = format!("slatewise: {}{line}", path.display());
        assert!(
            stderr.starts_with(&expected_prefix),
            "{name}: {stderr:?} should start with {expected_prefix:?}"
        );
        assert!(
            stderr.to_lowercase().contains(word),
            "{name}: {stderr:?} should mention {word:?}"
        );
        assert!(out.stdout.is_empty(), "{name}: nothing on stdout");
        assert!(elapsed < Duration::from_secs(1), "{name}: took {elapsed:?}");
    }
}

#[test]
fn a_failed_run_leaves_no_output_file() {
    let dir = scratch("atomic");
    let bad = dir.join("bad.blt");
    std::fs::write(&bad, b"3 1\n4 1 9 0\n0\n").unwrap();
    let out_file = dir.join("result.json");
    let (out, _) = run(&[
        bad.to_str().unwrap(),
        "--format",
        "json",
        "--out",
        out_file.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    assert!(!Path::new(&out_file).exists(), "no partial output file");
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "only the input remains: {leftovers:?}");

    let good = corpus("examples/wikipedia-stv.blt");
    let (out, _) = run(&[
        good.to_str().unwrap(),
        "--rule",
        "scottish",
        "--format",
        "csv",
        "--out",
        out_file.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = std::fs::read_to_string(&out_file).unwrap();
    assert!(csv.starts_with("stage,action,"), "{csv}");
    assert_eq!(csv.lines().count(), 1 + 4, "header and four stages");
}

#[test]
fn unknown_rule_and_missing_file_are_one_line_errors() {
    let (out, _) = run(&["nowhere.blt"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("slatewise: nowhere.blt: "), "{stderr}");

    let good = corpus("examples/wikipedia-stv.blt");
    let (out, _) = run(&[good.to_str().unwrap(), "--rule", "borda"]);
    assert_eq!(out.status.code(), Some(2), "usage errors exit with 2");
    assert!(String::from_utf8_lossy(&out.stderr).contains("scottish"));
}
