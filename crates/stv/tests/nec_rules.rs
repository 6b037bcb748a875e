//! The Labour NEC rule: ERS97 with the quota votes/(seats + 1) exactly, and seat constraints
//! (the gender rule "at least 4 of 9 seats for women", and `--max`).
//!
//! The elections are invented; per-candidate figures for the real 2020 count were never
//! published. Only the total, 129,549 valid votes (quota 12,954.9), is real.

use slatewise_stv::{
    Ballot, Candidate, CandidateId, Election, Method, Profile, Ranking, Rules, SeatConstraint,
    Transcript, count,
};

/// An election from `(name, tags)` candidates and `(weight, "A B C")` ballots.
fn election(seats: usize, candidates: &[(&str, &[&str])], ballots: &[(u64, &str)]) -> Election {
    let id = |name: &str| {
        let index = candidates.iter().position(|(n, _)| *n == name);
        CandidateId(index.unwrap_or_else(|| panic!("unknown candidate {name}")) as u32)
    };
    Election {
        title: String::new(),
        seats,
        candidates: candidates
            .iter()
            .map(|(name, tags)| {
                tags.iter()
                    .fold(Candidate::new(*name), |c, tag| c.with_tag(*tag))
            })
            .collect(),
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

fn tallies(t: &Transcript, n: usize) -> Vec<&str> {
    t.stages[n - 1].tallies.iter().map(|(_, v)| v).collect()
}

fn elected(t: &Transcript) -> Vec<(&str, usize)> {
    t.elected
        .iter()
        .map(|e| (e.name.as_str(), e.stage))
        .collect()
}

fn all_notes(t: &Transcript) -> String {
    t.stages
        .iter()
        .flat_map(|s| {
            s.notes
                .iter()
                .map(move |n| format!("stage {}: {n}", s.number))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Nine seats and 129,549 votes, as in 2020: quota 129,549/10 = 12,954.90 exactly (ERS97 would
/// add nothing here either, but an integer Scottish-style quota would be 12,955).
///
/// Stage 1: A 20,000 and D–I 13,000 each reach the quota (7 elected, 2 places left). Stage 2:
/// the surpluses total 7,045.10 + 6 × 45.10 = 7,315.70, more than any gap at the bottom
/// (3,000 − 2,549 = 451; 10,000 − 9,549 = 451), so the largest, A's, moves: all 20,000 papers
/// (first stage), 7,045.10/20,000 = 0.352255 → 0.35 each; B gains 15,000 × 0.35 = 5,250
/// (15,250) and C 5,000 × 0.35 = 1,750 (13,750); 45.10 is lost to truncation. Both reach the
/// quota, B first, and all nine places are filled.
#[test]
fn nine_seats_with_the_2020_quota() {
    let none: &[&str] = &[];
    let names = ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L"];
    let candidates: Vec<(&str, &[&str])> = names.iter().map(|n| (*n, none)).collect();
    let e = election(
        9,
        &candidates,
        &[
            (15_000, "A B"),
            (5_000, "A C"),
            (10_000, "B"),
            (12_000, "C"),
            (13_000, "D"),
            (13_000, "E"),
            (13_000, "F"),
            (13_000, "G"),
            (13_000, "H"),
            (13_000, "I"),
            (4_000, "J"),
            (3_000, "K"),
            (2_549, "L"),
        ],
    );
    let t = count(&e, &Rules::preset(Method::Nec)).expect("the count runs");
    assert_eq!(t.valid_votes, "129549.00");
    assert_eq!(t.quota, "12954.90");
    assert_eq!(t.stages[0].quota, "12954.90");
    let first: Vec<(&str, usize)> = elected(&t).into_iter().take(7).collect();
    assert_eq!(
        first,
        [
            ("A", 1),
            ("D", 1),
            ("E", 1),
            ("F", 1),
            ("G", 1),
            ("H", 1),
            ("I", 1)
        ]
    );
    assert_eq!(t.stages[1].transfer_value.as_deref(), Some("0.35"));
    assert_eq!(
        tallies(&t, 2),
        [
            "12954.90", "15250.00", "13750.00", "13000.00", "13000.00", "13000.00", "13000.00",
            "13000.00", "13000.00", "4000.00", "3000.00", "2549.00"
        ]
    );
    assert_eq!(t.stages[1].rounding_loss, "45.10");
    assert_eq!(&elected(&t)[7..], [("B", 2), ("C", 2)]);
    assert_eq!(t.stages.len(), 2);

    // The same count under ERS97 differs only in the quota's rounding (none needed here).
    let ers = count(&e, &Rules::preset(Method::Ers97)).expect("the count runs");
    assert_eq!(ers.quota, "12954.90");
    assert_eq!(ers.winners(), t.winners());
}

/// NEC does not round the quota up: 100 votes for 2 seats give 33.33 (ERS97: 33.34).
#[test]
fn the_nec_quota_is_not_rounded_up() {
    let none: &[&str] = &[];
    let e = election(
        2,
        &[("A", none), ("B", none), ("C", none)],
        &[(50, "A"), (30, "B"), (20, "C")],
    );
    let nec = count(&e, &Rules::preset(Method::Nec)).expect("the count runs");
    let ers = count(&e, &Rules::preset(Method::Ers97)).expect("the count runs");
    assert_eq!(nec.quota, "33.33");
    assert_eq!(ers.quota, "33.34");
}

/// Every NEC transcript says that the NEC's counting rules are unpublished and that ERS97 is
/// assumed.
#[test]
fn the_transcript_says_the_variant_is_assumed() {
    let none: &[&str] = &[];
    let e = election(1, &[("A", none), ("B", none)], &[(3, "A"), (2, "B")]);
    let t = count(&e, &Rules::preset(Method::Nec)).expect("the count runs");
    let notes = t.notes.join(" ");
    assert!(notes.contains("has not published"), "{notes}");
    assert!(notes.contains("ERS97"), "{notes}");
    assert!(t.rule_description.contains("ERS97 assumed"));
    let ers = count(&e, &Rules::preset(Method::Ers97)).expect("the count runs");
    assert!(ers.notes.is_empty());
}

/// The gender rule. Nine seats, 1,000 votes, quota 100.00.
///
/// Stage 1: five men and three women have exactly 100 each and are elected (no surpluses);
/// one place is left for M6 (80), W4 (70) and M7 (50).
///
/// Without the rule: M7 is excluded and his 50 papers elect M6 (130): 3 women of 9.
///
/// With at least 4 women: the last place must go to a woman, so the men can no longer be
/// elected. Stage 2: M7, the lowest of them, is excluded for that reason; his papers give M6
/// 130, over the quota, but he is not elected. Stage 3: M6 is excluded too; his 80 first
/// preferences go to W4 (150), who is elected. M7's 50 papers, "M7 M6", have nowhere to go.
#[test]
fn at_least_four_women_gives_the_last_seat_to_a_woman() {
    let man: &[&str] = &[];
    let woman: &[&str] = &["women"];
    let candidates = [
        ("M1", man),
        ("M2", man),
        ("M3", man),
        ("M4", man),
        ("M5", man),
        ("W1", woman),
        ("W2", woman),
        ("W3", woman),
        ("M6", man),
        ("W4", woman),
        ("M7", man),
    ];
    let e = election(
        9,
        &candidates,
        &[
            (100, "M1"),
            (100, "M2"),
            (100, "M3"),
            (100, "M4"),
            (100, "M5"),
            (100, "W1"),
            (100, "W2"),
            (100, "W3"),
            (80, "M6 W4"),
            (70, "W4"),
            (50, "M7 M6"),
        ],
    );
    let women = |t: &Transcript| {
        t.winners()
            .into_iter()
            .filter(|w| w.starts_with('W'))
            .count()
    };

    let plain = count(&e, &Rules::preset(Method::Nec)).expect("the count runs");
    assert_eq!(plain.quota, "100.00");
    assert_eq!(plain.elected.len(), 9);
    assert_eq!(women(&plain), 3);
    assert_eq!(plain.elected[8].name, "M6");
    assert_eq!(plain.elected[8].stage, 2);

    let t = count(&e, &Rules::nec_with_gender_rule(4)).expect("the count runs");
    assert_eq!(t.elected.len(), 9);
    assert_eq!(women(&t), 4);
    assert_eq!(t.elected[8].name, "W4");
    assert_eq!(t.elected[8].stage, 3);
    let excluded: Vec<(&str, usize)> = t
        .excluded
        .iter()
        .map(|x| (x.name.as_str(), x.stage))
        .collect();
    assert_eq!(excluded, [("M7", 2), ("M6", 3)]);
    // M6 over the quota at stage 2, but not elected.
    assert_eq!(tallies(&t, 2)[8], "130.00");
    assert!(t.stages[1].elected.is_empty());
    assert_eq!(tallies(&t, 3)[9], "150.00");
    assert_eq!(t.stages[2].exhausted, "50.00");
    // Every constraint decision is explained.
    let stage2 = t.stages[1].notes.join("\n");
    assert!(
        stage2.contains("Excluded to satisfy a seat constraint")
            && stage2.contains("electing M7 would leave 0 seats")
            && stage2.contains("'women' (at least 4)"),
        "{stage2}"
    );
    assert!(
        stage2.contains("M6 reached the quota but is not elected"),
        "{stage2}"
    );
    let stage3 = t.stages[2].notes.join("\n");
    assert!(
        stage3.contains("Excluded to satisfy a seat constraint")
            && stage3.contains("electing M6 would leave 0 seats"),
        "{stage3}"
    );
    assert!(t.rule_description.contains("at least 4 women"));
}

/// `--max`: at most 2 seats for a slate. 3 seats, 400 votes, NEC quota 100.00.
///
/// Without the limit: S1 150* and S2 100* at stage 1; S1's 50 surplus goes to S3 at 50/150 =
/// 0.33 a paper (S2 is elected, so "S1 S2 S3" papers skip to S3): 90 + 49.50 = 139.50, elected
/// at stage 2.
///
/// With at most 2: S3 can no longer take a seat, so before anything else (stage 2) S3 is
/// excluded; S3's 90 papers go to O1 (40 + 90 = 130), elected.
#[test]
fn at_most_two_of_a_slate() {
    let slate: &[&str] = &["slate"];
    let other: &[&str] = &[];
    let e = election(
        3,
        &[
            ("S1", slate),
            ("S2", slate),
            ("S3", slate),
            ("O1", other),
            ("O2", other),
        ],
        &[
            (150, "S1 S2 S3"),
            (100, "S2"),
            (90, "S3 O1"),
            (40, "O1"),
            (20, "O2 O1"),
        ],
    );
    let plain = count(&e, &Rules::preset(Method::Nec)).expect("the count runs");
    assert_eq!(plain.quota, "100.00");
    assert_eq!(elected(&plain), [("S1", 1), ("S2", 1), ("S3", 2)]);
    assert_eq!(tallies(&plain, 2)[2], "139.50");

    let mut rules = Rules::preset(Method::Nec);
    rules.constraints.push(SeatConstraint {
        tag: "slate".into(),
        min: 0,
        max: Some(2),
    });
    let t = count(&e, &rules).expect("the count runs");
    assert_eq!(elected(&t), [("S1", 1), ("S2", 1), ("O1", 2)]);
    assert_eq!(t.excluded[0].name, "S3");
    assert_eq!(t.excluded[0].stage, 2);
    assert_eq!(tallies(&t, 2)[3], "130.00");
    let notes = all_notes(&t);
    assert!(
        notes.contains("stage 2: Excluded to satisfy a seat constraint")
            && notes.contains("maximum 2"),
        "{notes}"
    );
}

/// A woman who would be excluded as the lowest is kept when the women still needed could not
/// be found without her; the next lowest is excluded instead, and the transcript says why.
/// 3 seats, at least 1 woman, 100 votes, quota 25.00.
///
/// Stage 1: M1 24, M2 23, M3 22, M4 19, W1 12; nobody elected.
///
/// Without the constraint, W1 is excluded at stage 2 and her papers elect M4: three men win.
///
/// With it: at stage 2 no man is yet barred (a woman can still take one of the other two
/// places), but W1 is the only woman, so she is passed over and M4 (19) is excluded; his
/// papers elect W1 (31). Stage 3: her surplus of 6 comes from that last parcel, 19 papers "M4
/// W1 M3": 6/19 = 0.3157 → 0.31 each, M3 + 5.89 = 27.89, elected (0.11 lost). Stage 4: M3's
/// surplus 2.89 comes from the same 19 papers, now with no further preference, so it is
/// non-transferable; M1's 24 then reach the total active vote over two, (24 + 23)/2 = 23.50.
#[test]
fn a_candidate_needed_by_a_constraint_is_not_excluded() {
    let man: &[&str] = &[];
    let woman: &[&str] = &["women"];
    let e = election(
        3,
        &[
            ("M1", man),
            ("M2", man),
            ("M3", man),
            ("M4", man),
            ("W1", woman),
        ],
        &[
            (24, "M1"),
            (23, "M2"),
            (22, "M3"),
            (19, "M4 W1 M3"),
            (12, "W1 M4"),
        ],
    );
    let plain = count(&e, &Rules::preset(Method::Nec)).expect("the count runs");
    assert_eq!(plain.excluded[0].name, "W1");
    assert_eq!(plain.excluded[0].stage, 2);
    assert!(!plain.winners().contains(&"W1"));

    let mut rules = Rules::preset(Method::Nec);
    rules.constraints.push(SeatConstraint {
        tag: "women".into(),
        min: 1,
        max: None,
    });
    let t = count(&e, &rules).expect("the count runs");
    assert_eq!(t.quota, "25.00");
    let stage2 = t.stages[1].notes.join("\n");
    assert!(
        stage2.contains("W1 is not excluded") && stage2.contains("'women' (at least 1)"),
        "{stage2}"
    );
    assert_eq!(t.excluded[0].name, "M4");
    assert_eq!(t.excluded[0].stage, 2);
    assert_eq!(tallies(&t, 2), ["24.00", "23.00", "22.00", "0.00", "31.00"]);
    assert_eq!(tallies(&t, 3), ["24.00", "23.00", "27.89", "0.00", "25.00"]);
    assert_eq!(t.stages[2].transfer_value.as_deref(), Some("0.31"));
    assert_eq!(t.stages[2].rounding_loss, "0.11");
    assert_eq!(tallies(&t, 4), ["24.00", "23.00", "25.00", "0.00", "25.00"]);
    assert_eq!(t.stages[3].exhausted, "2.89");
    assert_eq!(elected(&t), [("W1", 2), ("M3", 3), ("M1", 4)]);
}
