//! Acceptance 3: the partition solver proves its optimum for up to 20 regions in under a second.

use std::time::{Duration, Instant};

use slatewise_slate::{PartitionConfig, partition};

/// A small deterministic generator (64-bit LCG, high bits), so the cases are the same every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below
    }
}

fn instance(rng: &mut Lcg, n: usize, spread: u64) -> Vec<f64> {
    (0..n).map(|_| (1_000 + rng.next(spread)) as f64).collect()
}

#[test]
fn twenty_regions_are_solved_exactly_in_under_a_second() {
    let mut rng = Lcg(2020);
    let mut slowest = Duration::ZERO;
    let mut worst_nodes = 0;
    for case in 0..48 {
        let n = 20;
        let groups = [2, 3, 4, 5, 6, 6, 7, 8][case % 8];
        let spread = [70_000, 1_000, 100_000_000, 30][case % 4];
        let weights = instance(&mut rng, n, spread);
        let targets = vec![weights.iter().sum::<f64>() / groups as f64; groups];
        let start = Instant::now();
        let p = partition(&weights, &targets, &PartitionConfig::default()).unwrap();
        let took = start.elapsed();
        assert!(
            p.proved_optimal,
            "case {case}: not proved after {} nodes",
            p.nodes
        );
        assert!(
            took < Duration::from_secs(1),
            "case {case} ({groups} groups) took {took:?}"
        );
        slowest = slowest.max(took);
        worst_nodes = worst_nodes.max(p.nodes);
    }
    eprintln!("slowest of 48 exact 20-region cases: {slowest:?}, most nodes {worst_nodes}");
}

#[test]
fn unequal_targets_with_twenty_regions_are_solved_exactly_too() {
    let mut rng = Lcg(7);
    for case in 0..20 {
        let weights = instance(&mut rng, 20, 60_000);
        let total: f64 = weights.iter().sum();
        let personal: Vec<f64> = (0..6).map(|_| rng.next(20_000) as f64).collect();
        let base = (total + personal.iter().sum::<f64>()) / 6.0;
        let targets: Vec<f64> = personal.iter().map(|p| (base - p).max(0.0)).collect();
        let start = Instant::now();
        let p = partition(&weights, &targets, &PartitionConfig::default()).unwrap();
        assert!(p.proved_optimal, "case {case}");
        assert!(start.elapsed() < Duration::from_secs(1), "case {case}");
    }
}
