//! Slate-Plackett–Luce ballots for voters who do not follow a recommendation.
//!
//! Each preference is drawn among the faction's remaining candidates with probability
//! proportional to strength; after the first, each next preference stays within the slate with
//! probability `cohesion`, otherwise the voter leaves the slate and may go on to another
//! faction (whose candidates are then ranked in strength order). The voters are split down the
//! tree of prefixes with multinomial draws, so the cost depends on the number of distinct
//! ballots, not on the number of voters. To keep that number small, only the first
//! `exact_preferences` are drawn by Plackett–Luce; later slate preferences follow the drawn
//! strengths in decreasing order (still truncated by `cohesion`).

use slatewise_stv::CandidateId;

use super::{BallotType, Model};
use crate::sampling::RunRng;

/// Split `n` voters of faction `fi` into ballot types, appending them to `out`.
pub(super) fn split(
    model: &Model,
    rng: &mut RunRng,
    fi: usize,
    n: u64,
    strengths: &[f64],
    cohesion: f64,
    out: &mut Vec<BallotType>,
) {
    if n == 0 {
        return;
    }
    let k = strengths.len();
    let mut prefix = Vec::with_capacity(k);
    let mut taken = vec![false; k];
    let mut scratch: Vec<(Vec<f64>, Vec<u64>)> = (0..=k)
        .map(|_| (Vec::with_capacity(k), Vec::with_capacity(k + 1)))
        .collect();
    let tree = Tree {
        model,
        fi,
        strengths,
        cohesion,
    };
    tree.node(rng, n, &mut prefix, &mut taken, &mut scratch, out);
}

/// The fixed inputs of one faction's split.
struct Tree<'a> {
    model: &'a Model,
    fi: usize,
    strengths: &'a [f64],
    cohesion: f64,
}

impl Tree<'_> {
    /// Split the `n` voters whose ballots start with `prefix`. `scratch[d]` is the buffer of
    /// depth `d`.
    fn node(
        &self,
        rng: &mut RunRng,
        n: u64,
        prefix: &mut Vec<u8>,
        taken: &mut [bool],
        scratch: &mut [(Vec<f64>, Vec<u64>)],
        out: &mut Vec<BallotType>,
    ) {
        let k = self.strengths.len();
        let depth = prefix.len();
        let stay = if depth == k {
            0
        } else if depth == 0 {
            n
        } else {
            rng.binomial(n, self.cohesion)
        };
        let leave = n - stay;
        let Some(((weights, counts), deeper)) = scratch.split_first_mut() else {
            return;
        };
        if leave > 0 {
            self.finish(rng, leave, prefix, counts, out);
        }
        if stay == 0 {
            return;
        }
        let exact = self.model.factions[self.fi].exact.max(1);
        if depth < exact {
            weights.clear();
            weights.extend(
                self.strengths
                    .iter()
                    .zip(taken.iter())
                    .map(|(&s, &t)| if t { 0.0 } else { s }),
            );
            rng.multinomial(stay, weights, counts);
            for c in 0..k {
                let m = counts[c];
                if m == 0 || taken[c] {
                    continue;
                }
                taken[c] = true;
                prefix.push(c as u8);
                self.node(rng, m, prefix, taken, deeper, out);
                prefix.pop();
                taken[c] = false;
            }
        } else {
            // The strongest remaining candidate (lowest index among equals).
            let mut best: Option<usize> = None;
            for (c, &t) in taken.iter().enumerate() {
                if !t && best.is_none_or(|b| self.strengths[c] > self.strengths[b]) {
                    best = Some(c);
                }
            }
            if let Some(c) = best {
                taken[c] = true;
                prefix.push(c as u8);
                self.node(rng, stay, prefix, taken, deeper, out);
                prefix.pop();
                taken[c] = false;
            }
        }
    }

    /// Voters done with their slate: stop, or go on to another faction.
    fn finish(
        &self,
        rng: &mut RunRng,
        n: u64,
        prefix: &[u8],
        counts: &mut Vec<u64>,
        out: &mut Vec<BallotType>,
    ) {
        let fm = &self.model.factions[self.fi];
        self.model.onward_counts(rng, self.fi, n, counts);
        for (slot, &m) in counts.iter().enumerate() {
            if m == 0 {
                continue;
            }
            let mut ranking: Vec<CandidateId> = Vec::with_capacity(prefix.len() + 8);
            ranking.extend(prefix.iter().map(|&c| fm.ids[c as usize]));
            if slot > 0 {
                self.model.push_tail(fm.onward[slot - 1].0, &mut ranking);
            }
            out.push(BallotType { count: m, ranking });
        }
    }
}
