//! What a simulation reports, and the tallies it is computed from.
//!
//! Tallies are integer counts only (seats, hits, stages, paired differences, hundredths of a
//! vote), so adding them up in any order — serially or across threads — gives the same bits,
//! and memory does not grow with the number of runs.

use serde::ser::{Serialize, SerializeMap, Serializer};

/// A JSON object whose keys keep the order given (factions in scenario order).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Keyed<T>(pub Vec<(String, T)>);

impl<T> Keyed<T> {
    /// The value for a key.
    pub fn get(&self, key: &str) -> Option<&T> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
}

impl<T: Serialize> Serialize for Keyed<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// The result of a simulation.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Report {
    /// Simulated elections per strategy.
    pub runs: u64,
    /// The seed: the same seed gives byte-identical reports.
    pub seed: u64,
    /// One entry per strategy, in the order asked for.
    pub strategies: Vec<StrategyResult>,
    /// The scenario's name.
    pub scenario: String,
    /// The counting rule actually used.
    pub rule: String,
    /// The slate advised and its seat target.
    pub target: TargetSummary,
    /// Paired differences between strategies (same draws), with 95% confidence intervals.
    pub comparisons: Vec<Comparison>,
    /// A sensitivity sweep, when one was asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sweep: Option<crate::sweep::SweepResult>,
    /// Things the reader should know (stand-in rules, fallbacks of the search).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// The slate whose strategies are compared.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct TargetSummary {
    /// The faction's name.
    pub slate: String,
    /// The seat target.
    pub seats: usize,
}

/// The outcome of one strategy over all runs.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct StrategyResult {
    /// The strategy's name (`uniform`, `published`, ...).
    pub name: String,
    /// Per faction: P(exactly j seats) for j = 0..=seats (sums to 1).
    pub seat_distribution: Keyed<Vec<f64>>,
    /// Per faction: expected seats.
    pub expected_seats: Keyed<f64>,
    /// P(target slate wins at least the target).
    pub p_target: f64,
    /// Per candidate.
    pub candidates: Vec<CandidateResult>,
    /// The orders the target slate's regions followed.
    pub orders: Vec<OrderGroup>,
    /// Mean change of the target slate's votes between the first and the last stage: votes it
    /// received by transfer minus votes it leaked to others or lost to exhaustion (negative:
    /// it lost more than it gained), over the runs counted with a full transcript.
    pub slate_net_transfers: f64,
    /// Mean exhausted votes at the end of the count, same runs.
    pub exhausted: f64,
    /// How many runs those two means are taken over.
    pub transcript_runs: u64,
}

/// One order and the regions that follow it.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct OrderGroup {
    /// Candidate names, first preference first.
    pub order: Vec<String>,
    /// Region names.
    pub regions: Vec<String>,
}

/// One candidate's results.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct CandidateResult {
    /// The name.
    pub name: String,
    /// The faction.
    pub faction: String,
    /// P(elected).
    pub p_elected: f64,
    /// P(the first of its faction to be excluded) — 0 for factions of one.
    pub p_first_out: f64,
    /// Median stage of exclusion over the runs where the candidate was excluded.
    pub typical_exclusion_stage: Option<usize>,
}

/// A paired difference between two strategies on the same draws: `a − b`.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Comparison {
    /// The first strategy.
    pub a: String,
    /// The second strategy.
    pub b: String,
    /// Mean of P(target) under `a` minus under `b`.
    pub p_target_diff: f64,
    /// 95% confidence interval of that difference (normal approximation, paired).
    pub p_target_ci: [f64; 2],
    /// Mean difference in the target slate's seats.
    pub seats_diff: f64,
    /// 95% confidence interval of that difference.
    pub seats_ci: [f64; 2],
}

/// The integer tallies of one strategy.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct StrategyTally {
    /// `seats[f][j]`: runs where faction `f` won `j` seats.
    pub(crate) seats: Vec<Vec<u64>>,
    pub(crate) elected: Vec<u64>,
    pub(crate) first_out: Vec<u64>,
    /// `exclusion_stages[c][s]`: runs where candidate `c` was excluded at stage `s`.
    pub(crate) exclusion_stages: Vec<Vec<u64>>,
    pub(crate) hits: u64,
    pub(crate) target_seat_sum: u64,
    pub(crate) transcript_runs: u64,
    pub(crate) net_centivotes: i128,
    pub(crate) exhausted_centivotes: i128,
}

/// Sums of paired differences between two strategies.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct PairTally {
    pub(crate) hit_sum: i64,
    pub(crate) hit_sq: u64,
    pub(crate) seat_sum: i64,
    pub(crate) seat_sq: u64,
}

/// Everything counted so far.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Tally {
    pub(crate) runs: u64,
    pub(crate) strategies: Vec<StrategyTally>,
    /// Indexed by [`Tally::pair_index`].
    pub(crate) pairs: Vec<PairTally>,
}

/// One strategy's result in one run, as the tally needs it.
pub(crate) struct RunResult {
    pub(crate) seats: Vec<usize>,
    pub(crate) elected: Vec<usize>,
    /// (candidate, stage) in order of exclusion.
    pub(crate) excluded: Vec<(usize, usize)>,
    /// Centivotes gained by the slate through transfers (net), and exhausted overall, when counted
    /// with a transcript.
    pub(crate) detail: Option<(i128, i128)>,
}

impl Tally {
    pub(crate) fn new(
        strategies: usize,
        factions: usize,
        seats: usize,
        candidates: usize,
    ) -> Tally {
        let st = StrategyTally {
            seats: vec![vec![0; seats + 1]; factions],
            elected: vec![0; candidates],
            first_out: vec![0; candidates],
            exclusion_stages: vec![Vec::new(); candidates],
            ..StrategyTally::default()
        };
        Tally {
            runs: 0,
            strategies: vec![st; strategies],
            pairs: vec![PairTally::default(); strategies * strategies],
        }
    }

    pub(crate) fn pair_index(&self, a: usize, b: usize) -> usize {
        a * self.strategies.len() + b
    }

    /// Record one run: one result per strategy, all on the same draw.
    pub(crate) fn record(
        &mut self,
        results: &[RunResult],
        target: usize,
        target_seats: usize,
        faction_of: &[usize],
    ) {
        self.runs += 1;
        for (st, r) in self.strategies.iter_mut().zip(results) {
            for (f, &s) in r.seats.iter().enumerate() {
                if let Some(slot) = st.seats[f].get_mut(s) {
                    *slot += 1;
                }
            }
            for &c in &r.elected {
                st.elected[c] += 1;
            }
            let mut seen_faction = vec![false; r.seats.len()];
            for &(c, stage) in &r.excluded {
                let f = faction_of[c];
                if !std::mem::replace(&mut seen_faction[f], true) {
                    st.first_out[c] += 1;
                }
                let hist = &mut st.exclusion_stages[c];
                if hist.len() <= stage {
                    hist.resize(stage + 1, 0);
                }
                hist[stage] += 1;
            }
            let t = r.seats[target];
            st.target_seat_sum += t as u64;
            if t >= target_seats {
                st.hits += 1;
            }
            if let Some((net, exhausted)) = r.detail {
                st.transcript_runs += 1;
                st.net_centivotes += net;
                st.exhausted_centivotes += exhausted;
            }
        }
        let n = results.len();
        for a in 0..n {
            for b in 0..n {
                if a == b {
                    continue;
                }
                let (sa, sb) = (
                    results[a].seats[target] as i64,
                    results[b].seats[target] as i64,
                );
                let ha = (sa >= target_seats as i64) as i64;
                let hb = (sb >= target_seats as i64) as i64;
                let i = self.pair_index(a, b);
                let p = &mut self.pairs[i];
                p.hit_sum += ha - hb;
                p.hit_sq += ((ha - hb) * (ha - hb)) as u64;
                p.seat_sum += sa - sb;
                p.seat_sq += ((sa - sb) * (sa - sb)) as u64;
            }
        }
    }

    /// Add another tally of the same shape (how parallel workers' tallies are combined).
    #[cfg_attr(not(feature = "parallel"), allow(dead_code))]
    pub(crate) fn merge(mut self, other: Tally) -> Tally {
        self.runs += other.runs;
        for (a, b) in self.strategies.iter_mut().zip(other.strategies) {
            for (x, y) in a.seats.iter_mut().zip(b.seats) {
                add(x, &y);
            }
            add(&mut a.elected, &b.elected);
            add(&mut a.first_out, &b.first_out);
            for (x, y) in a.exclusion_stages.iter_mut().zip(b.exclusion_stages) {
                add(x, &y);
            }
            a.hits += b.hits;
            a.target_seat_sum += b.target_seat_sum;
            a.transcript_runs += b.transcript_runs;
            a.net_centivotes += b.net_centivotes;
            a.exhausted_centivotes += b.exhausted_centivotes;
        }
        for (a, b) in self.pairs.iter_mut().zip(other.pairs) {
            a.hit_sum += b.hit_sum;
            a.hit_sq += b.hit_sq;
            a.seat_sum += b.seat_sum;
            a.seat_sq += b.seat_sq;
        }
        self
    }
}

#[cfg_attr(not(feature = "parallel"), allow(dead_code))]
fn add(a: &mut Vec<u64>, b: &[u64]) {
    if a.len() < b.len() {
        a.resize(b.len(), 0);
    }
    for (x, y) in a.iter_mut().zip(b) {
        *x += y;
    }
}

/// Mean and 95% confidence interval of a paired difference from its sums over `n` runs.
pub(crate) fn paired_ci(sum: i64, sum_sq: u64, n: u64) -> (f64, [f64; 2]) {
    if n == 0 {
        return (0.0, [0.0, 0.0]);
    }
    let nf = n as f64;
    let mean = sum as f64 / nf;
    if n < 2 {
        return (mean, [mean, mean]);
    }
    let var = ((sum_sq as f64 - nf * mean * mean) / (nf - 1.0)).max(0.0);
    let half = 1.96 * (var / nf).sqrt();
    (mean, [mean - half, mean + half])
}

/// The median of a histogram (the lower median), if it holds anything.
pub(crate) fn median(hist: &[u64]) -> Option<usize> {
    let total: u64 = hist.iter().sum();
    if total == 0 {
        return None;
    }
    let half = total.div_ceil(2);
    let mut acc = 0;
    for (i, &h) in hist.iter().enumerate() {
        acc += h;
        if acc >= half {
            return Some(i);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_and_ci() {
        assert_eq!(median(&[0, 2, 1, 5]), Some(3));
        assert_eq!(median(&[0, 0]), None);
        let (m, ci) = paired_ci(10, 10, 100);
        assert!((m - 0.1).abs() < 1e-12);
        assert!(ci[0] < m && m < ci[1]);
    }
}
