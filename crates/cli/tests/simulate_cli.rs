//! `slatewise simulate` end to end: the parallel CLI reproduces the serial library's golden
//! report byte for byte, bad scenarios fail in one line naming the JSON path, --out writes
//! the HTML report.

use std::process::Command;

fn slatewise(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_slatewise"))
        .args(args)
        .output()
        .expect("the slatewise binary runs")
}

#[test]
fn the_parallel_cli_reproduces_the_serial_golden_report() {
    let golden = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../sim/tests/golden/gv6-2020-seed42-runs24.json"
    ))
    .unwrap();
    let out = slatewise(&[
        "simulate",
        "--runs",
        "24",
        "--seed",
        "42",
        "--strategy",
        "uniform,published,balanced",
        "--format",
        "json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout) == golden,
        "CLI JSON differs from the golden file"
    );
}

#[test]
fn a_malformed_scenario_fails_in_one_line_naming_the_path() {
    let dir = std::env::temp_dir().join(format!("slatewise-sim-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("bad.json");
    let mut v: serde_json::Value =
        serde_json::from_str(&slatewise_sim::Scenario::builtin_gv6_2020().to_json()).unwrap();
    v["regions"][3]["turnout"] = serde_json::json!(-0.2);
    std::fs::write(&path, v.to_string()).unwrap();
    let out = slatewise(&[
        "simulate",
        "--scenario",
        path.to_str().unwrap(),
        "--runs",
        "2",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("regions[3].turnout: must be between 0 and 1"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn out_writes_an_html_report_and_bad_options_are_usage_errors() {
    let dir = std::env::temp_dir().join(format!("slatewise-sim-html-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("report.html");
    let out = slatewise(&[
        "simulate",
        "--runs",
        "4",
        "--strategy",
        "uniform,rotation",
        "--sweep",
        "adherence=0.6:0.8:0.2",
        "--format",
        "html",
        "--out",
        path.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty());
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(html.contains("id=\"sensitivity\"") && html.ends_with("</html>\n"));
    let _ = std::fs::remove_dir_all(&dir);

    let out = slatewise(&["simulate", "--strategy", "random"]);
    assert_eq!(out.status.code(), Some(2));
    let out = slatewise(&["simulate", "--sweep", "adherence=0.9:0.5:0.1"]);
    assert_eq!(out.status.code(), Some(2));
}
