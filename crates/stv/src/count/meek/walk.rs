//! One distribution: walk the round's [`Plan`] at the current keep factors.
//!
//! Each step's value is computed once from its parent's, then multiplied by the number of
//! ballots through it, which is exact: the totals are bit-for-bit those of a ballot-by-ballot
//! count, in every arithmetic. [`walk`] works in any [`Arithmetic`]; [`walk_fixed`] is the same
//! computation on raw `i64` fixed-point values, used when the count runs in [`Fixed`](crate::arith::Fixed)
//! (the `meek` preset); it falls back to 128-bit arithmetic whenever an operand leaves the range
//! where 64 bits are provably enough, so both give identical results.

use std::cmp::Ordering;

use super::plan::{Count, Plan};
use crate::arith::Arithmetic;

/// How a candidate's keep factor splits the value reaching it into kept and passed on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Split {
    /// Meek, PR Foundation reference: kept = value × keep factor rounded up; the rest passes.
    KeepUp,
    /// Meek as Droop's generic rule: kept = value × k and passed = value × (1 − k), both
    /// rounded down (the difference is rounding loss).
    Down,
    /// Warren: kept = the keep factor itself, or all the value if that is less.
    Warren,
}

/// Share every ballot among the candidates: add what each candidate keeps to `votes` (which
/// must start at zero) and the value left at the ends of rankings to `exhausted`.
///
/// `keep` holds every candidate's keep factor (hopeful candidates must have 1, since leaves
/// keep everything); `complement` holds 1 − k for [`Split::Down`] and may be empty otherwise;
/// `out` is scratch space for each step's outgoing value.
#[allow(clippy::too_many_arguments)]
pub(super) fn walk<A: Arithmetic, M: Count>(
    a: &A,
    plan: &Plan<M>,
    split: Split,
    keep: &[A::Num],
    complement: &[A::Num],
    votes: &mut [A::Num],
    exhausted: &mut A::Num,
    out: &mut Vec<A::Num>,
) {
    let zero = a.zero();
    let one = a.one();
    let positive = |x: &A::Num| a.cmp(x, &zero) == Ordering::Greater;
    out.clear();
    out.resize(plan.steps(), zero.clone());
    out[0] = one.clone();
    a.add_assign(exhausted, &a.mul_int(&one, &plan.ends[0].weight()));
    for i in 1..plan.steps() {
        let arriving = &out[plan.parent[i] as usize];
        // A ballot whose value is used up goes no further (Droop: `weight <= 0`).
        if !positive(arriving) {
            continue;
        }
        let value = match plan.share[i] {
            1 => arriving.clone(),
            share => a.div_int(arriving, u64::from(share)),
        };
        let c = plan.cand[i] as usize;
        let (kept, rest) = match split {
            Split::KeepUp => {
                let kept = a.mul_up(&value, &keep[c]);
                let rest = a.sub(&value, &kept);
                (kept, rest)
            }
            Split::Down => (a.mul(&value, &keep[c]), a.mul(&value, &complement[c])),
            Split::Warren => {
                let kept = if a.cmp(&keep[c], &value) == Ordering::Less {
                    keep[c].clone()
                } else {
                    value.clone()
                };
                let rest = a.sub(&value, &kept);
                (kept, rest)
            }
        };
        a.add_assign(&mut votes[c], &a.mul_int(&kept, &plan.through[i].weight()));
        if !plan.ends[i].is_zero() {
            a.add_assign(exhausted, &a.mul_int(&rest, &plan.ends[i].weight()));
        }
        out[i] = rest;
    }
    for j in 0..plan.leaves() {
        let value = &out[plan.leaf_step[j] as usize];
        if !positive(value) {
            continue;
        }
        let part = match plan.leaf_share[j] {
            1 => a.mul_int(value, &plan.leaf_mult[j].weight()),
            share => a.mul_int(
                &a.div_int(value, u64::from(share)),
                &plan.leaf_mult[j].weight(),
            ),
        };
        a.add_assign(&mut votes[plan.leaf_cand[j] as usize], &part);
    }
}

/// [`walk`] for fixed point with `scale` = 10^places on raw `i64` values (the numbers of
/// [`Fixed`](crate::arith::Fixed)), ballot counts in `u64`. Identical results.
#[allow(clippy::too_many_arguments)]
pub(super) fn walk_fixed(
    scale: i64,
    plan: &Plan<u64>,
    split: Split,
    keep: &[i64],
    votes: &mut [i64],
    exhausted: &mut i64,
    out: &mut Vec<i64>,
) {
    walk_dynamic(scale, plan, split, keep, votes, exhausted, out);
}

/// Floor division for `i128`.
fn div_floor(n: i128, d: i128) -> i128 {
    let q = n / d;
    if n % d != 0 && ((n < 0) != (d < 0)) {
        q - 1
    } else {
        q
    }
}

/// Kept and passed-on parts of `value` at keep factor `k`, exactly as [`walk`] computes them
/// with [`Fixed`](crate::arith::Fixed).
#[inline(always)]
fn split_fixed(split: Split, scale: i64, value: i64, k: i64) -> (i64, i64) {
    match split {
        Split::KeepUp => {
            let kept = if scale <= 3_000_000_000 && (0..=scale).contains(&k) && value <= scale {
                // value, k ≤ scale ≤ 3·10^9 keeps the product below 2^63.
                (value * k + scale - 1) / scale
            } else {
                -div_floor(-(value as i128 * k as i128), scale as i128) as i64
            };
            (kept, value - kept)
        }
        Split::Down => {
            let kept = div_floor(value as i128 * k as i128, scale as i128) as i64;
            let rest = div_floor(value as i128 * (scale - k) as i128, scale as i128) as i64;
            (kept, rest)
        }
        Split::Warren => {
            let kept = if k < value { k } else { value };
            (kept, value - kept)
        }
    }
}

fn walk_dynamic(
    scale: i64,
    plan: &Plan<u64>,
    split: Split,
    keep: &[i64],
    votes: &mut [i64],
    exhausted: &mut i64,
    out: &mut Vec<i64>,
) {
    out.clear();
    out.resize(plan.steps(), 0);
    out[0] = scale;
    *exhausted += scale * plan.ends[0] as i64;
    for i in 1..plan.steps() {
        let arriving = out[plan.parent[i] as usize];
        if arriving <= 0 {
            continue;
        }
        let value = match plan.share[i] {
            1 => arriving,
            share => arriving.div_euclid(i64::from(share)),
        };
        let c = plan.cand[i] as usize;
        let (kept, rest) = split_fixed(split, scale, value, keep[c]);
        votes[c] += kept * plan.through[i] as i64;
        *exhausted += rest * plan.ends[i] as i64;
        out[i] = rest;
    }
    for j in 0..plan.leaves() {
        let value = out[plan.leaf_step[j] as usize];
        if value <= 0 {
            continue;
        }
        let part = match plan.leaf_share[j] {
            1 => value,
            share => value.div_euclid(i64::from(share)),
        };
        votes[plan.leaf_cand[j] as usize] += part * plan.leaf_mult[j] as i64;
    }
}
