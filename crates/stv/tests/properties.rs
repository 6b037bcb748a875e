//! Properties every rule preset must have, over random small elections: 3–8 candidates, 1–4
//! seats, 1–30 distinct rankings (many truncated) cast by 1–50 voters each.
//!
//! Each property runs every preset in [`Method::ALL`]; a preset whose count reports
//! [`CountError::Unsupported`] is skipped explicitly, so rules are covered as soon as they land.

use std::collections::BTreeSet;

use proptest::prelude::*;
use slatewise_stv::{
    Ballot, Candidate, CandidateId, CountError, Election, Method, Profile, Ranking, Rules,
    Transcript, count,
};

/// A random election before it is built: rankings are lists of candidate indices.
#[derive(Clone, Debug)]
struct Spec {
    candidates: usize,
    seats: usize,
    ballots: Vec<(u64, Vec<usize>)>,
    /// A permutation of the candidates, for relabelling.
    relabel: Vec<usize>,
    /// A permutation of the ballots, for reordering.
    reorder: Vec<usize>,
}

fn spec() -> impl Strategy<Value = Spec> {
    (3usize..=8)
        .prop_flat_map(|n| {
            let ballot = (
                1u64..=50,
                Just((0..n).collect::<Vec<_>>()).prop_shuffle(),
                1..=n,
            )
                .prop_map(|(weight, order, len)| (weight, order[..len].to_vec()));
            (
                Just(n),
                1..=n.min(4),
                prop::collection::vec(ballot, 1..=30),
                Just((0..n).collect::<Vec<_>>()).prop_shuffle(),
            )
        })
        .prop_flat_map(|(n, seats, ballots, relabel)| {
            let reorder = Just((0..ballots.len()).collect::<Vec<_>>()).prop_shuffle();
            (Just(n), Just(seats), Just(ballots), Just(relabel), reorder)
        })
        .prop_map(|(candidates, seats, ballots, relabel, reorder)| Spec {
            candidates,
            seats,
            ballots,
            relabel,
            reorder,
        })
}

const NAMES: [&str; 8] = ["Ann", "Bob", "Cy", "Di", "Ed", "Flo", "Gus", "Hal"];

/// Build the election: candidate `i` of the spec is placed at index `position[i]`, and the
/// ballots are taken in the order `order`.
fn build(spec: &Spec, position: &[usize], order: &[usize]) -> Election {
    let mut candidates = vec![Candidate::new(""); spec.candidates];
    for (i, &at) in position.iter().enumerate() {
        candidates[at] = Candidate::new(NAMES[i]);
    }
    let ballots = order.iter().map(|&b| {
        let (weight, ranking) = &spec.ballots[b];
        Ballot::new(
            *weight,
            Ranking::strict(
                ranking
                    .iter()
                    .map(|&c| CandidateId::from(position[c]))
                    .collect(),
            ),
        )
    });
    Election {
        title: String::new(),
        seats: spec.seats,
        candidates,
        withdrawn: vec![],
        tie_order: None,
        ballots: Profile::from_ballots(ballots),
    }
}

fn plain(spec: &Spec) -> Election {
    let identity: Vec<usize> = (0..spec.candidates).collect();
    let order: Vec<usize> = (0..spec.ballots.len()).collect();
    build(spec, &identity, &order)
}

/// Count under `method`, or `None` when the rule is not implemented yet.
fn run(election: &Election, method: Method) -> Option<Transcript> {
    match count(election, &Rules::preset(method)) {
        Ok(t) => Some(t),
        Err(CountError::Unsupported(_)) => None,
        Err(e) => panic!("{method}: the count failed: {e}"),
    }
}

/// A transcript decimal as an exact number of units of its last place.
fn units(text: &str, places: usize) -> i128 {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    assert_eq!(
        fraction.len(),
        places,
        "{text:?} should have {places} places"
    );
    let value: i128 = format!("{whole}{fraction}")
        .parse()
        .unwrap_or_else(|_| panic!("not a decimal: {text:?}"));
    if negative { -value } else { value }
}

fn places(t: &Transcript) -> usize {
    t.valid_votes.split_once('.').map_or(0, |(_, f)| f.len())
}

fn winner_set(t: &Transcript) -> BTreeSet<&str> {
    t.winners().into_iter().collect()
}

fn drew_lots(t: &Transcript) -> bool {
    t.ties.iter().any(|tie| tie.method == "lot")
}

/// 64 cases per property (each case counts under every rule); set `PROPTEST_CASES` for a
/// deeper run.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(64);
    ProptestConfig::with_cases(cases)
}

/// The Gregory rules are implemented, so the properties are not vacuous for them.
#[test]
fn the_gregory_rules_are_covered() {
    let spec = Spec {
        candidates: 3,
        seats: 1,
        ballots: vec![(4, vec![0]), (3, vec![1]), (2, vec![2, 1])],
        relabel: vec![2, 0, 1],
        reorder: vec![2, 1, 0],
    };
    let e = plain(&spec);
    for method in [Method::Scottish, Method::Wigm, Method::Ers97, Method::Nec] {
        let t = run(&e, method).unwrap_or_else(|| panic!("{method} is not implemented"));
        assert_eq!(t.winners(), ["Bob"], "{method}");
        assert!(t.ties.is_empty(), "{method}");
    }
}

proptest! {
    #![proptest_config(config())]

    /// (a) Exactly `seats` winners (every generated election has at least `seats` candidates).
    #[test]
    fn every_seat_is_filled(spec in spec()) {
        let e = plain(&spec);
        for method in Method::ALL {
            let Some(t) = run(&e, method) else { continue };
            prop_assert_eq!(t.elected.len(), spec.seats, "{}", method);
            let distinct: BTreeSet<usize> = t.elected.iter().map(|x| x.index).collect();
            prop_assert_eq!(distinct.len(), spec.seats, "{}: someone elected twice", method);
        }
    }

    /// (b) At every stage the tallies, exhausted votes and rounding loss add up to the valid
    /// votes exactly, and the rounding loss is never negative.
    #[test]
    fn every_stage_accounts_for_every_vote(spec in spec()) {
        let e = plain(&spec);
        for method in Method::ALL {
            let Some(t) = run(&e, method) else { continue };
            let p = places(&t);
            let valid = units(&t.valid_votes, p);
            for stage in &t.stages {
                let tallies: i128 = stage.tallies.iter().map(|(_, v)| units(v, p)).sum();
                let loss = units(&stage.rounding_loss, p);
                let exhausted = units(&stage.exhausted, p);
                prop_assert!(loss >= 0, "{}: stage {} loses {}", method, stage.number, loss);
                prop_assert!(exhausted >= 0, "{}: stage {}", method, stage.number);
                prop_assert_eq!(
                    tallies + exhausted + loss,
                    valid,
                    "{}: stage {} does not add up",
                    method,
                    stage.number
                );
            }
            prop_assert!(units(&t.rounding_loss, p) >= 0, "{}", method);
        }
    }

    /// (c) Relabelling the candidates (permuting the list and remapping the ballots) elects
    /// the same people, unless a tie had to be drawn by lot (a draw may depend on labels).
    #[test]
    fn relabelling_candidates_changes_nothing(spec in spec()) {
        let e = plain(&spec);
        let order: Vec<usize> = (0..spec.ballots.len()).collect();
        let relabelled = build(&spec, &spec.relabel, &order);
        for method in Method::ALL {
            let Some(t) = run(&e, method) else { continue };
            let Some(r) = run(&relabelled, method) else { continue };
            if drew_lots(&t) || drew_lots(&r) {
                continue;
            }
            prop_assert_eq!(winner_set(&t), winner_set(&r), "{}", method);
        }
    }

    /// (d) The order in which ballots are given never changes the result.
    #[test]
    fn reordering_ballots_changes_nothing(spec in spec()) {
        let e = plain(&spec);
        let identity: Vec<usize> = (0..spec.candidates).collect();
        let reordered = build(&spec, &identity, &spec.reorder);
        for method in Method::ALL {
            let Some(t) = run(&e, method) else { continue };
            let Some(r) = run(&reordered, method) else { continue };
            prop_assert_eq!(&t.elected, &r.elected, "{}", method);
            prop_assert_eq!(&t.excluded, &r.excluded, "{}", method);
            prop_assert_eq!(t.stages.len(), r.stages.len(), "{}", method);
        }
    }

    /// (e) A candidate with more than a quota of first preferences is elected.
    #[test]
    fn more_than_a_quota_of_first_preferences_elects(spec in spec()) {
        let e = plain(&spec);
        for method in Method::ALL {
            let Some(t) = run(&e, method) else { continue };
            let p = places(&t);
            let first = &t.stages[0];
            let quota = units(&first.quota, p);
            let winners = winner_set(&t);
            for (name, votes) in first.tallies.iter() {
                if units(votes, p) > quota {
                    prop_assert!(
                        winners.contains(name),
                        "{}: {} has {} first preferences, quota {}, but is not elected",
                        method,
                        name,
                        votes,
                        first.quota
                    );
                }
            }
        }
    }

    /// (f) Counting twice gives identical transcripts.
    #[test]
    fn counting_is_deterministic(spec in spec()) {
        let e = plain(&spec);
        for method in Method::ALL {
            let Some(t) = run(&e, method) else { continue };
            let again = run(&e, method);
            prop_assert_eq!(Some(t), again, "{}", method);
        }
    }
}
