//! ERS97 and NEC counts at the edges: withdrawn candidates, blank and equal-preference
//! ballots, candidates without votes, weights too big for 64-bit fixed point.

use slatewise_stv::transcript::Action;
use slatewise_stv::{
    Ballot, Candidate, CandidateId, Election, Method, Profile, Ranking, Rules, Weight, count,
};

fn ids(list: &[u32]) -> Vec<CandidateId> {
    list.iter().map(|&i| CandidateId(i)).collect()
}

fn election(seats: usize, n: usize, ballots: Vec<Ballot>) -> Election {
    Election {
        title: String::new(),
        seats,
        candidates: ["A", "B", "C", "D", "E"][..n]
            .iter()
            .map(|&name| Candidate::new(name))
            .collect(),
        withdrawn: vec![],
        tie_order: None,
        ballots: Profile::from_ballots(ballots),
    }
}

/// Papers whose only preferences are for withdrawn candidates are invalid (ERS97 6.24), not
/// non-transferable: they count neither in the valid vote nor in the quota.
#[test]
fn withdrawn_candidates_are_skipped_and_their_only_papers_are_invalid() {
    let mut e = election(
        1,
        3,
        vec![
            Ballot::new(5, Ranking::strict(ids(&[0, 1]))),
            Ballot::new(4, Ranking::strict(ids(&[1]))),
            Ballot::new(3, Ranking::strict(ids(&[2]))),
        ],
    );
    e.withdrawn = vec![CandidateId(0)];
    let t = count(&e, &Rules::preset(Method::Ers97)).expect("the count runs");
    // A's 5 papers go straight to B; 12 valid votes, quota 6.00; B 9 wins at once.
    assert_eq!(t.valid_votes, "12.00");
    assert_eq!(t.quota, "6.00");
    assert_eq!(t.winners(), ["B"]);
    assert_eq!(t.stages[0].exhausted, "0.00");

    e.ballots = Profile::from_ballots(vec![
        Ballot::new(5, Ranking::strict(ids(&[0]))),
        Ballot::new(4, Ranking::strict(ids(&[1]))),
        Ballot::new(3, Ranking::strict(ids(&[2]))),
        Ballot::new(2, Ranking::default()),
    ]);
    let t = count(&e, &Rules::preset(Method::Ers97)).expect("the count runs");
    assert_eq!(t.valid_votes, "7.00");
    assert_eq!(t.quota, "3.50");
    assert_eq!(t.stages[0].exhausted, "0.00");
    assert_eq!(t.winners(), ["B"]);
}

/// Equal preferences split a paper's value equally (rounded down; the remainder is rounding
/// loss), and the stages still add up.
#[test]
fn equal_preferences_split_the_value() {
    let e = election(
        1,
        4,
        vec![
            Ballot::new(1, Ranking::from_groups([ids(&[0, 1, 2])])),
            Ballot::new(2, Ranking::strict(ids(&[3]))),
        ],
    );
    let t = count(&e, &Rules::preset(Method::Ers97)).expect("the count runs");
    assert_eq!(t.valid_votes, "3.00");
    assert_eq!(
        t.stages[0]
            .tallies
            .iter()
            .map(|(_, v)| v)
            .collect::<Vec<_>>(),
        ["0.33", "0.33", "0.33", "2.00"]
    );
    assert_eq!(t.stages[0].rounding_loss, "0.01");
    assert_eq!(t.winners(), ["D"]);
}

/// As many candidates as seats: all are elected, even with no votes at all.
#[test]
fn as_many_candidates_as_seats() {
    let e = election(3, 3, vec![Ballot::new(7, Ranking::strict(ids(&[0])))]);
    for method in [Method::Ers97, Method::Nec] {
        let t = count(&e, &Rules::preset(method)).expect("the count runs");
        assert_eq!(t.elected.len(), 3, "{method}");
        assert_eq!(t.stages.len(), 1, "{method}");
    }
}

/// Nobody voted: the seats are still filled, by exclusions (here decided by lot) and 5.5.1.
#[test]
fn no_valid_votes() {
    let e = election(2, 4, vec![Ballot::new(3, Ranking::default())]);
    let t = count(&e, &Rules::preset(Method::Ers97)).expect("the count runs");
    assert_eq!(t.valid_votes, "0.00");
    assert_eq!(t.elected.len(), 2);
    let last = t.stages.last().map(|s| s.action);
    assert_eq!(last, Some(Action::Completion));
    assert!(t.ties.iter().all(|tie| tie.method == "lot"));
}

/// Weights beyond what 64-bit fixed point holds are counted in big fixed point, with the same
/// rules: 4, 3 and 2 × 10^20 votes, 1 seat, quota 4.5 × 10^20; C is excluded and B wins.
#[test]
fn huge_weights() {
    let big = |text: &str| Weight::parse_decimal(text).expect("a decimal weight");
    let e = election(
        1,
        3,
        vec![
            Ballot::new(big("400000000000000000000"), Ranking::strict(ids(&[0]))),
            Ballot::new(big("300000000000000000000"), Ranking::strict(ids(&[1]))),
            Ballot::new(big("200000000000000000000"), Ranking::strict(ids(&[2, 1]))),
        ],
    );
    let t = count(&e, &Rules::preset(Method::Ers97)).expect("the count runs");
    assert_eq!(t.quota, "450000000000000000000.00");
    assert_eq!(t.winners(), ["B"]);
    assert_eq!(t.elected[0].stage, 2);
}
