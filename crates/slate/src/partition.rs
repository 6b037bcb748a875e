//! The exact solver behind [`design`](crate::design): split items (regions' supporters) into
//! groups (rows of the design) whose totals are as close as possible to their targets.
//!
//! # Objective
//!
//! Minimise the **largest deviation of a group's total from its target**,
//! `max_g |S_g - T_g|`. With equal targets `T = total / k` this is the balance measure of the
//! whole design: in a Latin square every candidate receives, in every position, exactly one
//! group's total, so `max_g |S_g - T| / T` is the largest relative deviation of any candidate
//! in any position.
//!
//! # Method
//!
//! 1. A greedy start (heaviest item to the group furthest below its target) improved by local
//!    search (moving one item, swapping two) gives an incumbent.
//! 2. Branch and bound, filling one group at a time ("sequential number partitioning"):
//!    for each group, every subset of the items left whose sum lies strictly within the
//!    incumbent's deviation of the group's target is tried, largest items first. A node is cut
//!    when the items left cannot meet the targets left (`|R - ΣT| / groups left` and
//!    "the largest item left must fit somewhere" are lower bounds). Groups with equal targets
//!    are interchangeable, and items of equal weight too; both symmetries are broken
//!    (canonical order of groups by their first item, of equal items by index). A set of items
//!    shown not to complete at some depth is remembered, which stays true as the incumbent
//!    only improves.
//! 3. When the search ends within its node budget the result is **proved optimal**. Up to
//!    about 20 items with 6 groups this takes well under a second. Past
//!    [`EXACT_LIMIT`] items, or when the budget runs out, the best partition found is returned
//!    with `proved_optimal: false` and a (weaker) lower bound.
//!
//! Items of zero weight change no total; they go to the group furthest below its target.

use std::collections::HashSet;
use std::collections::hash_map::DefaultHasher;
use std::hash::BuildHasherDefault;

use serde::Serialize;

use crate::error::SlateError;

/// Above this many items of positive weight the exact search is not attempted.
pub const EXACT_LIMIT: usize = 64;

/// How hard the exact search may work.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PartitionConfig {
    /// The node budget of the branch and bound; each node is a few dozen nanoseconds.
    pub node_limit: u64,
}

impl Default for PartitionConfig {
    fn default() -> PartitionConfig {
        PartitionConfig {
            node_limit: 50_000_000,
        }
    }
}

/// A partition of items into groups, with how good it is.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Partition {
    /// The group of each item, in input order.
    pub groups: Vec<usize>,
    /// Each group's total.
    pub totals: Vec<f64>,
    /// Each group's target.
    pub targets: Vec<f64>,
    /// The objective: `max_g |totals[g] - targets[g]|`.
    pub max_deviation: f64,
    /// No partition has a smaller objective than this (equal to it when proved optimal).
    pub lower_bound: f64,
    /// Whether no partition can do better.
    pub proved_optimal: bool,
    /// Branch-and-bound nodes visited.
    pub nodes: u64,
}

/// Split `weights` into `targets.len()` groups minimising `max_g |S_g - T_g|`.
///
/// ```
/// use slatewise_slate::{PartitionConfig, partition};
/// let p = partition(&[8.0, 7.0, 6.0, 5.0, 4.0], &[15.0, 15.0], &PartitionConfig::default())?;
/// assert_eq!(p.max_deviation, 0.0); // {8, 7} and {6, 5, 4}
/// assert!(p.proved_optimal);
/// # Ok::<(), slatewise_slate::SlateError>(())
/// ```
pub fn partition(
    weights: &[f64],
    targets: &[f64],
    config: &PartitionConfig,
) -> Result<Partition, SlateError> {
    if targets.is_empty() || targets.iter().any(|t| !t.is_finite() || *t < 0.0) {
        return Err(SlateError::InvalidTargets);
    }
    for (i, &w) in weights.iter().enumerate() {
        crate::table::checked(w, &format!("item {}", i + 1))?;
    }
    let sums = [weights.iter().sum::<f64>(), targets.iter().sum::<f64>()];
    if let Some(sum) = sums.into_iter().find(|s| !s.is_finite()) {
        return Err(SlateError::InvalidNumber(sum.to_string()));
    }
    let m = targets.len();
    // Items that matter, heaviest first (ties in input order).
    let mut items: Vec<usize> = (0..weights.len()).filter(|&i| weights[i] > 0.0).collect();
    items.sort_by(|&a, &b| weights[b].total_cmp(&weights[a]).then(a.cmp(&b)));
    let w: Vec<f64> = items.iter().map(|&i| weights[i]).collect();
    // Groups in filling order: largest target first (ties in input order).
    let mut fill: Vec<usize> = (0..m).collect();
    fill.sort_by(|&a, &b| targets[b].total_cmp(&targets[a]).then(a.cmp(&b)));
    let t: Vec<f64> = fill.iter().map(|&g| targets[g]).collect();

    let scale = w.iter().sum::<f64>().max(t.iter().sum()).max(1.0);
    let eps = scale * 1e-12;
    let mut assign = greedy(&w, &t);
    local_search(&w, &t, &mut assign, eps);
    let best = objective(&w, &t, &assign).0;
    let trivial = trivial_bound(&w, &t).max(integral_bound(&w, &t));
    let mut proved = best <= trivial + eps;
    let mut nodes = 0;
    if !proved && w.len() <= EXACT_LIMIT {
        let mut search = Search::new(&w, &t, best, assign.clone(), eps, config.node_limit);
        search.floor = trivial;
        search.run();
        assign = search.best_assign;
        nodes = search.nodes;
        proved = !search.aborted;
    }

    let mut groups = vec![0; weights.len()];
    let mut totals = vec![0.0; m];
    for (&item, &p) in items.iter().zip(&assign) {
        groups[item] = fill[p];
        totals[fill[p]] += weights[item];
    }
    for item in (0..weights.len()).filter(|&i| weights[i] <= 0.0) {
        let gap = |g: usize| targets[g] - totals[g];
        groups[item] = (0..m)
            .max_by(|&a, &b| gap(a).total_cmp(&gap(b)).then(b.cmp(&a)))
            .unwrap_or(0);
    }
    let max_deviation = max_deviation(&totals, targets);
    Ok(Partition {
        groups,
        totals,
        targets: targets.to_vec(),
        max_deviation,
        lower_bound: if proved { max_deviation } else { trivial },
        proved_optimal: proved,
        nodes,
    })
}

/// `max_g |totals[g] - targets[g]|`.
fn max_deviation(totals: &[f64], targets: &[f64]) -> f64 {
    totals
        .iter()
        .zip(targets)
        .map(|(s, t)| (s - t).abs())
        .fold(0.0, f64::max)
}

/// A bound no partition beats: the totals must add up to the items' sum, and the group
/// holding the largest item has at least that much.
fn trivial_bound(w: &[f64], t: &[f64]) -> f64 {
    let sum_w: f64 = w.iter().sum();
    let sum_t: f64 = t.iter().sum();
    let spread = (sum_w - sum_t).abs() / t.len() as f64;
    let largest = w.first().copied().unwrap_or(0.0) - t.iter().copied().fold(0.0, f64::max);
    spread.max(largest).max(0.0)
}

/// When every weight is a whole number so is every total: the smallest `D` for which whole
/// numbers within `D` of each target can add up to the items' sum is a lower bound (often the
/// answer, when the targets are fractional). Returns 0 for fractional weights.
fn integral_bound(w: &[f64], t: &[f64]) -> f64 {
    if w.iter().any(|x| x.fract() != 0.0 || *x > 1e15) {
        return 0.0;
    }
    let sum: f64 = w.iter().sum();
    let feasible = |d: f64| {
        let (mut low, mut high) = (0.0, 0.0);
        for &target in t {
            let (lo, hi) = ((target - d).ceil().max(0.0), (target + d).floor());
            if lo > hi {
                return false;
            }
            low += lo;
            high += hi;
        }
        low <= sum && sum <= high
    };
    // Bisection keeps `below` infeasible, so it is a valid bound.
    let (mut below, mut above) = (0.0, sum.max(t.iter().sum()) + 1.0);
    if feasible(below) {
        return 0.0;
    }
    for _ in 0..200 {
        let mid = 0.5 * (below + above);
        if mid <= below || mid >= above {
            break;
        }
        if feasible(mid) {
            above = mid;
        } else {
            below = mid;
        }
    }
    below
}

/// Heaviest item first, each to the group furthest below its target.
fn greedy(w: &[f64], t: &[f64]) -> Vec<usize> {
    let mut totals = vec![0.0; t.len()];
    w.iter()
        .map(|&x| {
            let gap = |g: usize| t[g] - totals[g];
            let g = (0..t.len())
                .max_by(|&a, &b| gap(a).total_cmp(&gap(b)).then(b.cmp(&a)))
                .unwrap_or(0);
            totals[g] += x;
            g
        })
        .collect()
}

/// (largest deviation, sum of squared deviations) of an assignment.
fn objective(w: &[f64], t: &[f64], assign: &[usize]) -> (f64, f64) {
    let mut totals = vec![0.0; t.len()];
    for (&x, &g) in w.iter().zip(assign) {
        totals[g] += x;
    }
    score(&totals, t)
}

fn score(totals: &[f64], t: &[f64]) -> (f64, f64) {
    totals.iter().zip(t).fold((0.0, 0.0), |(max, sq), (s, t)| {
        let d = s - t;
        (f64::max(max, d.abs()), sq + d * d)
    })
}

/// Move single items and swap pairs while that improves (largest deviation, then squares).
fn local_search(w: &[f64], t: &[f64], assign: &mut [usize], eps: f64) {
    let m = t.len();
    let mut totals = vec![0.0; m];
    for (&x, &g) in w.iter().zip(assign.iter()) {
        totals[g] += x;
    }
    let better = |new: (f64, f64), old: (f64, f64)| {
        new.0 < old.0 - eps || (new.0 <= old.0 + eps && new.1 < old.1 - eps * eps.max(1.0))
    };
    for _round in 0..1_000 {
        let mut improved = false;
        for i in 0..w.len() {
            for h in 0..m {
                let g = assign[i];
                if g == h {
                    continue;
                }
                let before = score(&totals, t);
                totals[g] -= w[i];
                totals[h] += w[i];
                if better(score(&totals, t), before) {
                    assign[i] = h;
                    improved = true;
                } else {
                    totals[g] += w[i];
                    totals[h] -= w[i];
                }
            }
        }
        for i in 0..w.len() {
            for j in i + 1..w.len() {
                let (g, h) = (assign[i], assign[j]);
                if g == h || w[i] == w[j] {
                    continue;
                }
                let before = score(&totals, t);
                let delta = w[i] - w[j];
                totals[g] -= delta;
                totals[h] += delta;
                if better(score(&totals, t), before) {
                    assign.swap(i, j);
                    improved = true;
                } else {
                    totals[g] += delta;
                    totals[h] -= delta;
                }
            }
        }
        if !improved {
            break;
        }
    }
}

type Memo = HashSet<(u64, u32), BuildHasherDefault<DefaultHasher>>;

/// The branch and bound, in "filling order" (groups by decreasing target, items by decreasing
/// weight). See the module docs.
struct Search<'a> {
    w: &'a [f64],
    t: &'a [f64],
    /// Equal targets share a class.
    class: Vec<usize>,
    /// `tail_same[p]`: groups `p..` all have one target.
    tail_same: Vec<bool>,
    /// `target_suffix[p]`: the sum of targets `p..`.
    target_suffix: Vec<f64>,
    best: f64,
    best_assign: Vec<usize>,
    /// A lower bound on the optimum: reaching it ends the search.
    floor: f64,
    /// The items of each group on the current path.
    chosen: Vec<u64>,
    /// Remaining sets (with the previous group's first item, where that matters) known not to
    /// complete at each depth.
    memo: Vec<Memo>,
    eps: f64,
    nodes: u64,
    limit: u64,
    aborted: bool,
}

impl<'a> Search<'a> {
    fn new(
        w: &'a [f64],
        t: &'a [f64],
        best: f64,
        best_assign: Vec<usize>,
        eps: f64,
        limit: u64,
    ) -> Search<'a> {
        let m = t.len();
        let mut class = vec![0; m];
        for p in 1..m {
            class[p] = if t[p] == t[p - 1] {
                class[p - 1]
            } else {
                class[p - 1] + 1
            };
        }
        let tail_same = (0..m).map(|p| class[p] == class[m - 1]).collect();
        let mut target_suffix = vec![0.0; m + 1];
        for p in (0..m).rev() {
            target_suffix[p] = target_suffix[p + 1] + t[p];
        }
        Search {
            w,
            t,
            class,
            tail_same,
            target_suffix,
            best,
            best_assign,
            floor: 0.0,
            chosen: vec![0; m],
            memo: vec![Memo::default(); m],
            eps,
            nodes: 0,
            limit,
            aborted: false,
        }
    }

    fn run(&mut self) {
        let n = self.w.len();
        let all = if n == 64 { u64::MAX } else { (1u64 << n) - 1 };
        let sum = self.w.iter().sum();
        self.search(0, all, sum, n, 0.0);
    }

    /// Count a node; true when the budget is spent.
    fn tick(&mut self) -> bool {
        self.nodes += 1;
        if self.nodes > self.limit {
            self.aborted = true;
        }
        self.aborted
    }

    /// The deviation a completion must stay strictly under.
    fn bar(&self) -> f64 {
        if self.best <= self.floor + self.eps {
            // Nothing can beat the best found: every bound below fails at once.
            f64::NEG_INFINITY
        } else {
            self.best - self.eps
        }
    }

    /// Complete groups `p..` from `remaining`; true if a better partition was found.
    fn search(
        &mut self,
        p: usize,
        remaining: u64,
        rem_sum: f64,
        prev_first: usize,
        path_max: f64,
    ) -> bool {
        if self.tick() || path_max >= self.bar() {
            return false;
        }
        let m = self.t.len();
        let n = self.w.len();
        if p + 1 == m {
            let dev = (rem_sum - self.t[p]).abs().max(path_max);
            if dev < self.bar() {
                self.chosen[p] = remaining;
                self.record(dev);
                return true;
            }
            return false;
        }
        // Path-independent lower bounds.
        let spread = (rem_sum - self.target_suffix[p]).abs() / (m - p) as f64;
        let largest = if remaining == 0 {
            0.0
        } else {
            self.w[remaining.trailing_zeros() as usize] - self.t[p]
        };
        if spread.max(largest) >= self.bar() {
            return false;
        }
        // Groups of one class are filled in increasing order of their first item; when the
        // whole tail is one class this is implied by taking the first item left.
        let bounded = p > 0 && self.class[p] == self.class[p - 1] && !self.tail_same[p - 1];
        let key = (
            remaining,
            if bounded { prev_first as u32 } else { u32::MAX },
        );
        if self.memo[p].contains(&key) {
            return false;
        }
        let candidates: Vec<usize> = (0..n)
            .filter(|&i| remaining >> i & 1 == 1 && (!bounded || i > prev_first))
            .collect();
        let mut suffix = vec![0.0; candidates.len() + 1];
        for j in (0..candidates.len()).rev() {
            suffix[j] = suffix[j + 1] + self.w[candidates[j]];
        }
        let must_take_first = self.tail_same[p] && remaining != 0;
        let group = Group {
            p,
            remaining,
            rem_sum,
            path_max,
            must_take_first,
            candidates: &candidates,
            suffix: &suffix,
        };
        let found = self.fill(&group, 0, 0, 0.0);
        if !found && !self.aborted && path_max < self.bar() {
            self.memo[p].insert(key);
        }
        found
    }

    /// Try every subset of `group.candidates[at..]` (added to `chosen`, of sum `sum`) as group
    /// `group.p`; true if a better partition was found.
    fn fill(&mut self, group: &Group<'_>, at: usize, chosen: u64, sum: f64) -> bool {
        if self.tick() || group.path_max >= self.bar() {
            return false;
        }
        let target = self.t[group.p];
        let (lo, hi) = (target - self.bar(), target + self.bar());
        if sum >= hi || sum + group.suffix[at] <= lo {
            return false;
        }
        if at == group.candidates.len() {
            let n = self.w.len();
            let dev = (sum - target).abs();
            let first = if chosen == 0 {
                n
            } else {
                chosen.trailing_zeros() as usize
            };
            self.chosen[group.p] = chosen;
            return self.search(
                group.p + 1,
                group.remaining & !chosen,
                group.rem_sum - sum,
                first,
                group.path_max.max(dev),
            );
        }
        let item = group.candidates[at];
        let mut found = false;
        if sum + self.w[item] < hi {
            found |= self.fill(group, at + 1, chosen | 1 << item, sum + self.w[item]);
        }
        if !(group.must_take_first && at == 0) {
            // Leaving this item out leaves out the equal items after it too: which of equal
            // items a group takes does not matter, so it takes the first ones.
            let mut next = at + 1;
            while next < group.candidates.len() && self.w[group.candidates[next]] == self.w[item] {
                next += 1;
            }
            found |= self.fill(group, next, chosen, sum);
        }
        found
    }

    fn record(&mut self, dev: f64) {
        self.best = dev;
        for (p, &mask) in self.chosen.iter().enumerate() {
            for i in 0..self.w.len() {
                if mask >> i & 1 == 1 {
                    self.best_assign[i] = p;
                }
            }
        }
    }
}

/// The group being filled.
struct Group<'a> {
    p: usize,
    remaining: u64,
    rem_sum: f64,
    path_max: f64,
    must_take_first: bool,
    candidates: &'a [usize],
    suffix: &'a [f64],
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The best objective over every assignment of items to groups.
    fn brute_force(weights: &[f64], targets: &[f64]) -> f64 {
        let (n, m) = (weights.len(), targets.len());
        let mut best = f64::INFINITY;
        let mut assign = vec![0; n];
        loop {
            let mut totals = vec![0.0; m];
            for (w, &g) in weights.iter().zip(&assign) {
                totals[g] += w;
            }
            best = best.min(max_deviation(&totals, targets));
            // Next assignment, like counting in base m.
            let mut i = 0;
            while i < n && assign[i] == m - 1 {
                assign[i] = 0;
                i += 1;
            }
            if i == n {
                return best;
            }
            assign[i] += 1;
        }
    }

    fn check(weights: &[f64], targets: &[f64]) -> Partition {
        let p = partition(weights, targets, &PartitionConfig::default()).unwrap();
        let mut totals = vec![0.0; targets.len()];
        for (w, &g) in weights.iter().zip(&p.groups) {
            totals[g] += w;
        }
        assert_eq!(totals, p.totals);
        assert!((max_deviation(&totals, targets) - p.max_deviation).abs() < 1e-9);
        assert!(p.lower_bound <= p.max_deviation + 1e-9);
        p
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// The solver's optimum equals brute force, with equal targets.
        #[test]
        fn exact_against_brute_force_equal_targets(
            weights in prop::collection::vec(0u32..60, 0..=8),
            groups in 2usize..=4,
        ) {
            let weights: Vec<f64> = weights.into_iter().map(f64::from).collect();
            let targets = vec![weights.iter().sum::<f64>() / groups as f64; groups];
            let p = check(&weights, &targets);
            prop_assert!(p.proved_optimal);
            let best = brute_force(&weights, &targets);
            prop_assert!((p.max_deviation - best).abs() < 1e-9, "{} vs {}", p.max_deviation, best);
        }

        /// The same with arbitrary (often unequal, some repeated) targets and repeated weights.
        #[test]
        fn exact_against_brute_force_any_targets(
            weights in prop::collection::vec(prop::sample::select(vec![0.0, 1.5, 3.0, 3.0, 7.25, 10.0, 22.0]), 0..=8),
            targets in prop::collection::vec(prop::sample::select(vec![0.0, 5.0, 5.0, 12.5, 20.0, 31.0]), 1..=4),
        ) {
            let p = check(&weights, &targets);
            prop_assert!(p.proved_optimal);
            let best = brute_force(&weights, &targets);
            prop_assert!((p.max_deviation - best).abs() < 1e-9, "{} vs {}", p.max_deviation, best);
        }
    }

    #[test]
    fn perfect_partitions_are_found() {
        let p = check(&[4.0, 5.0, 6.0, 7.0, 8.0], &[15.0, 15.0]);
        assert_eq!(p.max_deviation, 0.0);
        assert!(p.proved_optimal);
        let p = check(&[3.0, 3.0, 3.0, 3.0, 3.0, 3.0], &[6.0, 6.0, 6.0]);
        assert_eq!(p.max_deviation, 0.0);
    }

    #[test]
    fn whole_numbers_cannot_split_a_fraction() {
        // Totals are whole numbers, the target is 10/3: the best is 3, 3, 4.
        assert!((integral_bound(&[1.0; 10], &[10.0 / 3.0; 3]) - 2.0 / 3.0).abs() < 1e-9);
        assert!((integral_bound(&[1.0, 2.0], &[1.5, 1.5]) - 0.5).abs() < 1e-9);
        assert_eq!(integral_bound(&[1.0, 2.0], &[1.0, 2.0]), 0.0);
        assert_eq!(integral_bound(&[1.5], &[1.0]), 0.0);
        let p = check(
            &[
                1_001.0, 1_002.0, 1_003.0, 1_004.0, 1_005.0, 1_007.0, 1_011.0,
            ],
            &[2_344.0 + 1.0 / 3.0; 3],
        );
        assert!(p.proved_optimal);
    }

    #[test]
    fn fewer_items_than_groups_leaves_groups_empty() {
        let p = check(&[10.0], &[5.0, 5.0]);
        assert_eq!(p.max_deviation, 5.0);
        assert!(p.proved_optimal);
        let p = check(&[], &[2.0, 3.0]);
        assert_eq!(p.max_deviation, 3.0);
    }

    #[test]
    fn zero_weights_go_somewhere() {
        let p = check(&[0.0, 4.0, 0.0, 4.0], &[4.0, 4.0]);
        assert_eq!(p.max_deviation, 0.0);
        assert_eq!(p.groups.len(), 4);
    }

    #[test]
    fn bad_input_is_an_error_not_a_panic() {
        let config = PartitionConfig::default();
        assert_eq!(
            partition(&[1.0], &[], &config),
            Err(SlateError::InvalidTargets)
        );
        assert_eq!(
            partition(&[1.0], &[f64::NAN], &config),
            Err(SlateError::InvalidTargets)
        );
        assert!(partition(&[-1.0], &[1.0], &config).is_err());
        assert!(partition(&[f64::INFINITY], &[1.0], &config).is_err());
        assert!(partition(&[f64::MAX, f64::MAX], &[1.0], &config).is_err());
    }

    #[test]
    fn a_spent_budget_returns_the_best_found_unproved() {
        let weights: Vec<f64> = (0..30)
            .map(|i| f64::from(1_000 + 37 * i * i % 997))
            .collect();
        let targets = vec![weights.iter().sum::<f64>() / 6.0 + 0.5; 6];
        let p = partition(&weights, &targets, &PartitionConfig { node_limit: 10 }).unwrap();
        assert!(!p.proved_optimal || p.max_deviation <= p.lower_bound);
        assert!(p.lower_bound <= p.max_deviation);
        assert_eq!(p.groups.len(), 30);
    }
}
