//! Acceptance 2 and 3: distributions are distributions, a disciplined bloc gets its Droop
//! quotas, and balanced orders beat a uniform order on the built-in scenario (paired, with a
//! margin of four standard errors rather than fixed numbers).

use slatewise_sim::{
    Comparison, Overrides, Report, Scenario, SearchOptions, SimulationOptions, Strategy, simulate,
};

fn run(scenario: &Scenario, runs: u64, seed: u64, strategies: &[Strategy]) -> Report {
    let options = SimulationOptions {
        runs,
        seed,
        strategies: strategies.to_vec(),
        search: SearchOptions {
            draws: 30,
            budget: 8,
        },
        ..SimulationOptions::default()
    };
    simulate(scenario, &options, &|_, _| {}).unwrap()
}

fn comparison<'r>(report: &'r Report, a: &str, b: &str) -> &'r Comparison {
    report
        .comparisons
        .iter()
        .find(|c| c.a == a && c.b == b)
        .unwrap()
}

/// Standard error of a paired difference, from its 95% interval.
fn se(ci: [f64; 2]) -> f64 {
    (ci[1] - ci[0]) / (2.0 * 1.96)
}

const BLOC: &str = r#"{
  "name": "bloc", "seats": 5, "rule": "scottish",
  "target": {"slate": "A", "seats": 3},
  "regions": [{"name": "North", "electorate": 6000, "turnout": 1}, {"name": "South", "electorate": 4000, "turnout": 1}],
  "factions": [
    {"name": "A", "share": 0.55, "adherence": 1, "cohesion": 1,
     "candidates": [{"name": "A1", "strength": 5}, {"name": "A2"}, {"name": "A3"}, {"name": "A4"}],
     "recommendation": [{"regions": ["North", "South"], "order": ["A1", "A2", "A3", "A4"]}]},
    {"name": "B", "share": 0.45, "cohesion": 0.8, "plumpers": 0.1,
     "candidates": [{"name": "B1", "strength": 3}, {"name": "B2"}, {"name": "B3"}, {"name": "B4"}]}
  ]
}"#;

#[test]
fn seat_distributions_sum_to_one() {
    let report = run(
        &Scenario::builtin_gv6_2020(),
        10,
        3,
        &[Strategy::Uniform, Strategy::Rotation],
    );
    for s in &report.strategies {
        for (faction, dist) in &s.seat_distribution.0 {
            let total: f64 = dist.iter().sum();
            assert!((total - 1.0).abs() < 1e-9, "{} {faction}: {total}", s.name);
        }
        let seats: f64 = s.expected_seats.0.iter().map(|(_, e)| e).sum();
        assert!((seats - 9.0).abs() < 1e-9);
    }
}

#[test]
fn a_disciplined_bloc_with_more_than_j_quotas_always_wins_j_seats() {
    // 55% of the votes with 5 seats: 3.3 Droop quotas, every voter ranks the whole slate.
    let scenario = Scenario::from_json(BLOC).unwrap();
    for seed in [1, 2, 3] {
        let report = run(
            &scenario,
            40,
            seed,
            &[Strategy::Uniform, Strategy::Rotation, Strategy::Balanced],
        );
        for s in &report.strategies {
            let dist = s.seat_distribution.get("A").unwrap();
            assert_eq!(dist[..3].iter().sum::<f64>(), 0.0, "{}: {dist:?}", s.name);
            assert_eq!(s.p_target, 1.0);
        }
    }
}

#[test]
fn a_uniform_order_loses_seats_that_a_balanced_design_keeps() {
    let mut scenario = Scenario::builtin_gv6_2020();
    let gv = scenario.target_faction();
    scenario.factions[gv].adherence.mean = 0.7;
    let report = run(&scenario, 120, 11, &[Strategy::Uniform, Strategy::Balanced]);
    let c = comparison(&report, "balanced", "uniform");
    assert!(c.seats_diff - 4.0 * se(c.seats_ci) > 0.0, "{c:?}");
}

#[test]
fn optimised_beats_balanced_beats_uniform_on_the_target() {
    let report = run(
        &Scenario::builtin_gv6_2020(),
        120,
        5,
        &[Strategy::Uniform, Strategy::Balanced, Strategy::Optimised],
    );
    let bu = comparison(&report, "balanced", "uniform");
    assert!(bu.p_target_diff - 4.0 * se(bu.p_target_ci) > 0.0, "{bu:?}");
    // By construction the optimised orders never do worse than balanced on the same draws.
    let ob = comparison(&report, "optimised", "balanced");
    assert!(ob.p_target_diff >= 0.0, "{ob:?}");
    assert!(report.to_text().contains("optimised - balanced: P(>=5)"));
    let _ = Overrides::default();
}
