//! Conformance: the Wikipedia worked examples and the Dublin North 2002 file elect the expected
//! candidates (see `../shared/corpus/README.md`).
//!
//! Dublin North is a winner-set check only: its official count used the Irish random-sample
//! rules, which none of our rules reproduces stage by stage.

use std::path::PathBuf;

use slatewise_stv::io::{self, CsvOptions, Format};
use slatewise_stv::{Election, Method, Rules, count};

fn read(path: &str, seats: usize) -> Election {
    let full = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpus")
        .join(path);
    let bytes = std::fs::read(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()));
    let format = Format::from_path(&full).expect("known extension");
    io::read(format, &bytes, path, &CsvOptions::new(seats)).unwrap_or_else(|e| panic!("{e}"))
}

/// The winners as a sorted list, for comparing sets.
fn winners(election: &Election, method: Method) -> Vec<String> {
    let transcript =
        count(election, &Rules::preset(method)).unwrap_or_else(|e| panic!("{method}: {e}"));
    let mut names: Vec<String> = transcript.winners().iter().map(|s| s.to_string()).collect();
    names.sort();
    names
}

const GREGORY_AND_MEEK: [Method; 5] = [
    Method::Scottish,
    Method::Wigm,
    Method::Meek,
    Method::Warren,
    Method::Ers97,
];

#[test]
fn wikipedia_single_transferable_vote_example() {
    // 20 voters, 3 seats: Chocolate, Orange and Strawberry.
    let election = read("examples/wikipedia-stv.blt", 3);
    for method in GREGORY_AND_MEEK {
        assert_eq!(
            winners(&election, method),
            ["Chocolate", "Orange", "Strawberry"],
            "{method}"
        );
    }
}

#[test]
fn wikipedia_counting_single_transferable_votes_example() {
    // 57 voters, 2 seats: Andrea and Carter.
    let election = read("examples/wikipedia-counting_stv.blt", 2);
    for method in GREGORY_AND_MEEK {
        assert_eq!(winners(&election, method), ["Andrea", "Carter"], "{method}");
    }
}

#[test]
fn dublin_north_2002_elects_the_official_four() {
    let election = read("perf/dublin_north_leg_2002.csv", 4);
    assert_eq!(election.ballots.total_weight().to_u64(), Some(43_942));
    let expected = [
        "Glennon,Jim,F.F.",
        "Ryan,Seán,Lab",
        "Sargent,Trevor,G.P.",
        "Wright,G.V.,F.F.",
    ];
    for method in GREGORY_AND_MEEK {
        assert_eq!(winners(&election, method), expected, "{method}");
    }
}
