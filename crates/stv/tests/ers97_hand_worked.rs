//! ERS97 counts worked by hand.
//!
//! Each election is small enough to count on paper; the comments give the working, with the
//! section of the ERS97 rules (Newland & Britton, 3rd ed., 1997) that decides each step. All
//! values are to two decimal places, truncated, as ERS97 prescribes. Every test checks exact
//! stage totals, so a change in any rule shows up as a changed number.

use slatewise_stv::arith::ArithmeticKind;
use slatewise_stv::transcript::Action;
use slatewise_stv::{
    Ballot, Candidate, CandidateId, Election, Method, Profile, Ranking, Rules, Transcript, count,
};

/// An election from candidate names and `(weight, "A B C")` ballots.
fn election(seats: usize, names: &[&str], ballots: &[(u64, &str)]) -> Election {
    let id = |name: &str| {
        let index = names.iter().position(|n| *n == name);
        CandidateId(index.unwrap_or_else(|| panic!("unknown candidate {name}")) as u32)
    };
    Election {
        title: String::new(),
        seats,
        candidates: names.iter().map(|n| Candidate::new(*n)).collect(),
        withdrawn: vec![],
        tie_order: None,
        ballots: Profile::from_ballots(ballots.iter().map(|(weight, ranking)| {
            Ballot::new(
                *weight,
                Ranking::strict(ranking.split_whitespace().map(id).collect()),
            )
        })),
    }
}

fn ers97(e: &Election) -> Transcript {
    count(e, &Rules::preset(Method::Ers97)).expect("the count runs")
}

/// Every candidate's total at stage `n` (1-based), in input order.
fn tallies(t: &Transcript, n: usize) -> Vec<&str> {
    t.stages[n - 1].tallies.iter().map(|(_, v)| v).collect()
}

fn elected(t: &Transcript) -> Vec<(&str, usize)> {
    t.elected
        .iter()
        .map(|e| (e.name.as_str(), e.stage))
        .collect()
}

fn notes(t: &Transcript, n: usize) -> String {
    t.stages[n - 1].notes.join("\n")
}

/// Last parcel (5.3.2) and truncation (5.3.7). 3 seats, 120 votes, quota 120/4 = 30.00.
///
/// | stage | A | B | C | D | E | loss |
/// |---|---|---|---|---|---|---|
/// | 1 first preferences | 40* | 25 | 20 | 18 | 17 | |
/// | 2 A's surplus 10 over all 40 papers (5.3.1): 10/40 = 0.25 each, all to B | 30 | 35* | 20 | 18 | 17 | |
/// | 3 B's surplus 5 over the last parcel only: the 40 papers at 0.25 (5.3.2), next preference D; 5/40 = 0.125, truncated to 0.12 | 30 | 30 | 20 | 22.80 | 17 | 0.20 |
/// | 4 E excluded, 17 papers to C | 30 | 30 | 37* | 22.80 | 0 | 0.20 |
///
/// Not deferred at stage 2 (surplus 10 > 18 − 17) or 3 (5 > 1). Under the inclusive Gregory
/// method B's surplus would have been spread over B's 25 first preferences too (to C), so D
/// would have gained 5 × 10/35 ≈ 1.42 instead of 4.80.
#[test]
fn surplus_arising_later_comes_from_the_last_parcel_only() {
    let e = election(
        3,
        &["A", "B", "C", "D", "E"],
        &[
            (40, "A B D"),
            (25, "B C"),
            (20, "C"),
            (18, "D"),
            (17, "E C"),
        ],
    );
    let t = ers97(&e);
    assert_eq!(t.quota, "30.00");
    assert_eq!(t.valid_votes, "120.00");
    assert_eq!(
        tallies(&t, 1),
        ["40.00", "25.00", "20.00", "18.00", "17.00"]
    );
    assert_eq!(
        tallies(&t, 2),
        ["30.00", "35.00", "20.00", "18.00", "17.00"]
    );
    assert_eq!(t.stages[1].transfer_value.as_deref(), Some("0.25"));
    assert_eq!(
        tallies(&t, 3),
        ["30.00", "30.00", "20.00", "22.80", "17.00"]
    );
    assert_eq!(t.stages[2].transfer_value.as_deref(), Some("0.12"));
    assert_eq!(t.stages[2].rounding_loss, "0.20");
    assert!(
        t.stages[2]
            .description
            .contains("last parcel, received at stage 2")
    );
    assert_eq!(tallies(&t, 4), ["30.00", "30.00", "37.00", "22.80", "0.00"]);
    assert_eq!(t.stages.len(), 4);
    assert_eq!(elected(&t), [("A", 1), ("B", 2), ("C", 4)]);
    assert_eq!(t.excluded[0].name, "E");
    assert_eq!(t.rounding_loss, "0.20");
    assert_eq!(t.exhausted, "0.00");
}

/// Deferral, 5.2.2(a). 2 seats, 58 votes: quota 58/3 = 19.333.., rounded up to 19.34 (5.1.6).
///
/// Stage 1: A 23* (surplus 3.66), B 15, C 12, D 8. The surplus does not exceed the gap between
/// the two lowest, 12 − 8 = 4, so it is deferred and D is excluded at stage 2 (alone: 8 + 12 +
/// 3.66 > 15). D's papers: 6 to B (21 ≥ 19.34, elected), 2 to C (14). Both places are filled
/// and A's surplus is never transferred. Transferring it first (3.66/23 = 0.15 a paper to C)
/// would have given C 3.45 more and taken an extra stage.
#[test]
fn a_surplus_that_cannot_save_the_lowest_is_deferred() {
    let e = election(
        2,
        &["A", "B", "C", "D"],
        &[(23, "A C"), (15, "B"), (12, "C"), (6, "D B"), (2, "D C")],
    );
    let t = ers97(&e);
    assert_eq!(t.quota, "19.34");
    assert_eq!(t.stages.len(), 2);
    assert_eq!(t.stages[1].action, Action::Exclusion);
    assert_eq!(t.stages[1].candidates, ["D"]);
    assert!(notes(&t, 2).contains("5.2.2(a)"), "{}", notes(&t, 2));
    assert_eq!(tallies(&t, 2), ["23.00", "21.00", "14.00", "0.00"]);
    assert_eq!(elected(&t), [("A", 1), ("B", 2)]);
}

/// Deferral, 5.2.2(b), and several candidates excluded together (5.2.5). 2 seats, 77 votes:
/// quota 77/3 = 25.666.. → 25.67.
///
/// Stage 1: A 30* (surplus 4.33), B 20, C 16, D 6, E 5. Not 5.2.2(a): 4.33 > 6 − 5. But D and
/// E together (11) trail C by 5 ≥ 4.33, so the surplus is deferred under (b), and at stage 2
/// D and E are excluded together: 5 + 6 + 4.33 = 15.33 ≤ 16 (C), whereas adding C is not
/// allowed (5 + 6 + 16 + 4.33 > 20). Their papers all have value 1, so it is one batch: D's 6
/// to C (22), E's 5 to B (25). Stage 3: the surplus is transferred now (4.33 > 25 − 22): 30
/// papers, 4.33/30 = 0.1443 → 0.14 each to C, adding 4.20: 26.20 ≥ 25.67, elected; 0.13 is
/// lost to rounding.
#[test]
fn deferral_by_a_group_and_exclusion_of_the_group() {
    let e = election(
        2,
        &["A", "B", "C", "D", "E"],
        &[(30, "A C"), (20, "B"), (16, "C"), (6, "D C"), (5, "E B")],
    );
    let t = ers97(&e);
    assert_eq!(t.quota, "25.67");
    assert!(notes(&t, 2).contains("5.2.2(b)"), "{}", notes(&t, 2));
    // Listed lowest first.
    assert_eq!(t.stages[1].candidates, ["E", "D"]);
    assert_eq!(tallies(&t, 2), ["30.00", "25.00", "22.00", "0.00", "0.00"]);
    assert_eq!(t.stages[2].action, Action::Surplus);
    assert_eq!(t.stages[2].transfer_value.as_deref(), Some("0.14"));
    assert_eq!(tallies(&t, 3), ["25.67", "25.00", "26.20", "0.00", "0.00"]);
    assert_eq!(t.stages[2].rounding_loss, "0.13");
    assert_eq!(elected(&t), [("A", 1), ("C", 3)]);
    let excluded: Vec<_> = t
        .excluded
        .iter()
        .map(|x| (x.name.as_str(), x.stage))
        .collect();
    assert_eq!(excluded, [("E", 2), ("D", 2)]);
}

/// Exclusion in batches (5.4), each batch its own stage. 3 seats, 98 votes: quota 98/4 = 24.50.
///
/// | stage | A | B | C | D | E | loss |
/// |---|---|---|---|---|---|---|
/// | 1 | 40* | 22 | 14 | 6 | 16 | |
/// | 2 A's 15.50 over 40 papers: 0.3875 → 0.38; 20 to D, 20 to C (7.60 each) | 24.50 | 22 | 21.60 | 13.60 | 16 | 0.30 |
/// | 3 D excluded, batch 1 of 2: 6 papers at 1.00 to B | 24.50 | 28* | 21.60 | 7.60 | 16 | 0.30 |
/// | 4 batch 2 of 2: 20 papers at 0.38, "A D B E": B is now elected, so they go to E (5.4.10) | 24.50 | 28 | 21.60 | 0 | 23.60 | 0.30 |
/// | 5 B's surplus 3.50 from the last parcel: the 6 papers of batch 1, "D B C"; 3.50/6 = 0.5833 → 0.58 | 24.50 | 24.50 | 25.08* | 0 | 23.60 | 0.32 |
///
/// At stage 2 the surplus is not deferred (15.50 > 14 − 6). At the end of stage 4, E (23.60)
/// is below the total active vote over two, (21.60 + 23.60 + 3.50)/2 = 24.35, so nobody is
/// elected until B's surplus moves.
#[test]
fn an_excluded_candidates_papers_move_in_batches_highest_value_first() {
    let e = election(
        3,
        &["A", "B", "C", "D", "E"],
        &[
            (20, "A D B E"),
            (20, "A C"),
            (22, "B"),
            (14, "C"),
            (6, "D B C"),
            (16, "E"),
        ],
    );
    let t = ers97(&e);
    assert_eq!(t.quota, "24.50");
    assert_eq!(
        tallies(&t, 2),
        ["24.50", "22.00", "21.60", "13.60", "16.00"]
    );
    assert_eq!(t.stages[1].rounding_loss, "0.30");
    assert_eq!(tallies(&t, 3), ["24.50", "28.00", "21.60", "7.60", "16.00"]);
    assert_eq!(t.stages[2].transfer_value.as_deref(), Some("1.00"));
    assert!(t.stages[2].description.contains("batch 1 of 2"));
    assert_eq!(t.stages[2].elected, ["B"]);
    assert_eq!(tallies(&t, 4), ["24.50", "28.00", "21.60", "0.00", "23.60"]);
    assert_eq!(t.stages[3].transfer_value.as_deref(), Some("0.38"));
    assert!(t.stages[3].description.contains("batch 2 of 2"));
    assert_eq!(tallies(&t, 5), ["24.50", "24.50", "25.08", "0.00", "23.60"]);
    assert_eq!(t.stages[4].transfer_value.as_deref(), Some("0.58"));
    assert!(
        t.stages[4]
            .description
            .contains("received at stage 3 at value 1.00")
    );
    assert_eq!(t.rounding_loss, "0.32");
    assert_eq!(elected(&t), [("A", 1), ("B", 3), ("C", 5)]);
    assert_eq!(t.excluded[0].stage, 3);
}

/// Truncation to two places decides the result. 2 seats, 118 votes: quota 118/3 = 39.333.. →
/// 39.34.
///
/// Stage 1: A 69* (surplus 29.66), X 10, Y 39. Stage 2: 29.66/69 = 0.4298.. → 0.42 a paper, so
/// X gains 28.98 → 38.98, and 0.68 is lost. Nobody has the quota, but Y's 39.00 reaches the
/// total active vote over two, (38.98 + 39.00)/2 = 38.99 (5.3.13(b)), so Y is elected.
/// Counted exactly instead, X gains the whole 29.666.. → 39.666.., over the exact quota, and
/// X is elected.
#[test]
fn truncated_transfer_values_can_change_the_winner() {
    let e = election(2, &["A", "X", "Y"], &[(69, "A X"), (10, "X"), (39, "Y")]);
    let t = ers97(&e);
    assert_eq!(t.quota, "39.34");
    assert_eq!(tallies(&t, 2), ["39.34", "38.98", "39.00"]);
    assert_eq!(t.stages[1].transfer_value.as_deref(), Some("0.42"));
    assert_eq!(t.stages[1].rounding_loss, "0.68");
    assert_eq!(elected(&t), [("A", 1), ("Y", 2)]);
    assert!(notes(&t, 2).contains("5.1.7(b)"), "{}", notes(&t, 2));

    let mut exact = Rules::preset(Method::Ers97);
    exact.arithmetic = ArithmeticKind::Rational;
    let t = count(&e, &exact).expect("the count runs");
    assert_eq!(t.winners(), ["A", "X"]);
    assert_eq!(t.rounding_loss, "0.00");
}

/// 5.1.6: "If the result is exact that is the quota. Otherwise ignore the remainder, and add
/// 0.01."
#[test]
fn the_quota_is_rounded_up_to_two_places_unless_exact() {
    let ballots = |n: u64| election(2, &["A", "B", "C"], &[(n - 2, "A"), (1, "B"), (1, "C")]);
    assert_eq!(ers97(&ballots(99)).quota, "33.00");
    assert_eq!(ers97(&ballots(100)).quota, "33.34");
    assert_eq!(ers97(&ballots(101)).quota, "33.67");
}

/// Ties look at the *earliest* stage where the candidates differed (5.2.5), and the quota is
/// reduced when papers become non-transferable before anyone is elected (5.4.8). 1 seat, 23
/// votes: quota 11.50.
///
/// | stage | P | Q | X | Y | Z | exhausted | quota |
/// |---|---|---|---|---|---|---|---|
/// | 1 | 2 | 3 | 4 | 5 | 9 | | 11.50 |
/// | 2 P excluded (2 + 3 > 4, so alone) | 0 | 3 | 6 | 5 | 9 | | 11.50 |
/// | 3 Q excluded: 1 to Y, 2 to Z | 0 | 0 | 6 | 6 | 11 | | 11.50 |
/// | 4 X excluded: 4 to Y, 2 exhausted; quota (23 − 2)/2 = 10.50 | 0 | 0 | 0 | 10 | 11* | 2 | 10.50 |
///
/// At stage 4, X and Y tie on 6. At the first stage X had fewer (4 < 5), so X is excluded.
/// Looking back from the latest stage instead (as Scottish STV does) finds stage 2, where X had
/// more (6 > 5), and would exclude Y — whose papers would then elect X.
#[test]
fn ties_are_broken_at_the_earliest_stage_and_the_quota_is_reduced() {
    let e = election(
        1,
        &["P", "Q", "X", "Y", "Z"],
        &[
            (2, "P X"),
            (1, "Q Y X"),
            (2, "Q Z"),
            (4, "X Y"),
            (5, "Y X"),
            (9, "Z"),
        ],
    );
    let t = ers97(&e);
    assert_eq!(t.stages[0].quota, "11.50");
    assert_eq!(tallies(&t, 2), ["0.00", "3.00", "6.00", "5.00", "9.00"]);
    assert_eq!(tallies(&t, 3), ["0.00", "0.00", "6.00", "6.00", "11.00"]);
    assert_eq!(t.ties.len(), 1);
    assert_eq!(t.ties[0].method, "countback");
    assert_eq!(t.ties[0].chosen, "X");
    assert_eq!(t.ties[0].stage, 4);
    assert_eq!(tallies(&t, 4), ["0.00", "0.00", "0.00", "10.00", "11.00"]);
    assert_eq!(t.stages[3].exhausted, "2.00");
    assert_eq!(t.stages[3].quota, "10.50");
    assert_eq!(t.quota, "10.50");
    assert!(notes(&t, 4).contains("5.4.8"), "{}", notes(&t, 4));
    assert_eq!(elected(&t), [("Z", 4)]);
}

/// 5.6.2: two candidates reach the quota together for one place, equal at every stage, so
/// neither is deemed elected; then excluding one by lot (5.2.5) would leave one candidate for
/// one place, who is elected without a transfer (5.5.1), at a completion stage where no papers
/// move. 1 seat, 10 votes: quota 5.00.
#[test]
fn an_unbreakable_tie_for_the_last_place_goes_to_lot_through_an_exclusion() {
    let e = election(1, &["X", "Y"], &[(5, "X"), (5, "Y")]);
    let t = ers97(&e);
    assert_eq!(t.quota, "5.00");
    assert!(notes(&t, 1).contains("5.6.2"), "{}", notes(&t, 1));
    assert!(t.stages[0].elected.is_empty());
    assert_eq!(t.stages.len(), 2);
    assert_eq!(t.stages[1].action, Action::Completion);
    assert!(t.stages[1].description.contains("5.5.1"));
    assert_eq!(tallies(&t, 2), ["5.00", "5.00"]);
    assert_eq!(t.elected.len(), 1);
    assert_eq!(t.elected[0].stage, 2);
    assert_eq!(t.excluded.len(), 1);
    assert_eq!(t.excluded[0].stage, 2);
    assert_eq!(t.ties.len(), 1);
    assert_eq!(t.ties[0].method, "lot");
    assert_eq!(t.ties[0].stage, 2);
    assert_eq!(t.ties[0].chosen, t.excluded[0].name);
    assert!(notes(&t, 2).contains("broken by lot"), "{}", notes(&t, 2));
}

/// A surplus whose last parcel has no further preferences is lost (5.3.7: the papers carry
/// less than the surplus, so they move at their present value — here, none move).
#[test]
fn a_surplus_without_transferable_papers_is_non_transferable() {
    // 2 seats, 23 votes: quota 7.67. Stage 1: A 10* (surplus 2.33), B 6, C 5, D 2. Stage 2:
    // deferred (2.33 ≤ 5 − 2); D excluded, exhausted 2; nobody reaches the quota or the total
    // active vote over two, (6 + 5 + 2.33)/2 = 6.67. Stage 3: 2.33 > 6 − 5, so A's surplus
    // moves: A's 10 papers have no second preference, so 2.33 more are non-transferable (4.33
    // in all), and B's 6 now reach (6 + 5)/2 = 5.50.
    let e = election(
        2,
        &["A", "B", "C", "D"],
        &[(10, "A"), (6, "B"), (5, "C"), (2, "D")],
    );
    let t = ers97(&e);
    assert_eq!(t.quota, "7.67");
    assert_eq!(tallies(&t, 2), ["10.00", "6.00", "5.00", "0.00"]);
    assert_eq!(t.stages[1].exhausted, "2.00");
    assert_eq!(t.stages[2].action, Action::Surplus);
    assert_eq!(tallies(&t, 3), ["7.67", "6.00", "5.00", "0.00"]);
    assert_eq!(t.stages[2].exhausted, "4.33");
    assert_eq!(t.stages[2].rounding_loss, "0.00");
    assert_eq!(elected(&t), [("A", 1), ("B", 3)]);
}
