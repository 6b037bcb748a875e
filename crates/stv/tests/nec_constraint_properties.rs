//! Seat constraints under the Gregory rules (NEC, ERS97, Scottish STV and WIGM), over random
//! small elections: whenever a constraint can be met by the candidates standing, the count
//! fills every seat and meets it.

use proptest::prelude::*;
use slatewise_stv::{
    Ballot, Candidate, CandidateId, Election, Method, Profile, Ranking, Rules, SeatConstraint,
    count,
};

/// A random election with some candidates tagged `w`, and a constraint on `w`.
#[derive(Clone, Debug)]
struct Case {
    seats: usize,
    tagged: Vec<bool>,
    ballots: Vec<(u64, Vec<usize>)>,
    min: usize,
    max: Option<usize>,
}

fn case() -> impl Strategy<Value = Case> {
    (3usize..=8).prop_flat_map(|n| {
        let ballot = (
            1u64..=50,
            Just((0..n).collect::<Vec<_>>()).prop_shuffle(),
            1..=n,
        )
            .prop_map(|(weight, order, len)| (weight, order[..len].to_vec()));
        (
            1..=n.min(4),
            prop::collection::vec(any::<bool>(), n),
            prop::collection::vec(ballot, 1..=30),
            0usize..=4,
            prop::option::of(0usize..=4),
        )
            .prop_map(|(seats, tagged, ballots, min, max)| Case {
                seats,
                tagged,
                ballots,
                min: min.min(seats),
                max,
            })
    })
}

const NAMES: [&str; 8] = ["Ann", "Bob", "Cy", "Di", "Ed", "Flo", "Gus", "Hal"];

fn election(case: &Case) -> Election {
    Election {
        title: String::new(),
        seats: case.seats,
        candidates: case
            .tagged
            .iter()
            .zip(NAMES)
            .map(|(&t, name)| {
                let c = Candidate::new(name);
                if t { c.with_tag("w") } else { c }
            })
            .collect(),
        withdrawn: vec![],
        tie_order: None,
        ballots: Profile::from_ballots(case.ballots.iter().map(|(weight, ranking)| {
            Ballot::new(
                *weight,
                Ranking::strict(ranking.iter().map(|&c| CandidateId::from(c)).collect()),
            )
        })),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn a_constraint_that_can_be_met_is_met(case in case()) {
        let e = election(&case);
        let tagged = case.tagged.iter().filter(|&&t| t).count();
        let untagged = case.tagged.len() - tagged;
        // Tagged seats possible: at least `low` (the min, or seats the untagged cannot fill),
        // at most `high` (the max, or the tagged candidates standing).
        let low = case.min.max(case.seats.saturating_sub(untagged));
        let high = case.max.unwrap_or(usize::MAX).min(tagged);
        for method in [Method::Nec, Method::Ers97, Method::Scottish, Method::Wigm] {
            let mut rules = Rules::preset(method);
            rules.constraints.push(SeatConstraint { tag: "w".into(), min: case.min, max: case.max });
            let t = count(&e, &rules);
            prop_assert!(t.is_ok(), "{}: {:?}", method, t.err());
            let Ok(t) = t else { continue };
            prop_assert!(t.elected.len() <= case.seats, "{}", method);
            if low <= high {
                let won = t.elected.iter().filter(|x| case.tagged[x.index]).count();
                prop_assert_eq!(t.elected.len(), case.seats, "{}\n{}", method, t.to_text());
                prop_assert!(won >= case.min, "{}: {} tagged won\n{}", method, won, t.to_text());
                prop_assert!(
                    won <= case.max.unwrap_or(usize::MAX),
                    "{}: {} tagged won\n{}",
                    method,
                    won,
                    t.to_text()
                );
            }
        }
    }
}
