//! How `slatewise count` reads its election file: opened and read as it is parsed, from a path
//! or from standard input, with one-line errors that name the file.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn corpus(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpus")
        .join(path)
}

/// Run `slatewise count ARGS`, with `stdin` as its standard input.
fn count(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_slatewise"))
        .arg("count")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run slatewise");
    let mut pipe = child.stdin.take().expect("stdin");
    // The child may stop reading early (and close the pipe): that is its business.
    let _ = pipe.write_all(stdin);
    drop(pipe);
    child.wait_with_output().expect("slatewise output")
}

/// Run `slatewise count ARGS` and check that it failed with status 1 and one line on stderr
/// that starts with `prefix`; return that line.
fn fails(args: &[&str], stdin: &[u8], prefix: &str) -> String {
    let out = count(args, stdin);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "one line expected: {stderr:?}");
    assert!(
        stderr.starts_with(prefix),
        "{stderr:?} should start with {prefix:?}"
    );
    assert!(out.stdout.is_empty());
    stderr
}

/// Run `slatewise count ARGS`, check that it succeeded and return its output.
fn succeeds(args: &[&str], stdin: &[u8]) -> Vec<u8> {
    let out = count(args, stdin);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{args:?}: {stderr}");
    out.stdout
}

/// A scratch directory unique to this test process and name.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "slatewise-count-input-{}-{name}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

#[test]
fn a_missing_file_is_one_line_naming_it() {
    let stderr = fails(
        &["no/such/ward.blt", "--rule", "scottish"],
        b"",
        "slatewise: no/such/ward.blt: ",
    );
    assert!(stderr.contains("No such file"), "{stderr:?}");
}

#[test]
fn a_directory_is_one_line_naming_it() {
    let dir = scratch("dir").join("ward.blt");
    std::fs::create_dir_all(&dir).expect("a directory named like a file");
    let expected = format!("slatewise: {}: Is a directory", dir.display());
    fails(&[dir.to_str().unwrap()], b"", &expected);
}

#[test]
fn standard_input_counts_like_the_file() {
    let path = corpus("scotland-2017/ballots/aberdeen_2017_ward10.blt");
    let bytes = std::fs::read(&path).expect("the ward file");
    let args = ["--rule", "scottish", "--format", "json"];
    let from_file = succeeds(&[&[path.to_str().unwrap()][..], &args].concat(), b"");
    let from_stdin = succeeds(
        &[&["-", "--input-format", "blt"][..], &args].concat(),
        &bytes,
    );
    assert_eq!(from_stdin, from_file);
    assert!(!from_file.is_empty());
    fails(
        &["-", "--input-format", "blt"],
        b"3 2\n4 1 9 0\n",
        "slatewise: -:2: candidate 9",
    );
}

#[test]
fn binary_data_after_the_title_is_still_refused_at_its_line() {
    let path = scratch("binary").join("tail.blt");
    std::fs::write(&path, b"3 1\n4 1 0\n0\nA\nB\nC\nTitle\nnotes\n\x00\x01").expect("write");
    let expected = format!("slatewise: {}:9: binary data", path.display());
    fails(&[path.to_str().unwrap()], b"", &expected);
}

#[test]
fn csv_and_json_files_are_read_too() {
    let dir = scratch("formats");
    let csv = dir.join("votes.csv");
    std::fs::write(&csv, "Castor,Pollux,Helen\n1,2,\n,1,2\n1,,\n").expect("write");
    let json = dir.join("votes.json");
    std::fs::write(
        &json,
        r#"{"seats": 1, "candidates": [{"name": "Castor"}, {"name": "Pollux"}, {"name": "Helen"}],
            "ballots": [{"weight": 2, "ranking": [0, 1]}, {"weight": 1, "ranking": [1, 2]}]}"#,
    )
    .expect("write");
    for (file, seats) in [(&csv, "1"), (&json, "1")] {
        let args = [file.to_str().unwrap(), "--seats", seats, "--format", "json"];
        let transcript: serde_json::Value =
            serde_json::from_slice(&succeeds(&args, b"")).expect("JSON");
        assert_eq!(
            transcript["elected"][0]["name"],
            "Castor",
            "{}",
            file.display()
        );
    }
    let bad = dir.join("bad.json");
    std::fs::write(&bad, "{\n  \"seats\": 1,\n  oops\n}").expect("write");
    let expected = format!("slatewise: {}:3:", bad.display());
    fails(&[bad.to_str().unwrap()], b"", &expected);
}
