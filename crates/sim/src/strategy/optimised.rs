//! `optimised`: a local search over region-to-order assignments.
//!
//! The search starts from the `balanced` design and tries moving one region at a time to
//! another candidate order (the design's rows and the published orders). Each assignment is
//! scored on the same set of `draws` electorates drawn from the scenario's uncertainty (a
//! stream of draws separate from the reported runs: common random numbers within the search,
//! no reuse of the reported draws): first by how often the slate reaches its target, then by
//! its total seats. A move is kept only if it scores strictly better, so the result is never
//! worse than `balanced` on the search draws; the simulation then checks it against
//! `balanced` on the reported runs too, and falls back to `balanced` if it loses there.
//!
//! Regions are tried from the largest expected supporter count down, and the search stops after
//! `budget` assignments have been scored or when no single move improves.

use crate::ballots::{Draw, Model, Order};
use crate::error::SimError;
use crate::montecarlo::evaluate;
use crate::sampling::{RunRng, Stream};

/// The search's size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SearchOptions {
    /// Electorates each assignment is scored on.
    pub draws: u64,
    /// Assignments scored at most (besides the starting one).
    pub budget: usize,
}

impl Default for SearchOptions {
    fn default() -> SearchOptions {
        SearchOptions {
            draws: 100,
            budget: 30,
        }
    }
}

/// Search from `start`; returns the best assignment and the number of assignments scored.
pub(crate) fn search(
    model: &Model,
    start: &[Order],
    rows: &[Order],
    seed: u64,
    options: &SearchOptions,
    tick: &(dyn Fn() + Sync),
) -> Result<(Vec<Order>, u64), SimError> {
    let draws = make_draws(model, seed, options.draws);
    let mut best = start.to_vec();
    let mut best_score = score(model, &draws, &best, &|| {})?;
    let weights = super::expected_supporters(model);
    let mut regions: Vec<usize> = (0..best.len()).collect();
    regions.sort_by(|&a, &b| weights[b].total_cmp(&weights[a]));
    let mut scored = 0u64;
    'outer: loop {
        let mut improved = false;
        for &r in &regions {
            for row in rows {
                if *row == best[r] {
                    continue;
                }
                if scored >= options.budget as u64 {
                    break 'outer;
                }
                let mut candidate = best.clone();
                candidate[r] = row.clone();
                let s = score(model, &draws, &candidate, tick)?;
                scored += 1;
                if s > best_score {
                    best_score = s;
                    best = candidate;
                    improved = true;
                }
            }
        }
        if !improved {
            break;
        }
    }
    Ok((best, scored))
}

fn make_draws(model: &Model, seed: u64, n: u64) -> Vec<Draw> {
    let one = |i: u64| model.draw(&mut RunRng::for_run(seed, Stream::Search, i));
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        (0..n).into_par_iter().map(one).collect()
    }
    #[cfg(not(feature = "parallel"))]
    {
        (0..n).map(one).collect()
    }
}

/// (runs reaching the target, total target seats) over the draws.
fn score(
    model: &Model,
    draws: &[Draw],
    orders: &[Order],
    tick: &(dyn Fn() + Sync),
) -> Result<(u64, u64), SimError> {
    let one = |d: &Draw| -> Result<(u64, u64), SimError> {
        let r = evaluate(model, d, orders, false)?;
        tick();
        let s = r.seats[model.target] as u64;
        Ok(((s >= model.target_seats as u64) as u64, s))
    };
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        draws
            .par_iter()
            .map(one)
            .try_reduce(|| (0, 0), |a, b| Ok((a.0 + b.0, a.1 + b.1)))
    }
    #[cfg(not(feature = "parallel"))]
    {
        draws.iter().map(one).try_fold((0, 0), |a, b| {
            let b = b?;
            Ok((a.0 + b.0, a.1 + b.1))
        })
    }
}
