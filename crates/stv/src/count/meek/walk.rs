//! One distribution: walk a round's [`Plan`] at the current keep factors.
//!
//! The plan's nodes are read backwards (parents before children). The values reaching the
//! nodes of the current path are kept in one small array, depth after depth, each depth with
//! room for the most values that reach a node there: a node reads its values where its parent
//! put them and puts what it passes on one depth down. At a node every value is shared among
//! the position's members; each elected member keeps its part of each share and passes the
//! rest on, and what a member keeps over all the values is multiplied once by the ballots
//! through the node. Then the node's receivers get the sum of its shares, or of all it passes
//! on, times their own ballot counts; the value left at the ends of rankings is the receiver
//! "exhausted". Every product of a value by a ballot count is exact, so the totals are
//! bit-for-bit those of a ballot-by-ballot count, in every arithmetic.
//!
//! The computation is written once over a [`Flow`] ([`walk`]; [`Exact`] runs it in any
//! [`Arithmetic`]), and once more on raw integers for the `meek` preset's fixed point with 9
//! places ([`walk_nine_places`]), which gives identical results (a plan without equal
//! rankings there takes a straight loop).
//!
//! A [`Plan::levelled`] plan is walked run after run instead ([`walk_levels`],
//! [`walk_levels_nine`]; see [`Run`](super::plan::Run)): each run's nodes share a depth and a
//! kind (how many values reach them, their elected members, their share), so one loop takes
//! them all — for the `meek` preset unrolled for the common kinds — reading the values their
//! parents passed on from one array and writing what they pass on to another; then the run's
//! receivers are paid in one loop.

// Levelled plans are not walked in WebAssembly (see `walk`).
#![cfg_attr(target_arch = "wasm32", allow(dead_code, unused_imports))]

use std::cmp::Ordering;
use std::ops::Range;

use super::plan::{BucketKey, Count, Item, LevelNode, Plan, receiver_slot};
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
}

/// A walk's working space, reused from walk to walk.
pub(super) struct Scratch<V> {
    /// The values reaching the nodes of the current path, depth after depth (or, in a
    /// levelled plan, those passed on at the depth before the current one).
    values: Vec<V>,
    /// In a levelled plan, those passed on at the current depth.
    next: Vec<V>,
    /// The current node's shares of its values.
    shares: Vec<V>,
    /// In a levelled plan, what the current run's nodes give their receivers per ballot
    /// (see [`receiver_slot`]).
    pays: Vec<V>,
}

impl<V> Default for Scratch<V> {
    fn default() -> Self {
        Scratch {
            values: Vec::new(),
            next: Vec::new(),
            shares: Vec::new(),
            pays: Vec::new(),
        }
    }
}

/// A node as a walk meets it: where its values are in the walk's array, where what it passes
/// on goes, its elected members and its receivers.
struct Visit<'p, T> {
    /// The node's number in the plan.
    i: usize,
    /// Its values: `values[at..at + n]`.
    at: usize,
    n: usize,
    /// Where what it passes on starts: `n` values per elected member, member after member.
    out: usize,
    mine: &'p [T],
    /// Its receivers of shares, and of what it passes on (ranges of the plan's receivers).
    shared: Range<usize>,
    after: Range<usize>,
}

/// The nodes of a plan in walking order (parents first). The values reaching the nodes of the
/// current path are laid out depth after depth, each depth with room for [`Plan::widths`] of
/// them, one at depth 0.
struct Visits<'p, T, M> {
    plan: &'p Plan<T, M>,
    next: usize,
    /// Where the values reaching each depth start, and how many reach the current node there.
    start: Vec<usize>,
    count: Vec<usize>,
    members: &'p [T],
    receivers: usize,
}

impl<'p, T: Item, M> Visits<'p, T, M> {
    /// The visits of `plan`, and the room its values need.
    fn new(plan: &'p Plan<T, M>) -> (Self, usize) {
        let mut start = Vec::new();
        let room = value_starts(plan, &mut start);
        let mut count = vec![0; start.len()];
        count[0] = 1;
        let visits = Visits {
            plan,
            next: plan.nodes.len(),
            start,
            count,
            members: &plan.members,
            receivers: plan.receiver.len(),
        };
        (visits, room)
    }
}

/// Put in `start` where the values reaching each depth of `plan` start in a walk's array
/// (each depth with room for [`Plan::widths`] of them), then where the deepest ones end;
/// return the room needed (at least 1).
fn value_starts<T, M>(plan: &Plan<T, M>, start: &mut Vec<usize>) -> usize {
    start.clear();
    let mut room = 0;
    for &w in &plan.widths {
        start.push(room);
        room += w as usize;
    }
    start.push(room);
    room.max(1)
}

impl<'p, T: Item, M> Iterator for Visits<'p, T, M> {
    type Item = Visit<'p, T>;

    #[inline(always)]
    fn next(&mut self) -> Option<Visit<'p, T>> {
        let i = self.next.checked_sub(1)?;
        self.next = i;
        let node = &self.plan.nodes[i];
        let depth = node.depth.index();
        let elected = node.elected.index();
        let (rest, mine) = self.members.split_at(self.members.len() - elected);
        self.members = rest;
        let n = self.count[depth];
        self.count[depth + 1] = n * elected;
        let (shared, after) = (usize::from(node.shared), usize::from(node.after));
        let from = self.receivers - shared - after;
        self.receivers = from;
        Some(Visit {
            i,
            at: self.start[depth],
            n,
            out: self.start[depth + 1],
            mine,
            shared: from..from + shared,
            after: from + shared..from + shared + after,
        })
    }
}

/// Share every ballot of `plan` among the candidates: add what each candidate keeps to
/// `totals[c]`, and the value left at the ends of rankings to the last entry (`totals` has one
/// more entry than there are candidates).
pub(super) fn walk<T: Item, M: Count, F: Flow<M>>(
    flow: &F,
    plan: &Plan<T, M>,
    totals: &mut [F::V],
    scratch: &mut Scratch<F::V>,
) {
    let zero = flow.zero();
    let one = flow.one();
    for (c, count) in &plan.first {
        flow.add_times(&mut totals[c.index()], &one, count);
    }
    // (Levelled plans are not built in WebAssembly, where the module's size matters more.)
    #[cfg(not(target_arch = "wasm32"))]
    if plan.levelled {
        walk_levels(flow, plan, totals, scratch);
        return;
    }
    let Scratch { values, shares, .. } = scratch;
    let (visits, room) = Visits::new(plan);
    // Every value is written before it is read: no need to clear them.
    values.resize(room, zero.clone());
    values[0] = one.clone();
    for visit in visits {
        let Visit {
            i,
            at,
            n,
            out,
            mine,
            ..
        } = visit;
        let node = &plan.nodes[i];
        let (before, after) = values.split_at_mut(out);
        let input = &before[at..at + n];
        let output = &mut after[..n * mine.len()];
        let (sum, passed) = flow_node(
            flow,
            node.share.cand(),
            input,
            mine,
            output,
            shares,
            |c, kept| {
                flow.add_times(&mut totals[c], kept, &node.through);
            },
        );
        for (range, each) in [(visit.shared, &sum), (visit.after, &passed)] {
            for (c, count) in plan.receiver[range.clone()]
                .iter()
                .zip(&plan.receiver_count[range])
            {
                flow.add_times(&mut totals[c.index()], each, count);
            }
        }
    }
}

/// [`walk`] for a [`Plan::levelled`] plan (after paying [`Plan::first`]): run after run
/// (see [`Run`](super::plan::Run)).
#[cfg(not(target_arch = "wasm32"))]
fn walk_levels<T: Item, M: Count, F: Flow<M>>(
    flow: &F,
    plan: &Plan<T, M>,
    totals: &mut [F::V],
    scratch: &mut Scratch<F::V>,
) {
    let Scratch {
        values,
        next,
        shares,
        pays,
    } = scratch;
    let zero = flow.zero();
    // Every value is written before it is read: no need to clear them.
    values.resize(plan.room, zero.clone());
    next.resize(plan.room, zero.clone());
    let mut runs = Runs::new(plan);
    while let Some(run) = runs.next() {
        if run.starts_segment {
            values[0] = flow.one();
        } else if run.depth_changed {
            // The next depth reads what this one passed on.
            std::mem::swap(values, next);
        }
        let key = run.key;
        let (n, e) = (key.values as usize, key.elected as usize);
        if pays.len() < 2 * run.nodes.len() {
            pays.resize(2 * run.nodes.len(), zero.clone());
        }
        for (i, node) in run.nodes.iter().enumerate() {
            let input = &values[node.input as usize..][..n];
            let out = run.out + i * n * e;
            let output = &mut next[out..out + n * e];
            let mine = &run.members[i * e..(i + 1) * e];
            let (sum, passed) =
                flow_node(flow, key.share, input, mine, output, shares, |c, kept| {
                    flow.add_times(&mut totals[c], kept, &node.through);
                });
            pays[receiver_slot(i, false)] = sum;
            pays[receiver_slot(i, true)] = passed;
        }
        for ((c, count), &slot) in run.receivers.iter().zip(run.counts).zip(run.slots) {
            flow.add_times(&mut totals[c.index()], &pays[usize::from(slot)], count);
        }
    }
}

/// What a node does to the values reaching it (`input`): share each among `share`
/// candidates, split each share at every elected member of `mine`, pass `keeps` each member
/// and what it keeps in all, and put what it passes on in `output` (`input.len()` values per
/// member, member after member); return the sum of the shares and of what is passed on.
/// `shares` is working space.
fn flow_node<T: Item, M: Count, F: Flow<M>>(
    flow: &F,
    share: u32,
    input: &[F::V],
    mine: &[T],
    output: &mut [F::V],
    shares: &mut Vec<F::V>,
    mut keeps: impl FnMut(usize, &F::V),
) -> (F::V, F::V) {
    let zero = flow.zero();
    shares.clear();
    shares.extend(input.iter().map(|v| flow.share(v, share)));
    let mut sum = zero.clone();
    for s in shares.iter() {
        flow.add(&mut sum, s);
    }
    let mut passed = zero.clone();
    for (c, output) in mine.iter().zip(output.chunks_exact_mut(input.len().max(1))) {
        let c = c.index();
        let mut kept = zero.clone();
        for (s, o) in shares.iter().zip(output) {
            let (k, rest) = flow.split(s, c);
            flow.add(&mut kept, &k);
            // A value used up stops (Droop: `weight <= 0`): it stays a zero.
            if flow.positive(&rest) {
                flow.add(&mut passed, &rest);
                *o = rest;
            } else {
                *o = zero.clone();
            }
        }
        keeps(c, &kept);
    }
    (sum, passed)
}

/// The runs of a levelled plan in walking order, and their nodes' receivers.
struct Runs<'p, T, M> {
    plan: &'p Plan<T, M>,
    run: usize,
    nodes: usize,
    members: usize,
    depth: u32,
    /// Where the next run's nodes put the values they pass on.
    out: usize,
    /// Where the next run's receivers start.
    receivers: usize,
}

/// A run as a walk meets it.
struct RunVisit<'p, T, M> {
    key: BucketKey,
    starts_segment: bool,
    /// Whether its depth is not that of the run before (in the same segment).
    depth_changed: bool,
    nodes: &'p [LevelNode<M>],
    members: &'p [T],
    /// Where its nodes put the values they pass on, node after node.
    out: usize,
    /// Its nodes' receivers, with their ballot counts and slots ([`receiver_slot`]).
    receivers: &'p [T],
    counts: &'p [M],
    slots: &'p [u16],
}

impl<'p, T: Item, M> Runs<'p, T, M> {
    fn new(plan: &'p Plan<T, M>) -> Self {
        Runs {
            plan,
            run: 0,
            nodes: 0,
            members: 0,
            depth: 0,
            out: 0,
            receivers: 0,
        }
    }

    /// The next run.
    fn next(&mut self) -> Option<RunVisit<'p, T, M>> {
        let run = self.plan.runs.get(self.run)?;
        self.run += 1;
        let len = run.len as usize;
        let members = len * run.key.elected as usize;
        if run.starts_segment || run.key.depth != self.depth {
            self.out = 0;
        }
        let receivers = self.receivers..self.receivers + run.receivers as usize;
        self.receivers = receivers.end;
        let plan = self.plan;
        let visit = RunVisit {
            key: run.key,
            starts_segment: run.starts_segment,
            depth_changed: run.key.depth != self.depth,
            nodes: &self.plan.level_nodes[self.nodes..self.nodes + len],
            members: &self.plan.members[self.members..self.members + members],
            out: self.out,
            receivers: &plan.receiver[receivers.clone()],
            counts: &plan.receiver_count[receivers.clone()],
            slots: &plan.receiver_slot[receivers],
        };
        self.out += members * run.key.values as usize;
        self.depth = run.key.depth;
        self.nodes += len;
        self.members += members;
        Some(visit)
    }
}

impl<T: Item> RunVisit<'_, T, u32> {
    /// Pay the run's receivers into `totals`, each its ballot count times what its node gives
    /// it per ballot (`pays`, by [`receiver_slot`]): one loop without a branch. What a
    /// receiver gets is at most one per ballot, times at most the total: no overflow.
    #[inline(always)]
    fn pay(&self, pays: &[u64], totals: &mut [i64]) {
        for ((c, &n), &slot) in self.receivers.iter().zip(self.counts).zip(self.slots) {
            totals[c.index()] += (pays[usize::from(slot)] * u64::from(n)) as i64;
        }
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

/// The `meek` preset's arithmetic — fixed point with 9 places ([`Fixed`](crate::arith::Fixed)),
/// ballot counts in `u32` — on raw integers: values are `u32` (they never exceed one, 10^9),
/// products `u64`, sums `i64`. [`walk_nine_places`] gives the results of [`walk`] over
/// [`Exact`] with `Fixed`, bit for bit.
pub(super) struct NinePlaces<'k> {
    pub split: Split,
    /// Every candidate's keep factor, as raw fixed-point numbers.
    pub keep: &'k [i64],
    /// [`halving_reciprocals`] for every share that occurs.
    pub reciprocal: &'k [u64],
}

/// One, in [`NinePlaces`].
const ONE: u64 = 1_000_000_000;

/// `⌊(2^64 − 1) / 2k⌋ + 1` for every `k` from 0 to `n` (0 for 0): [`share_of`] multiplies twice
/// a value by it to divide the value by `k`. (Twice the value, so that `k` = 1 fits in 64 bits.)
pub(super) fn halving_reciprocals(n: usize) -> Vec<u64> {
    (0..=n as u64)
        .map(|k| if k == 0 { 0 } else { u64::MAX / (2 * k) + 1 })
        .collect()
}

/// ⌊v / k⌋ for 0 ≤ v < 2^31, given `r` = [`halving_reciprocals`]`[k]`: `r` exceeds 2^64 / 2k
/// by at most 1, so 2v · r exceeds 2^64 · v / k by less than 2^32 < 2^64 / 2k, which leaves
/// the high half of the product at ⌊v / k⌋.
#[inline(always)]
fn share_of(v: u32, r: u64) -> u64 {
    ((u128::from(2 * u64::from(v)) * u128::from(r)) >> 64) as u64
}

/// A keep factor k (raw, 0 ≤ k ≤ 10^9) as ⌊k · 2^64 / 10^9⌋, at most 2^64 − 1, for
/// [`kept_up`].
#[inline]
fn scaled_keep(k: u64) -> u64 {
    u64::try_from((u128::from(k) << 64) / u128::from(ONE)).unwrap_or(u64::MAX)
}

/// What a candidate keeps of `share` under [`Split::KeepUp`], ⌈share × k / 10^9⌉, given
/// `scaled` = [`scaled_keep`]`(k)`: it is ⌈share × scaled / 2^64⌉ — one multiply — because
/// share < 2^30 makes the difference less than 2^-34, below the 10^-9 steps of
/// share × k / 10^9.
#[inline(always)]
fn kept_up(share: u64, scaled: u64) -> u64 {
    let product = u128::from(share) * u128::from(scaled);
    (product >> 64) as u64 + u64::from(product as u64 != 0)
}

/// [`walk`] for [`NinePlaces`]. Returns `false`, having written nothing, when a keep factor
/// lies outside 0..=1 (then a value could turn negative); [`walk`] then does it.
pub(super) fn walk_nine_places<T: Item>(
    f: &NinePlaces<'_>,
    plan: &Plan<T, u32>,
    totals: &mut [i64],
    scratch: &mut NineScratch,
) -> bool {
    if f.keep.iter().any(|k| !(0..=ONE as i64).contains(k)) {
        return false;
    }
    for (c, count) in &plan.first {
        totals[c.index()] += (ONE * u64::from(*count)) as i64;
    }
    // For `Split::KeepUp`, each keep factor scaled for `kept_up`.
    let mut scaled = [0u64; 256];
    let scaled = (f.split == Split::KeepUp && f.keep.len() <= scaled.len()).then(|| {
        for (s, &k) in scaled.iter_mut().zip(f.keep) {
            *s = scaled_keep(k as u64);
        }
        &scaled[..f.keep.len()]
    });
    #[cfg(not(target_arch = "wasm32"))]
    if plan.levelled {
        walk_levels_nine(f, plan, scaled, scratch, totals);
        return true;
    }
    let room = value_starts(plan, &mut scratch.start);
    let values = &mut scratch.values;
    // Every value is written before it is read: no need to clear them.
    values.resize(room, 0);
    values[0] = ONE as u32;
    match scaled {
        Some(scaled) if plan.strict => walk_strict(plan, scaled, values, totals),
        _ => walk_counting(f, plan, &scratch.start, &mut scratch.count, values, totals),
    }
    true
}

/// [`walk_nine_places`] for a [`Plan::levelled`] plan (after paying [`Plan::first`]): run
/// after run (see [`Run`](super::plan::Run)), each run's nodes in one loop — for
/// [`Split::KeepUp`] (keep factors `scaled`) and the common kinds, unrolled for their
/// numbers of values and elected members.
#[cfg(not(target_arch = "wasm32"))]
fn walk_levels_nine<T: Item>(
    f: &NinePlaces<'_>,
    plan: &Plan<T, u32>,
    scaled: Option<&[u64]>,
    scratch: &mut NineScratch,
    totals: &mut [i64],
) {
    let NineScratch {
        values, next, pays, ..
    } = scratch;
    // Every value is written before it is read: no need to clear them.
    values.resize(plan.room, 0);
    next.resize(plan.room, 0);
    let mut runs = Runs::new(plan);
    while let Some(visit) = runs.next() {
        if visit.starts_segment {
            values[0] = ONE as u32;
        } else if visit.depth_changed {
            // The next depth reads what this one passed on.
            std::mem::swap(values, next);
        }
        let key = visit.key;
        let run = RunNine {
            nodes: visit.nodes,
            members: visit.members,
            out: visit.out,
            key,
            r: f.reciprocal[key.share as usize],
        };
        if pays.len() < 2 * run.nodes.len() {
            pays.resize(2 * run.nodes.len(), 0);
        }
        let kind = key.kind();
        let unrolled =
            scaled.is_some_and(|scaled| run.kind(kind, values, next, scaled, pays, totals));
        if !unrolled {
            run.any(f, values, next, pays, totals);
        }
        visit.pay(pays, totals);
    }
}

/// A run's nodes in a walk of a levelled plan in [`NinePlaces`], with the reciprocal of
/// their share ([`halving_reciprocals`]).
struct RunNine<'p, T> {
    nodes: &'p [LevelNode<u32>],
    members: &'p [T],
    /// Where the nodes put the values they pass on, node after node.
    out: usize,
    key: BucketKey,
    r: u64,
}

impl<T: Item> RunNine<'_, T> {
    /// Walk the nodes with [`Split::KeepUp`] (keep factors `scaled`), reading the values
    /// reaching them in `read` and writing what they pass on in `write`, if their `kind` (a
    /// [`BucketKey::kind`]) is one of those unrolled (outside WebAssembly, where the module's size
    /// matters more); return whether it was.
    #[inline(always)]
    fn kind(
        &self,
        kind: u8,
        read: &[u32],
        write: &mut [u32],
        scaled: &[u64],
        pays: &mut [u64],
        totals: &mut [i64],
    ) -> bool {
        #[cfg(not(target_arch = "wasm32"))]
        {
            let (b, w, p) = (read, write, pays);
            match kind {
                0o10 => self.keep_up::<1, 0, false>(b, w, scaled, p, totals),
                0o11 if self.key.share == 1 => self.keep_up::<1, 1, true>(b, w, scaled, p, totals),
                0o11 => self.keep_up::<1, 1, false>(b, w, scaled, p, totals),
                0o12 => self.keep_up::<1, 2, false>(b, w, scaled, p, totals),
                0o13 => self.keep_up::<1, 3, false>(b, w, scaled, p, totals),
                0o14 => self.keep_up::<1, 4, false>(b, w, scaled, p, totals),
                0o20 => self.keep_up::<2, 0, false>(b, w, scaled, p, totals),
                0o21 if self.key.share == 1 => self.keep_up::<2, 1, true>(b, w, scaled, p, totals),
                0o21 => self.keep_up::<2, 1, false>(b, w, scaled, p, totals),
                0o22 => self.keep_up::<2, 2, false>(b, w, scaled, p, totals),
                0o23 => self.keep_up::<2, 3, false>(b, w, scaled, p, totals),
                0o24 => self.keep_up::<2, 4, false>(b, w, scaled, p, totals),
                0o30 => self.keep_up::<3, 0, false>(b, w, scaled, p, totals),
                0o31 if self.key.share == 1 => self.keep_up::<3, 1, true>(b, w, scaled, p, totals),
                0o31 => self.keep_up::<3, 1, false>(b, w, scaled, p, totals),
                0o32 => self.keep_up::<3, 2, false>(b, w, scaled, p, totals),
                0o33 => self.keep_up::<3, 3, false>(b, w, scaled, p, totals),
                0o40 => self.keep_up::<4, 0, false>(b, w, scaled, p, totals),
                0o41 if self.key.share == 1 => self.keep_up::<4, 1, true>(b, w, scaled, p, totals),
                0o41 => self.keep_up::<4, 1, false>(b, w, scaled, p, totals),
                0o42 => self.keep_up::<4, 2, false>(b, w, scaled, p, totals),
                0o43 => self.keep_up::<4, 3, false>(b, w, scaled, p, totals),
                0o50 => self.keep_up::<5, 0, false>(b, w, scaled, p, totals),
                0o51 if self.key.share == 1 => self.keep_up::<5, 1, true>(b, w, scaled, p, totals),
                0o51 => self.keep_up::<5, 1, false>(b, w, scaled, p, totals),
                0o60 => self.keep_up::<6, 0, false>(b, w, scaled, p, totals),
                0o61 if self.key.share == 1 => self.keep_up::<6, 1, true>(b, w, scaled, p, totals),
                0o61 => self.keep_up::<6, 1, false>(b, w, scaled, p, totals),
                0o62 => self.keep_up::<6, 2, false>(b, w, scaled, p, totals),
                0o63 => self.keep_up::<6, 3, false>(b, w, scaled, p, totals),
                0o100 => self.keep_up::<8, 0, false>(b, w, scaled, p, totals),
                0o101 if self.key.share == 1 => self.keep_up::<8, 1, true>(b, w, scaled, p, totals),
                0o101 => self.keep_up::<8, 1, false>(b, w, scaled, p, totals),
                0o102 => self.keep_up::<8, 2, false>(b, w, scaled, p, totals),
                0o110 => self.keep_up::<9, 0, false>(b, w, scaled, p, totals),
                0o111 if self.key.share == 1 => self.keep_up::<9, 1, true>(b, w, scaled, p, totals),
                0o111 => self.keep_up::<9, 1, false>(b, w, scaled, p, totals),
                0o140 => self.keep_up::<12, 0, false>(b, w, scaled, p, totals),
                0o141 if self.key.share == 1 => {
                    self.keep_up::<12, 1, true>(b, w, scaled, p, totals)
                }
                0o141 => self.keep_up::<12, 1, false>(b, w, scaled, p, totals),
                0o200 => self.keep_up::<16, 0, false>(b, w, scaled, p, totals),
                _ => return false,
            }
            true
        }
        #[cfg(target_arch = "wasm32")]
        {
            let _ = (kind, read, write, scaled, pays, totals);
            false
        }
    }

    /// [`RunNine::kind`] for `N` values and `E` elected members.
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))]
    fn keep_up<const N: usize, const E: usize, const WHOLE: bool>(
        &self,
        read: &[u32],
        write: &mut [u32],
        scaled: &[u64],
        pays: &mut [u64],
        totals: &mut [i64],
    ) {
        for (i, node) in self.nodes.iter().enumerate() {
            let mine = &self.members[i * E..(i + 1) * E];
            let input = &read[node.input as usize..][..N];
            let output = &mut write[self.out + i * N * E..][..N * E];
            let through = u64::from(node.through);
            let (shares, passed) =
                keep_up_at::<N, WHOLE, T>(self.r, input, mine, output, scaled, through, totals);
            pays[receiver_slot(i, false)] = shares;
            pays[receiver_slot(i, true)] = passed;
        }
    }

    /// [`RunNine::keep_up`] for any numbers of values and members, and any split.
    fn any(
        &self,
        f: &NinePlaces<'_>,
        read: &[u32],
        write: &mut [u32],
        pays: &mut [u64],
        totals: &mut [i64],
    ) {
        let (n, e) = (self.key.values as usize, self.key.elected as usize);
        for (i, node) in self.nodes.iter().enumerate() {
            let mine = &self.members[i * e..(i + 1) * e];
            let input = &read[node.input as usize..][..n];
            let output = &mut write[self.out + i * n * e..][..n * e];
            let through = u64::from(node.through);
            let (shares, passed) = split_shares(f, self.r, input, mine, output, through, totals);
            pays[receiver_slot(i, false)] = shares;
            pays[receiver_slot(i, true)] = passed;
        }
    }
}

/// [`walk_nine_places`] for any plan and split: follows how many values reach each depth
/// (in `count`), as [`Visits`] does.
fn walk_counting<T: Item>(
    f: &NinePlaces<'_>,
    plan: &Plan<T, u32>,
    start: &[usize],
    count: &mut Vec<usize>,
    values: &mut [u32],
    totals: &mut [i64],
) {
    count.clear();
    count.resize(start.len(), 0);
    count[0] = 1;
    let mut members = &plan.members[..];
    let (mut receiver, mut receiver_count) = (&plan.receiver[..], &plan.receiver_count[..]);
    for node in plan.nodes.iter().rev() {
        let (depth, elected) = (node.depth.index(), node.elected.index());
        let n = count[depth];
        count[depth + 1] = n * elected;
        let (rest, mine) = members.split_at(members.len() - elected);
        members = rest;
        let (before, after) = values.split_at_mut(start[depth + 1]);
        let input = &before[start[depth]..start[depth] + n];
        let output = &mut after[..n * elected];
        let r = f.reciprocal[node.share.index()];
        let through = u64::from(node.through);
        let (shares, passed) = split_shares(f, r, input, mine, output, through, totals);
        let receivers = Receivers {
            shared: usize::from(node.shared),
            after: usize::from(node.after),
        };
        receivers.pay(&mut receiver, &mut receiver_count, shares, passed, totals);
    }
}

/// [`walk_nine_places`] for a [`Plan::strict`] plan and [`Split::KeepUp`] (keep factors
/// `scaled`): one value per node, the node's elected member its only member, receivers only
/// of what it passes on. `values` holds the value reaching each depth.
fn walk_strict<T: Item>(
    plan: &Plan<T, u32>,
    scaled: &[u64],
    values: &mut [u32],
    totals: &mut [i64],
) {
    // Each node's receivers are the last of those not yet paid.
    let (mut receiver, mut receiver_count) = (&plan.receiver[..], &plan.receiver_count[..]);
    for (node, c) in plan.nodes.iter().zip(&plan.members).rev() {
        let (depth, c) = (node.depth.index(), c.index());
        let v = u64::from(values[depth]);
        let part = kept_up(v, scaled[c]);
        let left = v - part;
        values[depth + 1] = left as u32;
        totals[c] += (part * u64::from(node.through)) as i64;
        let receivers = Receivers {
            shared: 0,
            after: usize::from(node.after),
        };
        receivers.pay(&mut receiver, &mut receiver_count, 0, left, totals);
    }
}

/// How many receivers a node has, in a walk of the plan backwards: its receivers are the
/// last of those not yet paid.
struct Receivers {
    /// The first ones, who get the node's shares.
    shared: usize,
    /// The others, who get what it passes on.
    after: usize,
}

impl Receivers {
    /// Pay the node's receivers, the last of `receiver` and `count` (ballots each), `shares`
    /// or `passed` per ballot, into `totals`; take them off the slices. What a receiver gets
    /// is at most one per ballot, times at most the total: no overflow.
    ///
    /// Most nodes have no receiver or one, unpredictably: the last receiver not yet paid is
    /// paid without a branch (this node's, or times 0 if it has none), then any others.
    #[inline(always)]
    fn pay<T: Item>(
        &self,
        receiver: &mut &[T],
        count: &mut &[u32],
        shares: u64,
        passed: u64,
        totals: &mut [i64],
    ) {
        let all = self.shared + self.after;
        if let (Some(c), Some(n)) = (receiver.last(), count.last()) {
            let each = if self.after == 0 { shares } else { passed };
            totals[c.index()] += (each * u64::from(*n) * u64::from(all > 0)) as i64;
        }
        let from = receiver.len() - all;
        let (rest, mine) = receiver.split_at(from);
        let (rest_count, mine_count) = count.split_at(from);
        if all > 1 {
            let others = mine[..all - 1].iter().zip(&mine_count[..all - 1]);
            for (j, (c, n)) in others.enumerate() {
                let each = if j < self.shared { shares } else { passed };
                totals[c.index()] += (each * u64::from(*n)) as i64;
            }
        }
        (*receiver, *count) = (rest, rest_count);
    }
}

/// Share each value of `input` (by `r`, a [`halving_reciprocals`] entry), split each share at
/// every elected member of `mine` in `f`'s split, add what they keep times `through` to
/// `totals` and put what they pass on in `output` (`input.len()` values per member, member
/// after member); return the sum of the shares and of what is passed on.
fn split_shares<T: Item>(
    f: &NinePlaces<'_>,
    r: u64,
    input: &[u32],
    mine: &[T],
    output: &mut [u32],
    through: u64,
    totals: &mut [i64],
) -> (u64, u64) {
    let shares = input.iter().map(|&v| share_of(v, r)).sum();
    let mut passed = 0;
    for (&c, output) in mine.iter().zip(output.chunks_exact_mut(input.len().max(1))) {
        let c = c.index();
        let k = f.keep[c] as u64;
        let mut kept = 0;
        for (&v, o) in input.iter().zip(output) {
            let share = share_of(v, r);
            let (part, left) = match f.split {
                // ⌈share × k⌉ without a remainder: one multiply and shift.
                #[allow(clippy::manual_div_ceil)]
                Split::KeepUp => {
                    let part = (share * k + ONE - 1) / ONE;
                    (part, share - part)
                }
                Split::Down => (share * k / ONE, share * (ONE - k) / ONE),
                Split::Warren => {
                    let part = k.min(share);
                    (part, share - part)
                }
            };
            kept += part;
            passed += left;
            *o = left as u32;
        }
        // kept ≤ one and `through` ≤ the total, which fits in `u32`: no overflow.
        totals[c] += (kept * through) as i64;
    }
    (shares, passed)
}

/// A node of `N` values (`input`) under [`Split::KeepUp`]: share each value (by `r`, a
/// [`halving_reciprocals`] entry), split each share at every elected member of `mine` (keep
/// factors `scaled`), add what they keep times `through` to `totals` and put what they pass
/// on in `output` (`N` values per member, member after member); return the sum of the shares
/// and of what is passed on. Inlined into the walks' loops for each `N` and number of members.
#[inline(always)]
fn keep_up_at<const N: usize, const WHOLE: bool, T: Item>(
    r: u64,
    input: &[u32],
    mine: &[T],
    output: &mut [u32],
    scaled: &[u64],
    through: u64,
    totals: &mut [i64],
) -> (u64, u64) {
    let mut shares = [0u64; N];
    for (s, &v) in shares.iter_mut().zip(input) {
        *s = if WHOLE { u64::from(v) } else { share_of(v, r) };
    }
    let mut passed = 0;
    for (&c, output) in mine.iter().zip(output.chunks_exact_mut(N)) {
        let c = c.index();
        let k = scaled[c];
        let mut kept = 0;
        for (&share, o) in shares.iter().zip(output) {
            let part = kept_up(share, k);
            kept += part;
            passed += share - part;
            *o = (share - part) as u32;
        }
        totals[c] += (kept * through) as i64;
    }
    (shares.iter().sum(), passed)
}

/// [`walk_nine_places`]'s working space, reused from walk to walk.
#[derive(Default)]
pub(super) struct NineScratch {
    /// Every value of the walk, laid out by the plan (in a levelled plan, those passed on at
    /// the depth before the current one).
    values: Vec<u32>,
    /// In a levelled plan, those passed on at the current depth.
    next: Vec<u32>,
    /// Where the values reaching each depth start.
    start: Vec<usize>,
    /// How many values reach the current node at each depth.
    count: Vec<usize>,
    /// In a levelled plan, what the current run's nodes give their receivers per ballot
    /// (see [`receiver_slot`]).
    pays: Vec<u64>,
}

#[cfg(test)]
mod tests {
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    use super::super::plan::tests::random_ballots;
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
        random_case_with(rng, n, 0.3)
    }

    /// [`random_case`], a position taking the next candidate too with probability `equal`.
    fn random_case_with(
        rng: &mut ChaCha8Rng,
        n: usize,
        equal: f64,
    ) -> (Vec<Ballot>, Vec<Standing>) {
        random_case_mixed(rng, n, equal, [1, 1, 1])
    }

    /// [`random_case_with`], each candidate hopeful, elected or out in the proportions `mix`.
    fn random_case_mixed(
        rng: &mut ChaCha8Rng,
        n: usize,
        equal: f64,
        mix: [u32; 3],
    ) -> (Vec<Ballot>, Vec<Standing>) {
        let ballots = random_ballots(rng, n, 300, equal);
        let [hopeful, elected, out] = mix;
        let standing = (0..n)
            .map(|_| match rng.random_range(0..hopeful + elected + out) {
                r if r < hopeful => Standing::Hopeful,
                r if r < hopeful + elected => Standing::Elected,
                _ => Standing::Out,
            })
            .collect();
        (ballots, standing)
    }

    /// The plans of `ballots` in `shards` shards, [`Plan::levelled`] if `levelled`. Half the
    /// candidates who are out are left out of the store when it is made, the others removed
    /// afterwards (as a count does, leaving the store no longer quite in order).
    fn plans_for(
        ballots: &[Ballot],
        standing: &[Standing],
        shards: usize,
        levelled: bool,
    ) -> Vec<Plan<u8, u32>> {
        let out: Vec<bool> = standing.iter().map(|s| *s == Standing::Out).collect();
        let out_first: Vec<bool> = out
            .iter()
            .enumerate()
            .map(|(c, o)| *o && c % 2 == 0)
            .collect();
        let mut store: Store<u8, u32> = Store::new(
            &(0..ballots.len() as u32).collect::<Vec<_>>(),
            |i| ballots.get(i).map(|b| (&b.weight, b.ranking.view())),
            &out_first,
        )
        .expect("a small store");
        store.remove(&out, shards);
        store
            .shards(shards)
            .into_iter()
            .map(|range| {
                let mut plan = Plan::default();
                // Levelled plans cut into many segments.
                plan.segment_nodes = 7;
                plan.rebuild(&store, range, standing, levelled)
                    .expect("a small plan");
                assert_eq!(plan.levelled, levelled);
                if levelled && plan.len() > 20 {
                    let segments = plan.runs.iter().filter(|r| r.starts_segment).count();
                    assert!(segments > 1, "{} nodes in {segments} segment", plan.len());
                }
                plan
            })
            .collect()
    }

    /// Walk every plan and add up the results.
    fn walk_all<F: Flow<u32>>(flow: &F, plans: &[Plan<u8, u32>], n: usize) -> (Vec<F::V>, F::V) {
        let mut totals = vec![flow.zero(); n + 1];
        for plan in plans {
            let mut t = vec![flow.zero(); n + 1];
            walk(flow, plan, &mut t, &mut Scratch::default());
            for (total, x) in totals.iter_mut().zip(&t) {
                flow.add(total, x);
            }
        }
        let exhausted = totals.pop().expect("n + 1 totals");
        (totals, exhausted)
    }

    /// [`walk_all`] with [`walk_nine_places`].
    fn walk_all_nine(f: &NinePlaces<'_>, plans: &[Plan<u8, u32>], n: usize) -> (Vec<i64>, i64) {
        let mut totals = vec![0; n + 1];
        for plan in plans {
            let mut t = vec![0; n + 1];
            assert!(walk_nine_places(
                f,
                plan,
                &mut t,
                &mut NineScratch::default()
            ));
            for (total, x) in totals.iter_mut().zip(&t) {
                *total += x;
            }
        }
        let exhausted = totals.pop().expect("n + 1 totals");
        (totals, exhausted)
    }

    #[test]
    fn a_plan_needing_too_many_values_at_once_is_refused() {
        // 26 positions of two elected candidates each: 2^26 values at the deepest one.
        let groups: Vec<Vec<CandidateId>> = (0..26)
            .map(|g| vec![CandidateId(2 * g), CandidateId(2 * g + 1)])
            .collect();
        let ballots = [Ballot::new(1, Ranking::from_groups(groups))];
        let standing = vec![Standing::Elected; 52];
        let store: Store<u8, u32> = Store::new(
            &(0..ballots.len() as u32).collect::<Vec<_>>(),
            |i| ballots.get(i).map(|b| (&b.weight, b.ranking.view())),
            &[false; 52],
        )
        .expect("a small store");
        let mut plan = Plan::default();
        for levelled in [false, true] {
            assert!(plan.rebuild(&store, 0..1, &standing, levelled).is_none());
        }
        // Twenty such positions (2^21 values in all) fit.
        let standing = {
            let mut s = standing;
            for c in &mut s[40..] {
                *c = Standing::Out;
            }
            s
        };
        let out: Vec<bool> = standing.iter().map(|s| *s == Standing::Out).collect();
        let store: Store<u8, u32> = Store::new(
            &(0..ballots.len() as u32).collect::<Vec<_>>(),
            |i| ballots.get(i).map(|b| (&b.weight, b.ranking.view())),
            &out,
        )
        .expect("a small store");
        for levelled in [false, true] {
            assert!(plan.rebuild(&store, 0..1, &standing, levelled).is_some());
            assert_eq!(plan.levelled, levelled);
        }
    }

    #[test]
    fn plans_with_nodes_of_many_values_are_walked_by_counting_them() {
        // Random ballots, and some ranking six pairs of elected candidates: 2^6 = 64 values
        // leave their deepest nodes, more than a kind can say.
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        let (mut ballots, mut standing) = random_case_with(&mut rng, 14, 0.3);
        for s in &mut standing[..12] {
            *s = Standing::Elected;
        }
        for weight in 1..4 {
            let groups: Vec<Vec<CandidateId>> = (0..6)
                .map(|g| {
                    vec![
                        CandidateId(2 * g + weight % 2),
                        CandidateId(2 * g + 1 - weight % 2),
                    ]
                })
                .chain([vec![CandidateId(12)]])
                .collect();
            ballots.push(Ballot::new(weight as u64, Ranking::from_groups(groups)));
        }
        let a = Fixed::new(9).unwrap();
        let keep: Vec<i64> = standing
            .iter()
            .map(|s| match s {
                Standing::Hopeful => a.one(),
                Standing::Elected => rng.random_range(0..=a.one()),
                Standing::Out => 0,
            })
            .collect();
        let n = standing.len();
        let plans = plans_for(&ballots, &standing, 1, false);
        assert!(
            plans.iter().all(|p| p.widths.contains(&64)),
            "a node of 64 values"
        );
        // Levelled, a run of nodes reached by more values than a kind can say (32) is
        // walked without unrolling.
        let levelled = plans_for(&ballots, &standing, 1, true);
        let many = |p: &Plan<u8, u32>| p.runs.iter().any(|r| r.key.kind() == 0);
        assert!(levelled.iter().all(many), "a run of 32 values");
        let reciprocal = halving_reciprocals(n);
        for split in [Split::KeepUp, Split::Down, Split::Warren] {
            let nine = NinePlaces {
                split,
                keep: &keep,
                reciprocal: &reciprocal,
            };
            let want = naive(&a, &ballots, &standing, split, &keep);
            assert_eq!(walk_all_nine(&nine, &plans, n), want, "{split:?}");
            assert_eq!(walk_all_nine(&nine, &levelled, n), want, "{split:?}");
        }
    }

    #[test]
    fn a_keep_factor_scaled_to_two_to_the_64_rounds_up_exactly() {
        // ⌈share × k / 10^9⌉ by one multiply (see `walk_nine_places`), at the edges and at
        // random.
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let mut cases = vec![(0, 0), (ONE, ONE), (1, ONE), (ONE, 1), (ONE - 1, ONE - 1)];
        for _ in 0..200_000 {
            cases.push((rng.random_range(0..=ONE), rng.random_range(0..=ONE)));
        }
        for k in [1, 2, 5, 10, 100, 1_000, 500_000_000, ONE - 1] {
            for share in [k, ONE / k, 10 * k, 1_000_000_000 / k * k] {
                cases.push((share.min(ONE), k));
            }
        }
        for (share, k) in cases {
            let part = kept_up(share, scaled_keep(k));
            assert_eq!(part, (share * k).div_ceil(ONE), "share {share}, k {k}");
        }
    }

    #[test]
    fn the_plan_walk_equals_the_ballot_by_ballot_rule_in_fixed_point() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let a = Fixed::new(9).unwrap();
        let b = Fixed::new(6).unwrap();
        // The kinds of the runs walked, and whether their share was 1.
        let mut walked = std::collections::BTreeSet::new();
        for round in 0..80 {
            // Up to 12 candidates, so that several values reach some nodes.
            // Every fourth round without equal rankings: a strict plan, walked on its own path.
            // The last rounds with more candidates, most of them elected, and more equal
            // rankings: nodes reached by up to dozens of values.
            let equal = if round % 4 == 3 && round < 40 {
                0.0
            } else {
                0.3
            };
            let (ballots, standing) = if round < 40 {
                random_case_with(&mut rng, 5 + round % 8, equal)
            } else {
                random_case_mixed(&mut rng, 12 + round % 8, 0.5, [3, 6, 1])
            };
            let n = standing.len();
            let keep: Vec<i64> = standing
                .iter()
                .map(|s| match s {
                    Standing::Hopeful => a.one(),
                    // Now and then a keep factor of 1 or 0, at the edges of the arithmetic.
                    Standing::Elected => match rng.random_range(0..8) {
                        0 => a.one(),
                        1 => 0,
                        _ => rng.random_range(0..=a.one()),
                    },
                    Standing::Out => 0,
                })
                .collect();
            let keep6: Vec<i64> = keep.iter().map(|k| k / 1000).collect();
            let complement6: Vec<i64> = keep6.iter().map(|k| b.one() - k).collect();
            for (shards, levelled) in [(1, false), (3, false), (1, true), (3, true)] {
                let plans = plans_for(&ballots, &standing, shards, levelled);
                let runs = plans.iter().flat_map(|p| &p.runs);
                walked.extend(runs.map(|r| (r.key.kind(), r.key.share == 1)));
                if !levelled && equal == 0.0 {
                    assert!(
                        plans.iter().all(|p| p.strict),
                        "round {round}: a strict plan"
                    );
                }
                for split in [Split::KeepUp, Split::Down, Split::Warren] {
                    let want = naive(&a, &ballots, &standing, split, &keep);
                    let reciprocal = halving_reciprocals(n);
                    let nine = NinePlaces {
                        split,
                        keep: &keep,
                        reciprocal: &reciprocal,
                    };
                    assert_eq!(
                        walk_all_nine(&nine, &plans, n),
                        want,
                        "round {round}, {split:?}, levelled {levelled}"
                    );
                    let exact = Exact {
                        a: &a,
                        split,
                        keep: &keep,
                        complement: &keep.iter().map(|k| a.one() - k).collect::<Vec<_>>(),
                    };
                    assert_eq!(
                        walk_all(&exact, &plans, n),
                        want,
                        "round {round}, {split:?}, levelled {levelled}"
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
        // Every kind the walk unrolls was walked (each of one elected member with a share of
        // 1 and of more), and checked: a run without nodes says whether it is unrolled.
        let mut missed = Vec::new();
        for kind in 1..=u8::MAX {
            for whole in [true, false] {
                let run = RunNine::<u8> {
                    nodes: &[],
                    members: &[],
                    out: 0,
                    key: BucketKey {
                        depth: 0,
                        values: u32::from(kind >> 3),
                        elected: u32::from(kind & 7),
                        share: if whole { 1 } else { 2 },
                    },
                    r: 0,
                };
                let possible = !whole || kind & 7 == 1;
                let unrolled = run.kind(kind, &[], &mut [], &[], &mut [], &mut []);
                if possible && unrolled && !walked.contains(&(kind, whole)) {
                    missed.push(format!("{kind:o}{}", if whole { " (share 1)" } else { "" }));
                }
            }
        }
        assert!(missed.is_empty(), "unrolled kinds not walked: {missed:?}");
    }

    #[test]
    fn the_plan_walk_equals_the_ballot_by_ballot_rule_in_exact_arithmetic() {
        let mut rng = ChaCha8Rng::seed_from_u64(11);
        let r = Rational;
        let g = Guarded::new(12, 6);
        for round in 0..10 {
            let (ballots, standing) = random_case(&mut rng, 6);
            let n = standing.len();
            let plans = plans_for(&ballots, &standing, 2, round % 2 == 1);
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
