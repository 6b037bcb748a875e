//! One distribution: walk a round's [`Plan`] at the current keep factors.
//!
//! The plan's nodes are read backwards (parents before children). The values reaching a node
//! are the values its parent passed on; they are kept in one stack, by depth, so a node's input
//! is the slice its parent left and its output goes right after it. At each node every value is
//! shared among the position's members; each elected member keeps its part of each share and
//! passes the rest on, and what a member keeps over all the values is multiplied once by the
//! ballots through the node; the node's ending ballots leave what was passed on as
//! non-transferable. Then each receiver gets its slot's sum (the node's shares, or all its
//! parent passed on) times its own ballot count. Every product of a value by a ballot count is
//! exact, so the totals are bit-for-bit those of a ballot-by-ballot count, in every arithmetic.
//!
//! The computation is written once, over a [`Flow`]: [`Exact`] runs it in any [`Arithmetic`];
//! [`RawFixed`] on raw `i64` fixed-point values (the numbers of
//! [`Fixed`](crate::arith::Fixed), used by the `meek` preset), falling back to 128-bit
//! arithmetic whenever an operand leaves the range where 64 bits are provably enough, so both
//! give identical results.

use std::cmp::Ordering;

use super::plan::{Count, Item, Plan};
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

/// The numbers a walk computes with, and the rule's split.
pub(super) trait Flow<M: Count>: Sync {
    /// A value.
    type V: Clone + Send + Sync;
    /// Zero.
    fn zero(&self) -> Self::V;
    /// One: what every ballot starts with.
    fn one(&self) -> Self::V;
    /// Is `v` above zero?
    fn positive(&self, v: &Self::V) -> bool;
    /// `v` shared among `share` candidates: ⌊v / share⌋ in the arithmetic.
    fn share(&self, v: &Self::V, share: u32) -> Self::V;
    /// What candidate `c` keeps of `v`, and what it passes on.
    fn split(&self, v: &Self::V, c: usize) -> (Self::V, Self::V);
    /// `acc += x`.
    fn add(&self, acc: &mut Self::V, x: &Self::V);
    /// `acc += x × m`.
    fn add_times(&self, acc: &mut Self::V, x: &Self::V, m: &M);

    /// Share each of `input` among `share` candidates, into `shares`; return their sum.
    fn share_all(&self, input: &[Self::V], share: u32, shares: &mut Vec<Self::V>) -> Self::V {
        let mut sum = self.zero();
        shares.clear();
        for v in input {
            let s = self.share(v, share);
            self.add(&mut sum, &s);
            shares.push(s);
        }
        sum
    }

    /// Split each of `input` at candidate `c`: write what is passed on to the start of
    /// `output` (which is at least as long as `input`), except values used up (Droop:
    /// `weight <= 0`); return the sums kept and passed on, and how many values were written.
    fn pass(
        &self,
        input: &[Self::V],
        c: usize,
        output: &mut [Self::V],
    ) -> (Self::V, Self::V, usize) {
        pass_each(self, input, c, output)
    }
}

/// [`Flow::pass`], value by value.
#[inline]
fn pass_each<M: Count, F: Flow<M> + ?Sized>(
    flow: &F,
    input: &[F::V],
    c: usize,
    output: &mut [F::V],
) -> (F::V, F::V, usize) {
    let (mut kept, mut passed, mut n) = (flow.zero(), flow.zero(), 0);
    for v in input {
        let (k, rest) = flow.split(v, c);
        flow.add(&mut kept, &k);
        if flow.positive(&rest) {
            flow.add(&mut passed, &rest);
            output[n] = rest;
            n += 1;
        }
    }
    (kept, passed, n)
}

/// A walk's working space, reused from walk to walk.
pub(super) struct Scratch<V> {
    /// The values reaching the nodes on the current path, by depth: those reaching the
    /// current node at depth `d` are `values[bounds[d]..bounds[d + 1]]`. Only grows.
    values: Vec<V>,
    bounds: Vec<usize>,
    /// `sums[d]`: the sum of the values reaching the current node at depth `d`.
    sums: Vec<V>,
    /// The current node's shares of its values.
    shares: Vec<V>,
    /// What the receivers of each slot ([`Plan::receiver_slot`]) get per ballot.
    slots: Vec<V>,
}

impl<V> Default for Scratch<V> {
    fn default() -> Self {
        Scratch {
            values: Vec::new(),
            bounds: Vec::new(),
            sums: Vec::new(),
            shares: Vec::new(),
            slots: Vec::new(),
        }
    }
}

/// Share every ballot of `plan` among the candidates: add what each candidate keeps to `votes`
/// and the value left at the ends of rankings to `exhausted`.
pub(super) fn walk<T: Item, M: Count, F: Flow<M>>(
    flow: &F,
    plan: &Plan<T, M>,
    votes: &mut [F::V],
    exhausted: &mut F::V,
    scratch: &mut Scratch<F::V>,
) {
    let Scratch {
        values,
        bounds,
        sums,
        shares,
        slots,
    } = scratch;
    let (zero, one) = (flow.zero(), flow.one());
    flow.add_times(exhausted, &one, &plan.empty);
    values.resize(values.len().max(1), zero.clone());
    values[0] = one.clone();
    bounds.clear();
    bounds.resize(plan.depth + 2, 0);
    bounds[1] = 1;
    sums.clear();
    sums.resize(plan.depth + 1, zero.clone());
    sums[0] = one.clone();
    // Every slot a receiver reads is set before it is read.
    slots.resize(1 + 2 * plan.nodes.len(), zero.clone());
    slots[0] = one;
    let mut members = &plan.members[..];
    // The nodes, parents first: the values they pass on and what their elected members keep.
    for (i, node) in plan.nodes.iter().enumerate().rev() {
        let depth = node.depth.index();
        let share = node.share.cand();
        let elected = node.elected.index();
        let (from, to) = (bounds[depth], bounds[depth + 1]);
        if let (1, 1, 1, Some((&c, rest))) = (to - from, share, elected, members.split_last()) {
            // The step of a ranking without equal groups: one value, one elected candidate.
            members = rest;
            let c = c.index();
            let v = values[from].clone();
            let (kept, rest) = flow.split(&v, c);
            flow.add_times(&mut votes[c], &kept, &node.through);
            slots[1 + 2 * i] = v;
            let passed = if flow.positive(&rest) {
                if values.len() == to {
                    values.push(rest.clone());
                } else {
                    values[to] = rest.clone();
                }
                bounds[depth + 2] = to + 1;
                flow.add_times(exhausted, &rest, &node.ends);
                rest
            } else {
                bounds[depth + 2] = to;
                zero.clone()
            };
            slots[2 + 2 * i] = passed.clone();
            sums[depth + 1] = passed;
            continue;
        }
        slots[1 + 2 * i] = if share == 1 {
            sums[depth].clone()
        } else {
            flow.share_all(&values[from..to], share, shares)
        };
        if elected == 0 {
            continue;
        }
        let (rest, mine) = members.split_at(members.len() - elected);
        members = rest;
        let room = to + (to - from) * elected;
        if values.len() < room {
            values.resize(room, zero.clone());
        }
        let mut passed = zero.clone();
        let mut end = to;
        if to == from + 1 {
            // One value (always so without equal rankings): the same steps, straight.
            let v = if share == 1 {
                values[from].clone()
            } else {
                shares[0].clone()
            };
            for c in mine {
                let c = c.index();
                let (kept, rest) = flow.split(&v, c);
                flow.add_times(&mut votes[c], &kept, &node.through);
                if flow.positive(&rest) {
                    flow.add(&mut passed, &rest);
                    values[end] = rest;
                    end += 1;
                }
            }
        } else {
            let (head, tail) = values.split_at_mut(to);
            let input = if share == 1 {
                &head[from..]
            } else {
                &shares[..]
            };
            for c in mine {
                let c = c.index();
                let (kept, rest, n) = flow.pass(input, c, &mut tail[end - to..]);
                end += n;
                flow.add(&mut passed, &rest);
                flow.add_times(&mut votes[c], &kept, &node.through);
            }
        }
        bounds[depth + 2] = end;
        flow.add_times(exhausted, &passed, &node.ends);
        slots[2 + 2 * i] = passed.clone();
        sums[depth + 1] = passed;
    }
    // The receivers: their slot's value, once per ballot.
    for ((c, slot), count) in plan
        .receiver
        .iter()
        .zip(&plan.receiver_slot)
        .zip(&plan.receiver_count)
    {
        flow.add_times(&mut votes[c.index()], &slots[*slot as usize], count);
    }
}

/// Counting in any [`Arithmetic`].
pub(super) struct Exact<'k, A: Arithmetic> {
    pub a: &'k A,
    pub split: Split,
    /// Every candidate's keep factor.
    pub keep: &'k [A::Num],
    /// 1 − k for every candidate, for [`Split::Down`] (may be empty otherwise).
    pub complement: &'k [A::Num],
}

impl<A: Arithmetic + Sync, M: Count> Flow<M> for Exact<'_, A>
where
    A::Num: Send + Sync,
{
    type V = A::Num;
    fn zero(&self) -> A::Num {
        self.a.zero()
    }
    fn one(&self) -> A::Num {
        self.a.one()
    }
    fn positive(&self, v: &A::Num) -> bool {
        self.a.cmp(v, &self.a.zero()) == Ordering::Greater
    }
    fn share(&self, v: &A::Num, share: u32) -> A::Num {
        if share == 1 {
            v.clone()
        } else {
            self.a.div_int(v, u64::from(share))
        }
    }
    fn split(&self, v: &A::Num, c: usize) -> (A::Num, A::Num) {
        let (a, k) = (self.a, &self.keep[c]);
        match self.split {
            Split::KeepUp => {
                let kept = a.mul_up(v, k);
                let rest = a.sub(v, &kept);
                (kept, rest)
            }
            Split::Down => (a.mul(v, k), a.mul(v, &self.complement[c])),
            Split::Warren => {
                let kept = if a.cmp(k, v) == Ordering::Less {
                    k.clone()
                } else {
                    v.clone()
                };
                let rest = a.sub(v, &kept);
                (kept, rest)
            }
        }
    }
    fn add(&self, acc: &mut A::Num, x: &A::Num) {
        self.a.add_assign(acc, x);
    }
    fn add_times(&self, acc: &mut A::Num, x: &A::Num, m: &M) {
        if !m.is_zero() {
            self.a.add_assign(acc, &self.a.mul_int(x, &m.weight()));
        }
    }
}

/// Fixed point on raw `i64` values with `scale` = 10^places, ballot counts in `u32`: the same
/// results as [`Exact`] over [`Fixed`](crate::arith::Fixed). `SCALE` is the scale when known
/// at compile time (which turns divisions into multiplications), or 0 to use `scale`.
pub(super) struct RawFixed<'k, const SCALE: i64> {
    pub scale: i64,
    pub split: Split,
    /// Every candidate's keep factor.
    pub keep: &'k [i64],
    /// [`reciprocals`] for every share that occurs.
    pub reciprocal: &'k [u64],
}

/// `⌊(2^64 − 1) / k⌋ + 1` for every `k` up to `n` (0 for 0 and 1, which do not use it): what
/// [`RawFixed`] multiplies by to divide by `k`.
pub(super) fn reciprocals(n: usize) -> Vec<u64> {
    (0..=n as u64)
        .map(|k| if k < 2 { 0 } else { u64::MAX / k + 1 })
        .collect()
}

impl<const SCALE: i64> RawFixed<'_, SCALE> {
    #[inline(always)]
    fn scale(&self) -> i64 {
        if SCALE == 0 { self.scale } else { SCALE }
    }
}

/// ⌊v / share⌋, by multiplying with `reciprocal` (from [`reciprocals`]) when given and
/// 0 ≤ v < 2^32: the factor ⌊(2^64 − 1) / share⌋ + 1 exceeds 2^64 / share by at most 1, so
/// the product exceeds 2^64 · v / share by less than 2^64 / share and its high half is
/// ⌊v / share⌋.
#[inline(always)]
fn divide(v: i64, share: u32, reciprocal: Option<u64>) -> i64 {
    match (share, u32::try_from(v), reciprocal) {
        (1, _, _) => v,
        (_, Ok(v), Some(r)) => ((u128::from(v) * u128::from(r)) >> 64) as i64,
        _ => v.div_euclid(i64::from(share)),
    }
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

impl<const SCALE: i64> Flow<u32> for RawFixed<'_, SCALE> {
    type V = i64;
    #[inline(always)]
    fn zero(&self) -> i64 {
        0
    }
    #[inline(always)]
    fn one(&self) -> i64 {
        self.scale()
    }
    #[inline(always)]
    fn positive(&self, v: &i64) -> bool {
        *v > 0
    }
    #[inline(always)]
    fn share(&self, v: &i64, share: u32) -> i64 {
        divide(*v, share, self.reciprocal.get(share as usize).copied())
    }
    #[inline(always)]
    fn split(&self, v: &i64, c: usize) -> (i64, i64) {
        let (scale, value, k) = (self.scale(), *v, self.keep[c]);
        match self.split {
            Split::KeepUp => {
                let kept = if scale <= 3_000_000_000
                    && (0..=scale).contains(&k)
                    && (0..=scale).contains(&value)
                {
                    // 0 ≤ value, k ≤ scale ≤ 3·10^9 keeps the product below 2^63.
                    #[allow(clippy::manual_div_ceil)]
                    let kept = ((value as u64 * k as u64 + scale as u64 - 1) / scale as u64) as i64;
                    kept
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
                let kept = k.min(value);
                (kept, value - kept)
            }
        }
    }
    #[inline(always)]
    fn add(&self, acc: &mut i64, x: &i64) {
        *acc += *x;
    }
    #[inline(always)]
    fn add_times(&self, acc: &mut i64, x: &i64, m: &u32) {
        *acc += *x * i64::from(*m);
    }

    #[inline(always)]
    fn share_all(&self, input: &[i64], share: u32, shares: &mut Vec<i64>) -> i64 {
        // The reciprocal looked up once for all the values.
        let r = self.reciprocal.get(share as usize).copied();
        shares.clear();
        shares.extend(input.iter().map(|&v| divide(v, share, r)));
        shares.iter().sum()
    }

    #[inline(always)]
    fn pass(&self, input: &[i64], c: usize, output: &mut [i64]) -> (i64, i64, usize) {
        let (scale, k) = (self.scale(), self.keep[c]);
        if self.split != Split::KeepUp || scale > 3_000_000_000 || !(0..=scale).contains(&k) {
            return pass_each(self, input, c, output);
        }
        // [`Split::KeepUp`] as in `split`, its checks made once: with 0 ≤ k ≤ scale ≤ 3·10^9
        // and values 0 ≤ v ≤ scale (values never exceed one), v × k fits in 64 bits and
        // kept ≤ v. Every rest is written; the count moves on past positive ones only, so the
        // loop has no unpredictable branch.
        let (k, s) = (k as u64, scale as u64);
        let (mut kept, mut passed, mut n) = (0, 0, 0);
        for &v in input {
            debug_assert!((0..=scale).contains(&v));
            // Not `div_ceil`, which also computes a remainder: one multiply and shift.
            #[allow(clippy::manual_div_ceil)]
            let part = ((v as u64 * k + s - 1) / s) as i64;
            let rest = v - part;
            kept += part;
            passed += rest;
            output[n] = rest;
            n += usize::from(rest > 0);
        }
        (kept, passed, n)
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

    /// The plans of `ballots` in `shards` shards.
    fn plans_for(ballots: &[Ballot], standing: &[Standing], shards: usize) -> Vec<Plan<u8, u32>> {
        let out: Vec<bool> = standing.iter().map(|s| *s == Standing::Out).collect();
        let mut store: Store<u8, u32> = Store::new(
            ballots.iter().map(|b| (&b.weight, b.ranking.groups())),
            &out,
        )
        .expect("a small store");
        store.sort(standing.len());
        store
            .shards(shards)
            .into_iter()
            .map(|range| {
                let mut plan = Plan::default();
                plan.rebuild(&store, range, standing);
                plan
            })
            .collect()
    }

    /// Walk every plan and add up the results.
    fn walk_all<F: Flow<u32>>(flow: &F, plans: &[Plan<u8, u32>], n: usize) -> (Vec<F::V>, F::V) {
        let mut votes = vec![flow.zero(); n];
        let mut exhausted = flow.zero();
        for plan in plans {
            let mut v = vec![flow.zero(); n];
            let mut e = flow.zero();
            walk(flow, plan, &mut v, &mut e, &mut Scratch::default());
            for (t, x) in votes.iter_mut().zip(&v) {
                flow.add(t, x);
            }
            flow.add(&mut exhausted, &e);
        }
        (votes, exhausted)
    }

    #[test]
    fn the_plan_walk_equals_the_ballot_by_ballot_rule_in_fixed_point() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let a = Fixed::new(9).unwrap();
        let b = Fixed::new(6).unwrap();
        for round in 0..40 {
            let (ballots, standing) = random_case(&mut rng, 7);
            let n = standing.len();
            let keep: Vec<i64> = standing
                .iter()
                .map(|s| match s {
                    Standing::Hopeful => a.one(),
                    Standing::Elected => rng.random_range(0..=a.one()),
                    Standing::Out => 0,
                })
                .collect();
            let keep6: Vec<i64> = keep.iter().map(|k| k / 1000).collect();
            let complement6: Vec<i64> = keep6.iter().map(|k| b.one() - k).collect();
            for shards in [1, 3] {
                let plans = plans_for(&ballots, &standing, shards);
                for split in [Split::KeepUp, Split::Down, Split::Warren] {
                    let want = naive(&a, &ballots, &standing, split, &keep);
                    let reciprocal = reciprocals(n);
                    let raw = RawFixed::<1_000_000_000> {
                        scale: a.scale(),
                        split,
                        keep: &keep,
                        reciprocal: &reciprocal,
                    };
                    assert_eq!(walk_all(&raw, &plans, n), want, "round {round}, {split:?}");
                    let dynamic = RawFixed::<0> {
                        scale: a.scale(),
                        split,
                        keep: &keep,
                        reciprocal: &[],
                    };
                    assert_eq!(
                        walk_all(&dynamic, &plans, n),
                        want,
                        "round {round}, {split:?}"
                    );
                    // The generic walk agrees too, at another scale.
                    let want = naive(&b, &ballots, &standing, split, &keep6);
                    let exact = Exact {
                        a: &b,
                        split,
                        keep: &keep6,
                        complement: &complement6,
                    };
                    assert_eq!(
                        walk_all(&exact, &plans, n),
                        want,
                        "round {round}, {split:?}, 6 places"
                    );
                }
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
            let n = standing.len();
            let plans = plans_for(&ballots, &standing, 2);
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
            let complement_r: Vec<_> = keep_r.iter().map(|k| r.sub(&r.one(), k)).collect();
            let complement_g: Vec<_> = keep_g.iter().map(|k| g.sub(&g.one(), k)).collect();
            for split in [Split::Down, Split::Warren] {
                let exact = Exact {
                    a: &r,
                    split,
                    keep: &keep_r,
                    complement: &complement_r,
                };
                let want = naive(&r, &ballots, &standing, split, &keep_r);
                assert_eq!(
                    walk_all(&exact, &plans, n),
                    want,
                    "round {round}, {split:?}"
                );
                let exact = Exact {
                    a: &g,
                    split,
                    keep: &keep_g,
                    complement: &complement_g,
                };
                let want = naive(&g, &ballots, &standing, split, &keep_g);
                assert_eq!(
                    walk_all(&exact, &plans, n),
                    want,
                    "round {round}, {split:?}, guarded"
                );
            }
        }
    }
}
