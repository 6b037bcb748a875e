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
    // A scale known at compile time turns the divisions into multiplications.
    match scale {
        1_000_000_000 => walk_at::<1_000_000_000>(plan, split, keep, votes, exhausted, out),
        _ => walk_dynamic(scale, plan, split, keep, votes, exhausted, out),
    }
}

fn walk_at<const SCALE: i64>(
    plan: &Plan<u64>,
    split: Split,
    keep: &[i64],
    votes: &mut [i64],
    exhausted: &mut i64,
    out: &mut Vec<i64>,
) {
    walk_dynamic(SCALE, plan, split, keep, votes, exhausted, out);
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

#[inline(always)]
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

#[cfg(test)]
mod tests {
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    use super::super::plan::{Plan, Standing, Store};
    use super::*;
    use crate::arith::{Fixed, Guarded, Rational};
    use crate::model::{Ballot, CandidateId, Ranking};

    /// The rule ballot by ballot, as Droop writes it: each continuing candidate of a position
    /// gets an equal share of the value reaching it and passes on what it does not keep.
    fn naive<A: Arithmetic>(
        a: &A,
        ballots: &[Ballot],
        standing: &[Standing],
        split: Split,
        keep: &[A::Num],
    ) -> (Vec<A::Num>, A::Num) {
        #[allow(clippy::too_many_arguments)]
        fn follow<A: Arithmetic>(
            a: &A,
            ballot: &Ballot,
            from: usize,
            value: A::Num,
            standing: &[Standing],
            split: Split,
            keep: &[A::Num],
            votes: &mut [A::Num],
            exhausted: &mut A::Num,
        ) {
            let groups: Vec<&[CandidateId]> = ballot.ranking.groups().collect();
            let next = (from..groups.len()).find(|&g| {
                groups[g]
                    .iter()
                    .any(|c| standing[c.index()] != Standing::Out)
            });
            let Some(g) = next else {
                a.add_assign(exhausted, &a.mul_int(&value, &ballot.weight));
                return;
            };
            let members: Vec<usize> = groups[g]
                .iter()
                .map(|c| c.index())
                .filter(|&c| standing[c] != Standing::Out)
                .collect();
            let share = a.div_int(&value, members.len() as u64);
            for c in members {
                let (kept, rest) = match split {
                    Split::KeepUp => {
                        let kept = a.mul_up(&share, &keep[c]);
                        let rest = a.sub(&share, &kept);
                        (kept, rest)
                    }
                    Split::Down => (
                        a.mul(&share, &keep[c]),
                        a.mul(&share, &a.sub(&a.one(), &keep[c])),
                    ),
                    Split::Warren => {
                        let kept = if a.cmp(&keep[c], &share) == Ordering::Less {
                            keep[c].clone()
                        } else {
                            share.clone()
                        };
                        let rest = a.sub(&share, &kept);
                        (kept, rest)
                    }
                };
                a.add_assign(&mut votes[c], &a.mul_int(&kept, &ballot.weight));
                if a.cmp(&rest, &a.zero()) == Ordering::Greater {
                    follow(
                        a,
                        ballot,
                        g + 1,
                        rest,
                        standing,
                        split,
                        keep,
                        votes,
                        exhausted,
                    );
                }
            }
        }
        let mut votes = vec![a.zero(); standing.len()];
        let mut exhausted = a.zero();
        for ballot in ballots {
            follow(
                a,
                ballot,
                0,
                a.one(),
                standing,
                split,
                keep,
                &mut votes,
                &mut exhausted,
            );
        }
        (votes, exhausted)
    }

    /// Random ballots over `n` candidates, some with equal rankings, sorted into a store.
    fn random_case(rng: &mut ChaCha8Rng, n: usize) -> (Vec<Ballot>, Vec<Standing>) {
        let mut ballots = Vec::new();
        for _ in 0..300 {
            let mut order: Vec<u32> = (0..n as u32).collect();
            for i in (1..n).rev() {
                order.swap(i, rng.random_range(0..=i));
            }
            order.truncate(rng.random_range(1..=n));
            let mut groups: Vec<Vec<CandidateId>> = Vec::new();
            for c in order {
                match groups.last_mut() {
                    Some(g) if rng.random_bool(0.3) => g.push(CandidateId(c)),
                    _ => groups.push(vec![CandidateId(c)]),
                }
            }
            let weight = rng.random_range(1..6u64);
            ballots.push(Ballot::new(weight, Ranking::from_groups(groups)));
        }
        let standing = (0..n)
            .map(|_| match rng.random_range(0..3) {
                0 => Standing::Hopeful,
                1 => Standing::Elected,
                _ => Standing::Out,
            })
            .collect();
        (ballots, standing)
    }

    fn plan_for(ballots: &[Ballot], standing: &[Standing]) -> Plan<u64> {
        let out: Vec<bool> = standing.iter().map(|s| *s == Standing::Out).collect();
        let mut store: Store<u16, u64> = Store::new(ballots, &out);
        store.sort(standing.len());
        let mut plan = Plan::default();
        plan.rebuild(&store, standing);
        plan
    }

    #[test]
    fn the_plan_walk_equals_the_ballot_by_ballot_rule_in_fixed_point() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let a = Fixed::new(9).unwrap();
        for round in 0..40 {
            let (ballots, standing) = random_case(&mut rng, 7);
            let keep: Vec<i64> = standing
                .iter()
                .map(|s| match s {
                    Standing::Hopeful => a.one(),
                    Standing::Elected => rng.random_range(0..=a.one()),
                    Standing::Out => 0,
                })
                .collect();
            let plan = plan_for(&ballots, &standing);
            for split in [Split::KeepUp, Split::Down, Split::Warren] {
                let (want, want_exhausted) = naive(&a, &ballots, &standing, split, &keep);
                let mut votes = vec![0i64; standing.len()];
                let mut exhausted = 0;
                walk_fixed(
                    a.scale(),
                    &plan,
                    split,
                    &keep,
                    &mut votes,
                    &mut exhausted,
                    &mut Vec::new(),
                );
                assert_eq!(votes, want, "round {round}, {split:?}");
                assert_eq!(exhausted, want_exhausted, "round {round}, {split:?}");
                // The generic walk agrees too, at another scale.
                let b = Fixed::new(6).unwrap();
                let keep6: Vec<i64> = keep.iter().map(|k| k / 1000).collect();
                let (want, _) = naive(&b, &ballots, &standing, split, &keep6);
                let mut votes = vec![0i64; standing.len()];
                let mut exhausted = 0;
                walk(
                    &b,
                    &plan,
                    split,
                    &keep6,
                    &keep6.iter().map(|k| b.one() - k).collect::<Vec<_>>(),
                    &mut votes,
                    &mut exhausted,
                    &mut Vec::new(),
                );
                assert_eq!(votes, want, "round {round}, {split:?}, 6 places");
            }
        }
    }

    #[test]
    fn the_plan_walk_equals_the_ballot_by_ballot_rule_in_exact_arithmetic() {
        let mut rng = ChaCha8Rng::seed_from_u64(11);
        let r = Rational;
        let g = Guarded::new(12, 6);
        for round in 0..10 {
            let (ballots, standing) = random_case(&mut rng, 6);
            let plan = plan_for(&ballots, &standing);
            let fractions: Vec<u64> = standing.iter().map(|_| rng.random_range(1..7)).collect();
            let keep_r: Vec<_> = standing
                .iter()
                .zip(&fractions)
                .map(|(s, &f)| match s {
                    Standing::Hopeful => r.one(),
                    Standing::Elected => r.div_int(&r.one(), f),
                    Standing::Out => r.zero(),
                })
                .collect();
            let keep_g: Vec<_> = standing
                .iter()
                .zip(&fractions)
                .map(|(s, &f)| match s {
                    Standing::Hopeful => g.one(),
                    Standing::Elected => g.div_int(&g.one(), f),
                    Standing::Out => g.zero(),
                })
                .collect();
            for split in [Split::Down, Split::Warren] {
                let (want, want_exhausted) = naive(&r, &ballots, &standing, split, &keep_r);
                let complement: Vec<_> = keep_r.iter().map(|k| r.sub(&r.one(), k)).collect();
                let mut votes = vec![r.zero(); standing.len()];
                let mut exhausted = r.zero();
                walk(
                    &r,
                    &plan,
                    split,
                    &keep_r,
                    &complement,
                    &mut votes,
                    &mut exhausted,
                    &mut Vec::new(),
                );
                assert_eq!(votes, want, "round {round}, {split:?}");
                assert_eq!(exhausted, want_exhausted, "round {round}, {split:?}");

                let (want, _) = naive(&g, &ballots, &standing, split, &keep_g);
                let complement: Vec<_> = keep_g.iter().map(|k| g.sub(&g.one(), k)).collect();
                let mut votes = vec![g.zero(); standing.len()];
                let mut exhausted = g.zero();
                walk(
                    &g,
                    &plan,
                    split,
                    &keep_g,
                    &complement,
                    &mut votes,
                    &mut exhausted,
                    &mut Vec::new(),
                );
                assert_eq!(votes, want, "round {round}, {split:?}, guarded");
            }
        }
    }
}
