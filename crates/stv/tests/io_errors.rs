//! Bad input gives an error naming the line and the problem, quickly, and never a panic.

use std::time::{Duration, Instant};

use proptest::prelude::*;
use slatewise_stv::io::{CsvOptions, ParseError, blt, csv, json};

const NAMES: &str = "\"Castor\"\n\"Pollux\"\n\"Helen\"\n\"Twins\"\n";

/// The error of reading `text` as BLT, checked to be one line starting `bad.blt:LINE: `.
fn blt_error(text: &str) -> ParseError {
    let err = match blt::read(text.as_bytes(), "bad.blt") {
        Ok(election) => panic!("read without error: {election:?}\n{text}"),
        Err(err) => err,
    };
    check_shape(&err, "bad.blt");
    err
}

fn check_shape(err: &ParseError, source: &str) {
    let shown = err.to_string();
    let prefix = format!("{source}:{}:", err.line());
    assert!(
        shown.starts_with(&prefix),
        "{shown:?} should start with {prefix:?}"
    );
    assert!(!shown.contains('\n'), "{shown:?} should be one line");
    assert_eq!(err.source_name(), source);
}

/// Assert the error is at `line` and its message contains every one of `words`.
fn assert_error(err: &ParseError, line: usize, words: &[&str]) {
    assert_eq!(err.line(), line, "{err}");
    for word in words {
        assert!(
            err.message().contains(word),
            "{err} should mention {word:?}"
        );
    }
}

#[test]
fn an_empty_file_says_a_header_was_expected() {
    assert_error(&blt_error(""), 1, &["CANDIDATES SEATS"]);
    assert_error(
        &blt_error("// only a comment\n\n"),
        2,
        &["CANDIDATES SEATS"],
    );
}

#[test]
fn a_truncated_file_points_at_its_last_line() {
    let no_end = blt_error("3 2\n4 1 2 0\n2 3 0\n");
    assert_error(&no_end, 3, &["ends inside the ballots", "`0`"]);
    let no_ballots = blt_error("3 2\n[nick a b c]\n");
    assert_error(&no_ballots, 2, &["ends before the ballots"]);
    let few_names = blt_error("3 2\n4 1 2 0\n0\n\"Castor\"\n\"Pollux\"\n");
    assert_error(
        &few_names,
        5,
        &["2 of the 3 candidate names", "candidate 3"],
    );
    let no_title = blt_error("3 2\n4 1 2 0\n0\nCastor\nPollux\nHelen\n\n");
    assert_error(&no_title, 7, &["title"]);
    // Without the line `0`, a name is read where a ballot was expected.
    let names_too_soon = blt_error("3 2\n4 1 2 0\nCastor\nPollux\n");
    assert_error(
        &names_too_soon,
        3,
        &["`Castor` is not a ballot weight", "line `0`"],
    );
}

#[test]
fn candidates_out_of_range_or_unknown_are_refused() {
    let err = blt_error(&format!("3 2\n4 1 2 0\n2 3 4 0\n0\n{NAMES}"));
    assert_error(&err, 3, &["candidate 4 does not exist", "from 1 to 3"]);
    let err = blt_error(&format!("3 2\n4 1 0=2 0\n0\n{NAMES}"));
    assert_error(&err, 2, &["candidate 0 does not exist"]);
    let err = blt_error(&format!("3 2\n[nick a b c]\n4 a d 0\n0\n{NAMES}"));
    assert_error(&err, 3, &["unknown candidate `d`", "nickname"]);
    let err = blt_error(&format!("3 2\n4 a 0\n0\n{NAMES}"));
    assert_error(&err, 2, &["unknown candidate `a`"]);
    let err = blt_error(&format!("3 2\n4 2= 0\n0\n{NAMES}"));
    assert_error(&err, 2, &["`2=`", "`=`"]);
}

#[test]
fn a_candidate_twice_in_one_ranking_is_refused() {
    let err = blt_error(&format!("3 2\n1 1 2 0\n4 1 2 1 0\n0\n{NAMES}"));
    assert_error(&err, 3, &["candidate 1 appears twice"]);
    let err = blt_error(&format!("3 2\n[nick a b c]\n4 a=b c b 0\n0\n{NAMES}"));
    assert_error(&err, 3, &["candidate b appears twice"]);
}

#[test]
fn an_unterminated_quote_is_refused_at_its_line() {
    let err = blt_error("3 2\n4 1 2 0\n0\n\"Castor\"\n\"Pollux\n\"Helen\"\n\"Twins\"\n");
    assert_error(&err, 5, &["unterminated quote", "closing"]);
    let err = blt_error("3 2\n4 1 2 0\n0\n\"Castor\"\n\"Pollux\"\n\"Helen\"\n\"Twins\n");
    assert_error(&err, 7, &["unterminated quote"]);
    let err = blt_error("3 2\n4 1 2 0\n0\n\"Castor\" Pollux\n\"Helen\"\n\"Twins\"\n");
    assert_error(&err, 4, &["after the closing quote"]);
}

#[test]
fn a_header_claiming_huge_numbers_is_refused_at_once() {
    for header in ["1000000000 3", "99999999999999999999999999999999 1"] {
        let start = Instant::now();
        let err = blt_error(&format!("{header}\n1 1 0\n0\n"));
        assert!(
            start.elapsed() < Duration::from_secs(1),
            "took {:?}",
            start.elapsed()
        );
        assert_error(&err, 1, &["candidates", "at most 10000"]);
    }
    // At the limit, a truncated file is still refused at once.
    let start = Instant::now();
    let err = blt_error("10000 1\n1 1 0\n0\n");
    assert!(
        start.elapsed() < Duration::from_secs(1),
        "took {:?}",
        start.elapsed()
    );
    assert_error(&err, 3, &["0 of the 10000 candidate names"]);
}

#[test]
fn seats_must_be_between_one_and_the_candidates() {
    assert_error(
        &blt_error(&format!("3 0\n4 1 0\n0\n{NAMES}")),
        1,
        &["0 seats", "at least 1"],
    );
    assert_error(
        &blt_error(&format!("3 4\n4 1 0\n0\n{NAMES}")),
        1,
        &["4 seats but only 3"],
    );
    // Withdrawals can leave too few: the header is blamed.
    let err = blt_error(&format!("3 2\n-1 -2\n4 3 0\n0\n{NAMES}"));
    assert_error(
        &err,
        1,
        &["2 seats but only 1 candidates who have not withdrawn"],
    );
    assert_error(&blt_error("3\n"), 1, &["no number of seats"]);
    assert_error(
        &blt_error("three 2\n"),
        1,
        &["`three` is not a number of candidates"],
    );
    assert_error(
        &blt_error("3 two\n"),
        1,
        &["`two` is not a number of seats"],
    );
    assert_error(&blt_error("3 2 x\n"), 1, &["unexpected `x`", "-N"]);
}

#[test]
fn binary_garbage_is_refused_as_not_text() {
    let err = blt::read(b"\x00\x01\x02\x03", "bad.blt").expect_err("binary");
    check_shape(&err, "bad.blt");
    assert_error(&err, 1, &["binary data", "text"]);
    let err = blt::read(b"3 2\n4 1 0\n\xFF\xFE\xFD\n", "bad.blt").expect_err("not UTF-8");
    assert_error(&err, 3, &["invalid UTF-8"]);
    let err = csv::read(b"A,B\n1,\x00\n", "bad.csv", &CsvOptions::new(1)).expect_err("NUL");
    check_shape(&err, "bad.csv");
    assert_error(&err, 2, &["binary data"]);
}

#[test]
fn weights_must_be_whole_non_negative_numbers() {
    let err = blt_error(&format!("3 2\n4 1 0\nabc 1 0\n0\n{NAMES}"));
    assert_error(&err, 3, &["`abc` is not a ballot weight"]);
    let err = blt_error(&format!("3 2\n1.5 1 0\n0\n{NAMES}"));
    assert_error(&err, 2, &["`1.5` is not a ballot weight"]);
    let err = blt_error(&format!("3 2\n4 1 0\n-2 1 0\n0\n{NAMES}"));
    assert_error(&err, 3, &["negative weight `-2`"]);
    let err = blt_error(&format!("3 2\n-2 1 0\n0\n{NAMES}"));
    assert_error(&err, 2, &["negative weight"]);
}

#[test]
fn options_and_withdrawals_are_checked() {
    let err = blt_error(&format!("3 2\n-4\n4 1 0\n0\n{NAMES}"));
    assert_error(&err, 2, &["withdraw", "candidate 4 does not exist"]);
    let err = blt_error(&format!("3 2\n[withdrawn zed]\n4 1 0\n0\n{NAMES}"));
    assert_error(&err, 2, &["unknown candidate `zed`"]);
    let err = blt_error(&format!("3 2\n[tie 1 2]\n4 1 0\n0\n{NAMES}"));
    assert_error(&err, 2, &["tie order names 2 of the 3", "exactly once"]);
    let err = blt_error(&format!("3 2\n[tie 1 2 2]\n4 1 0\n0\n{NAMES}"));
    assert_error(&err, 2, &["candidate 2 is named twice"]);
    let err = blt_error(&format!("3 2\n[nick a b]\n4 1 0\n0\n{NAMES}"));
    assert_error(&err, 2, &["2 nicknames for 3 candidates"]);
    let err = blt_error(&format!("3 2\n[nick a b a]\n4 1 0\n0\n{NAMES}"));
    assert_error(&err, 2, &["nickname `a` is given twice"]);
    let err = blt_error(&format!("3 2\n[nick a 2 c]\n4 1 0\n0\n{NAMES}"));
    assert_error(&err, 2, &["nickname `2` is a number"]);
    let err = blt_error(&format!(
        "3 2\n[nick a b c]\n[nick a b c]\n4 1 0\n0\n{NAMES}"
    ));
    assert_error(&err, 3, &["a second [nick]"]);
    let err = blt_error("3 2\n[nick a b\nc\n");
    assert_error(&err, 2, &["unterminated option", "`]`"]);
    let err = blt_error(&format!("3 2\n4 1 0\n[tie 1 2 3]\n0\n{NAMES}"));
    assert_error(&err, 3, &["option after the first ballot"]);
    let err = blt_error(&format!("3 2\n[tie 1 2 3] 4\n0\n{NAMES}"));
    assert_error(&err, 2, &["unexpected `4` after the `]`"]);
}

#[test]
fn one_ballot_per_line() {
    let err = blt_error(&format!("3 2\n4 1 0 2 3 0\n0\n{NAMES}"));
    assert_error(
        &err,
        2,
        &["unexpected `2` after the `0` that ends the ballot"],
    );
    let err = blt_error(&format!("3 2\n(a) 1 0\n(a) 2 0\n0\n{NAMES}"));
    assert_error(&err, 3, &["ballot id (a) is used twice"]);
}

#[test]
fn duplicate_names_are_blamed_on_the_second() {
    let err = blt_error("3 2\n4 1 0\n0\nCastor\n// a comment\nPollux\nCastor\nTwins\n");
    assert_error(&err, 7, &["both named \"Castor\""]);
}

#[test]
fn crlf_files_report_the_same_lines() {
    let err = blt_error("3 2\r\n4 1 2 0\r\n2 3 9 0\r\n0\r\n");
    assert_error(&err, 3, &["candidate 9"]);
}

#[test]
fn over_long_lines_are_refused() {
    let long = format!("3 2\n4{} 1 0\n0\n{NAMES}", " ".repeat(1 << 20));
    let err = blt_error(&long);
    assert_error(&err, 2, &["bytes per line"]);
}

#[test]
fn csv_errors_name_the_row_and_the_candidate() {
    let options = CsvOptions::new(1);
    let read = |text: &str| {
        let err = csv::read(text.as_bytes(), "bad.csv", &options).expect_err(text);
        check_shape(&err, "bad.csv");
        err
    };
    assert_error(&read(""), 1, &["empty", "header"]);
    assert_error(
        &read("A,B,C\n1,2,\n,x,1\n"),
        3,
        &["cell 2", "candidate `B`", "`x`"],
    );
    assert_error(&read("A,B,C\n1,0,2\n"), 2, &["`0`", "from 1"]);
    assert_error(&read("A,B,C\n1,-2,\n"), 2, &["`-2`"]);
    assert_error(&read("A,B,C\n1,2,\n1,2\n"), 3, &["2 cells", "3 candidates"]);
    assert_error(&read("A,,C\n1,2,\n"), 1, &["column 2", "empty"]);
    assert_error(
        &read("A,B,A\n1,2,3\n"),
        1,
        &["column 3", "both named \"A\""],
    );
    let err = csv::read(b"A;B\n1;2\n", "bad.csv", &CsvOptions::new(0)).expect_err("0 seats");
    assert_error(&err, 1, &["0 seats"]);
    let err = csv::read(b"A;B\n1;2\n", "bad.csv", &CsvOptions::new(3)).expect_err("3 seats");
    assert_error(&err, 1, &["3 seats but only 2"]);
    assert_error(&read("a,b;c\nd;e,f,g\nh|i,j\nk\n"), 1, &["delimiter"]);
    assert_error(&read("Castor\n1\n"), 1, &["delimiter"]);
}

#[test]
fn json_errors_point_at_the_line_of_the_problem() {
    let read = |text: &str| {
        let err = json::read(text.as_bytes(), "bad.json").expect_err(text);
        check_shape(&err, "bad.json");
        err
    };
    let syntax = read("{\n  \"seats\": 2,\n  \"candidates\": [\n}\n");
    assert_error(&syntax, 4, &[]);
    assert!(syntax.column().is_some());
    assert!(syntax.to_string().starts_with("bad.json:4:1: "), "{syntax}");
    let missing = read("{\"candidates\": [], \"ballots\": []}");
    assert_error(&missing, 1, &["missing field `seats`"]);
    let negative = read(
        "{\"seats\": 1, \"candidates\": [{\"name\": \"A\"}],\n \"ballots\": [{\"weight\": -3, \"ranking\": [0]}]}",
    );
    assert_error(&negative, 2, &["weight must not be negative"]);
    let valid_head =
        "{\n\"seats\": 1,\n\"candidates\": [\n{\"name\": \"A\"},\n{\"name\": \"B\"}\n],\n";
    let range = read(&format!(
        "{valid_head}\"ballots\": [\n{{\"weight\": 1, \"ranking\": [0]}},\n{{\"weight\": 1, \"ranking\": [2]}}\n]}}"
    ));
    assert_error(&range, 9, &["candidate index 2 is out of range"]);
    let repeated = read(&format!(
        "{valid_head}\"ballots\": [\n{{\"weight\": 1, \"ranking\": [[0, 1], 0]}}\n]}}"
    ));
    assert_error(&repeated, 8, &["more than once"]);
    let same_name = read(
        "{\n\"seats\": 1,\n\"candidates\": [\n{\"name\": \"A\"},\n{\"name\": \"A\"}\n],\n\"ballots\": []}",
    );
    assert_error(&same_name, 5, &["both named \"A\""]);
    let no_seats = read("{\n\"candidates\": [{\"name\": \"A\"}],\n\"seats\": 0,\n\"ballots\": []}");
    assert_error(&no_seats, 3, &["0 seats"]);
    let tie = read(&format!(
        "{valid_head}\"tie_order\": [1],\n\"ballots\": []}}"
    ));
    assert_error(&tie, 7, &["tie order names 1 of the 2"]);
    let withdrawn = read(&format!(
        "{valid_head}\"withdrawn\": [\n7],\n\"ballots\": []}}"
    ));
    assert_error(&withdrawn, 8, &["out of range"]);
}

/// A small valid BLT file in several dialects, to mutate.
const SEED_FILE: &str = "// seed\n4 2 -4\n[nick a b c d]\n[tie d c b a]\n3 a b=c 0\n(id) 1 0\n0 2 0\n2 4 3\n0\n\"Alice\"\nBob BROWN\n\"Carol\" \"Dan\"\nTitle\n";

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        for result in [
            blt::read(&bytes, "r"),
            csv::read(&bytes, "r", &CsvOptions::new(1)),
            json::read(&bytes, "r"),
        ] {
            if let Err(err) = result {
                let shown = err.to_string();
                let prefix = format!("r:{}:", err.line());
                prop_assert!(shown.starts_with(&prefix), "{}", shown);
                prop_assert!(!shown.contains('\n'), "{}", shown);
            }
        }
    }

    #[test]
    fn mutated_blt_files_never_panic_and_blame_a_real_line(
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0u8..3, edit_char()), 1..6)
    ) {
        let mut text: Vec<char> = SEED_FILE.chars().collect();
        for (at, kind, c) in edits {
            let i = at.index(text.len() + 1);
            match kind {
                0 if i < text.len() => {
                    text.remove(i);
                }
                1 => text.insert(i, c),
                _ => text.truncate(i),
            }
        }
        let text: String = text.into_iter().collect();
        if let Err(err) = blt::read(text.as_bytes(), "m") {
            let lines = text.split('\n').count();
            prop_assert!(err.line() >= 1 && err.line() <= lines, "{} in {} lines", err, lines);
        }
    }
}

fn edit_char() -> impl Strategy<Value = char> {
    prop_oneof![
        1 => any::<char>(),
        3 => prop::sample::select(vec!['0', '1', '9', ' ', '\n', '"', '=', '[', ']', '-', '#', '/', '*', '(']),
    ]
}

#[test]
fn the_seed_file_of_the_mutation_test_is_valid() {
    let election = blt::read(SEED_FILE.as_bytes(), "seed").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(election.candidates.len(), 4);
    assert_eq!(election.name(slatewise_stv::CandidateId(3)), "Dan");
    assert_eq!(election.title, "Title");
    assert_eq!(election.ballots.total_weight().to_u64(), Some(6));
}
