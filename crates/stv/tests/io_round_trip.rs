//! Random elections survive BLT and JSON round trips exactly.

use proptest::prelude::*;
use slatewise_stv::io::{blt, json};
use slatewise_stv::{Ballot, Candidate, CandidateId, Election, Profile, Ranking, Weight};

/// Text a BLT name or title can hold: anything but NUL and line breaks (quotes, `=`, `#`,
/// `//`, blanks at the ends and non-ASCII included).
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[^\u{0}\n\r]{0,12}",
        "[ \"=#/0-9a-z]{0,8}",
        Just(String::new()),
        Just("\"".to_owned()),
        Just("  Kieran  Wild ".to_owned()),
    ]
}

fn weight() -> impl Strategy<Value = Weight> {
    prop_oneof![
        8 => (0u64..1000).prop_map(Weight::from),
        1 => any::<u64>().prop_map(Weight::from),
        1 => "[1-9][0-9]{19,40}".prop_map(|d| Weight::parse_decimal(&d).expect("digits")),
    ]
}

/// A ranking of some of `n` candidates, in groups of one to three.
fn ranking(n: usize) -> impl Strategy<Value = Ranking> {
    (
        Just((0..n as u32).map(CandidateId).collect::<Vec<_>>()).prop_shuffle(),
        0..=n,
        prop::collection::vec(1usize..=3, n),
    )
        .prop_map(|(order, len, sizes)| {
            let mut rest = &order[..len];
            let mut groups = Vec::new();
            for size in sizes {
                if rest.is_empty() {
                    break;
                }
                let (group, after) = rest.split_at(size.min(rest.len()));
                groups.push(group.to_vec());
                rest = after;
            }
            Ranking::from_groups(groups)
        })
}

fn election() -> impl Strategy<Value = Election> {
    (1usize..=7).prop_flat_map(|n| {
        (
            text(),
            prop::collection::vec(text(), n),
            prop::collection::vec(any::<bool>(), n),
            any::<bool>(),
            Just((0..n as u32).map(CandidateId).collect::<Vec<_>>()).prop_shuffle(),
            prop::collection::vec((weight(), ranking(n)), 0..12),
            any::<prop::sample::Index>(),
        )
            .prop_map(
                move |(title, names, withdraw, with_tie, tie, ballots, seat_pick)| {
                    // Unique names: each ends with its own index.
                    let candidates = names
                        .iter()
                        .enumerate()
                        .map(|(i, name)| Candidate::new(format!("{name}{i}")))
                        .collect();
                    // Keep at least one candidate standing.
                    let mut withdrawn: Vec<CandidateId> = (0..n)
                        .filter(|&i| withdraw[i] && i + 1 < n)
                        .map(CandidateId::from)
                        .collect();
                    withdrawn.reverse();
                    let standing = n - withdrawn.len();
                    Election {
                        title,
                        seats: 1 + seat_pick.index(standing),
                        candidates,
                        withdrawn,
                        tie_order: with_tie.then_some(tie),
                        ballots: Profile::from_ballots(
                            ballots.into_iter().map(|(w, r)| Ballot::new(w, r)),
                        ),
                    }
                },
            )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn blt_write_then_read_gives_the_same_election(election in election()) {
        prop_assert!(election.validate().is_ok());
        let text = blt::write(&election);
        let again = blt::read(text.as_bytes(), "random.blt");
        prop_assert_eq!(again.as_ref(), Ok(&election), "{}", text);
        prop_assert_eq!(blt::write(&again.expect("read")), text);
    }

    #[test]
    fn json_write_then_read_gives_the_same_election(election in election()) {
        let text = json::write(&election);
        let again = json::read(text.as_bytes(), "random.json");
        prop_assert_eq!(again.as_ref(), Ok(&election), "{}", text);
        // The compact serde form reads the same too.
        let compact = serde_json::to_string(&election).expect("serialises");
        prop_assert_eq!(json::read(compact.as_bytes(), "compact.json"), Ok(election));
    }

    #[test]
    fn blt_to_json_to_blt_is_the_identity(election in election()) {
        let from_json = json::read(json::write(&election).as_bytes(), "e.json").expect("json");
        prop_assert_eq!(blt::write(&from_json), blt::write(&election));
    }
}
