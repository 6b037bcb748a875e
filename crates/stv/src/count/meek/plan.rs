//! Each round's *plan*: the distinct ways a ballot's value can flow, as a tree stored flat.
//!
//! Meek and Warren re-count every ballot at every iteration, but the value a ballot carries at
//! any point of its ranking depends only on the positions it has passed — never on who cast it.
//! At a position (a group of candidates ranked equal, `k` of them still in the count) every
//! value reaching it is shared equally among the `k`; a hopeful candidate keeps its whole share,
//! and an elected one keeps its keep factor's part and passes the rest on to the next position.
//! So within a round what a position does to the values reaching it depends only on its *elected*
//! members and on `k` — its *signature* — and the walk stops at the first position with no
//! elected member (its hopeful members absorb everything).
//!
//! The plan is the tree of signature paths of the round: ballots that share a path prefix share
//! its nodes. A node stores its signature, the number of ballots through it, and its
//! *receivers*: the hopeful members of those ballots' groups at that position, who get the
//! node's shares, then the lone hopeful candidates at the next position (a position holding one
//! hopeful candidate alone is no node: that candidate gets all the node passes on) and the end
//! of the rankings (what the ballots ending there still carry is non-transferable), with ballot
//! counts; lone hopeful candidates at the first position get whole ballots. A walk
//! ([`super::walk`]) computes the values reaching each node once, then multiplies by these
//! counts, which is exact: the totals are bit-for-bit those of a ballot-by-ballot count.
//!
//! The ballots come sorted by ranking ([`Store::new`]), so a path is shared by consecutive
//! ballots and the tree is built in one pass without lookups. Nodes are stored in post-order
//! (children before parents) in flat arrays; the walk reads them backwards, which visits every
//! node after its parent, keeping the values of the current path in a small array by depth
//! ([`Plan::widths`] bounds how many reach each depth). The plan changes only when
//! someone is elected or defeated, so it is rebuilt once per round; a store can be split into
//! *shards* (ranges of ballots) with a plan each, walked on separate threads and summed.
//!
//! A plan can instead be *levelled* ([`Run`]): cut into segments of a few thousand nodes, each
//! sorted by depth and kind (how many values reach a node, its elected members and its share),
//! so that a walk takes each kind's nodes in one loop, without branching on the kind, and
//! nodes of one depth do not wait for each other. The `meek` preset's walk uses it when some
//! ballots rank candidates equal (then nodes of several kinds mix; without equal rankings every
//! node is of one kind and the post-order walk is a straight loop).

use std::ops::Range;

use crate::hash::FastMap;
use crate::model::{CandidateId, RankingRef, Weight};

/// Where a candidate stands, as the plan sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Standing {
    /// Keeps everything that reaches it (keep factor 1): a receiver.
    Hopeful,
    /// Keeps its keep factor's part and passes the rest on: part of a signature.
    Elected,
    /// Defeated or withdrawn: removed from the store.
    Out,
}

/// A number of ballots: `u32` when the election's total fits, [`Weight`] otherwise.
pub(super) trait Count: Clone + Send + Sync {
    /// No ballots.
    fn zero() -> Self;
    /// `self += other`.
    fn add(&mut self, other: &Self);
    /// The count as a ballot weight.
    fn weight(&self) -> Weight;
    /// From a ballot weight (callers make sure it fits).
    fn of(w: &Weight) -> Self;
    /// Is it zero?
    fn is_zero(&self) -> bool;
}

impl Count for u32 {
    fn zero() -> u32 {
        0
    }
    fn add(&mut self, other: &u32) {
        *self += *other;
    }
    fn weight(&self) -> Weight {
        Weight::from(u64::from(*self))
    }
    fn of(w: &Weight) -> u32 {
        w.to_u64()
            .and_then(|n| u32::try_from(n).ok())
            .unwrap_or(u32::MAX)
    }
    fn is_zero(&self) -> bool {
        *self == 0
    }
}

impl Count for Weight {
    fn zero() -> Weight {
        Weight::ZERO
    }
    fn add(&mut self, other: &Weight) {
        *self = match (self.to_u64(), other.to_u64()) {
            (Some(x), Some(y)) if x.checked_add(y).is_some() => Weight::from(x + y),
            _ => Weight::from(self.to_biguint() + other.to_biguint()),
        };
    }
    fn weight(&self) -> Weight {
        self.clone()
    }
    fn of(w: &Weight) -> Weight {
        w.clone()
    }
    fn is_zero(&self) -> bool {
        Weight::is_zero(self)
    }
}

/// A small unsigned integer: a candidate with a flag saying whether it is ranked equal to the
/// one before (in a [`Store`]), or a depth, share or length (in a [`Plan`]). Every such number
/// is below the number of candidates, so the narrowest type that holds the candidates holds it.
pub(super) trait Item: Copy + Ord + Send + Sync + 'static {
    /// The count must have fewer candidates than this.
    const CAPACITY: usize;
    /// An item for `value` (below [`Item::CAPACITY`]), `joins` when ranked equal to the
    /// previous item.
    fn new(value: u32, joins: bool) -> Self;
    /// The candidate or number.
    fn cand(self) -> u32;
    /// Is it ranked equal to the previous item?
    fn joins(self) -> bool;
    /// The number, as an index.
    fn index(self) -> usize {
        self.cand() as usize
    }
}

macro_rules! item {
    ($t:ty, $bits:expr) => {
        impl Item for $t {
            const CAPACITY: usize = 1 << ($bits - 1);
            fn new(value: u32, joins: bool) -> $t {
                value as $t | if joins { 1 << ($bits - 1) } else { 0 }
            }
            fn cand(self) -> u32 {
                u32::from(self & !(1 << ($bits - 1)))
            }
            fn joins(self) -> bool {
                self >> ($bits - 1) != 0
            }
        }
    };
}
item!(u8, 8);
item!(u32, 32);

/// The counted ballots in one flat array, without the candidates who are out, each group's
/// members in candidate order, in order of ranking ([`Store::new`]): a compact copy the plans
/// are built from every round.
#[derive(Clone)]
pub(super) struct Store<T, M> {
    items: Vec<T>,
    /// One past each ballot's last item.
    ends_at: Vec<u32>,
    weight: Vec<M>,
    /// Whether some ballot may rank candidates equal: set when a ballot copied in did (after
    /// leaving out candidates); [`Store::remove`] leaves it set even if none does any more.
    equal: bool,
}

/// Append `ranking` to `items`, leaving out the candidates for whom `out` is true, each group's
/// members in candidate order. Returns whether it ranks some of them equal.
fn push_ranking<T: Item>(items: &mut Vec<T>, ranking: RankingRef<'_>, out: &[bool]) -> bool {
    let kept = |c: &&CandidateId| !out[c.index()];
    if !ranking.has_ties() {
        let candidates = ranking.candidates().iter().filter(kept);
        items.extend(candidates.map(|c| T::new(c.0, false)));
        return false;
    }
    let mut equal = false;
    for group in ranking.groups() {
        let start = items.len();
        items.extend(group.iter().filter(kept).map(|c| T::new(c.0, false)));
        let members = &mut items[start..];
        if members.len() > 1 {
            members.sort_unstable_by_key(|item| item.cand());
            for item in members.iter_mut().skip(1) {
                *item = T::new(item.cand(), true);
            }
            equal = true;
        }
    }
    equal
}

/// Remove the candidates for whom `out` is true from the ballots in `items`, which start at
/// item `base` of the store and end where `ends` say (places in the store), moving what is
/// kept to the front of `items`; each end becomes `base` plus its new place in `items`.
/// Returns how many items are kept. `equal`: some ballot may rank candidates equal.
fn compact<T: Item>(
    items: &mut [T],
    ends: &mut [u32],
    base: usize,
    out: &[bool],
    equal: bool,
) -> usize {
    let mut write = 0usize;
    let mut start = 0usize;
    if !equal {
        // No equal rankings: keep the items not out, without branches.
        for end in ends.iter_mut() {
            for read in start..*end as usize - base {
                let item = items[read];
                items[write] = item;
                write += usize::from(!out[item.index()]);
            }
            start = *end as usize - base;
            *end = (base + write) as u32;
        }
        return write;
    }
    for end in ends.iter_mut() {
        // A group keeps its first remaining member as its head.
        let mut head_removed = false;
        for read in start..*end as usize - base {
            let item = items[read];
            if out[item.index()] {
                head_removed |= !item.joins();
                continue;
            }
            let joins = item.joins() && !head_removed;
            if !item.joins() || !joins {
                head_removed = false;
            }
            items[write] = T::new(item.cand(), joins);
            write += 1;
        }
        start = *end as usize - base;
        *end = (base + write) as u32;
    }
    write
}

impl<T: Item, M: Count> Store<T, M> {
    /// Copy the ballots `ballot(i)` (a weight and a ranking) for every `i` in `counted`,
    /// leaving out the candidates for whom `out` is true, in order of ranking so that ballots
    /// sharing a path are next to each other and the plans read them in order. `None` if the
    /// store would hold 2^32 items or more.
    ///
    /// The order is found on a first copy in the order given, by a radix sort of an index
    /// (finishing small ranges by comparison); then that copy is copied again in order. (Not
    /// the ballots again: reading them out of order waits on memory at almost every ballot,
    /// and took ten times as long with the corpus's 100,000 ballots. The compact copy mostly
    /// stays in cache.) The order affects speed only. [`Store::remove`] keeps it, though it
    /// then is no longer quite by ranking: paths that differed only by a removed candidate
    /// are no longer next to each other, and their nodes are built twice. Sorting again costs
    /// more than that (with the corpus's 100,000 ballots, plans of 1–11% more nodes; sorting
    /// again each round took longer).
    pub fn new<'b>(
        counted: &[u32],
        ballot: impl Fn(usize) -> Option<(&'b Weight, RankingRef<'b>)>,
        out: &[bool],
    ) -> Option<Self> {
        let ballots = || counted.iter().filter_map(|&i| ballot(i as usize));
        // Sized first, so that no buffer grows by doubling (the allocator may keep the
        // pages of the smaller ones).
        let items = ballots().map(|(_, r)| r.candidates().len()).sum();
        let empty = || Store::<T, M> {
            items: Vec::with_capacity(items),
            ends_at: Vec::with_capacity(counted.len()),
            weight: Vec::with_capacity(counted.len()),
            equal: false,
        };
        let mut first = empty();
        first.push(ballots(), out)?;
        let order = first.order(out.len());
        let mut store = empty();
        store.equal = first.equal;
        for &b in &order {
            store.items.extend_from_slice(first.ranking(b as usize));
            // Below `first`'s last end, so below 2^32.
            store.ends_at.push(store.items.len() as u32);
            store.weight.push(first.weight[b as usize].clone());
        }
        Some(store)
    }

    /// Append `ballots`, leaving out the candidates for whom `out` is true.
    fn push<'b>(
        &mut self,
        ballots: impl Iterator<Item = (&'b Weight, RankingRef<'b>)>,
        out: &[bool],
    ) -> Option<()> {
        for (weight, ranking) in ballots {
            self.equal |= push_ranking(&mut self.items, ranking, out);
            self.ends_at.push(u32::try_from(self.items.len()).ok()?);
            self.weight.push(M::of(weight));
        }
        Some(())
    }

    /// Number of ballots.
    pub fn len(&self) -> usize {
        self.ends_at.len()
    }

    /// May some ballot rank candidates equal? (Yes if one did when copied in, even if
    /// candidates removed since were all it ranked equal.)
    pub fn has_equal(&self) -> bool {
        self.equal
    }

    /// The items of ballot `b`.
    fn ranking(&self, b: usize) -> &[T] {
        let start = if b == 0 {
            0
        } else {
            self.ends_at[b - 1] as usize
        };
        &self.items[start..self.ends_at[b] as usize]
    }

    /// The ballots in order of ranking, by a radix sort finishing small ranges by comparison.
    fn order(&self, candidates: usize) -> Vec<u32> {
        const SMALL: usize = 24;
        let buckets = 2 * candidates + 1;
        let mut order: Vec<u32> = (0..self.ends_at.len() as u32).collect();
        let mut scratch: Vec<u32> = vec![0; order.len()];
        let mut counts: Vec<usize> = vec![0; buckets + 1];
        let mut work: Vec<(usize, usize, usize)> = vec![(0, order.len(), 0)];
        while let Some((lo, hi, depth)) = work.pop() {
            if hi - lo <= SMALL || buckets > 4096 {
                // Every ballot here has the same first `depth` items: order by the rest (by
                // the items' bits, another order that keeps equal prefixes together).
                order[lo..hi].sort_unstable_by(|&x, &y| {
                    let rest = |b: u32| &self.ranking(b as usize)[depth..];
                    rest(x).cmp(rest(y))
                });
                continue;
            }
            counts.iter_mut().for_each(|c| *c = 0);
            for &b in &order[lo..hi] {
                counts[key_at(self.ranking(b as usize), depth) + 1] += 1;
            }
            for k in 1..counts.len() {
                counts[k] += counts[k - 1];
            }
            for &b in &order[lo..hi] {
                let k = key_at(self.ranking(b as usize), depth);
                scratch[lo + counts[k]] = b;
                counts[k] += 1;
            }
            order[lo..hi].copy_from_slice(&scratch[lo..hi]);
            // Bucket 0 (ballots already ended) is done; recurse into the others.
            let mut start = lo + counts[0];
            for &count in &counts[1..buckets] {
                let end = lo + count;
                if end > start {
                    work.push((start, end, depth + 1));
                }
                start = end;
            }
        }
        order
    }

    /// Remove the candidates for whom `out` is true, in place: `parts` ranges of ballots at
    /// once (on separate threads with the `parallel` feature), each compacted where it lies,
    /// then the gaps between them closed.
    pub fn remove(&mut self, out: &[bool], parts: usize) {
        let equal = self.has_equal();
        let ranges = self.shards(parts);
        let mut pieces = Vec::with_capacity(ranges.len());
        let (mut items, mut ends) = (&mut self.items[..], &mut self.ends_at[..]);
        let mut base = 0;
        for range in &ranges {
            let (these_ends, other_ends) = std::mem::take(&mut ends).split_at_mut(range.len());
            let end = these_ends.last().map_or(base, |&end| end as usize);
            let (these_items, other_items) = std::mem::take(&mut items).split_at_mut(end - base);
            pieces.push((these_items, these_ends, base, 0));
            (items, ends, base) = (other_items, other_ends, end);
        }
        super::each_shard(&mut pieces, |(items, ends, base, kept)| {
            *kept = compact(items, ends, *base, out, equal);
        });
        let kept: Vec<(usize, usize)> = pieces.iter().map(|p| (p.2, p.3)).collect();
        let mut write = 0;
        for ((base, kept), range) in kept.into_iter().zip(ranges) {
            self.items.copy_within(base..base + kept, write);
            for end in &mut self.ends_at[range] {
                *end = (*end as usize - base + write) as u32;
            }
            write += kept;
        }
        self.items.truncate(write);
    }

    /// `parts` ranges of ballots, of about equal numbers of items, covering the store.
    pub fn shards(&self, parts: usize) -> Vec<Range<usize>> {
        let parts = parts.clamp(1, self.len().max(1));
        let total = self.items.len();
        let mut ranges = Vec::with_capacity(parts);
        let (mut start, mut items) = (0, 0);
        for k in 0..self.len() {
            if ranges.len() + 1 == parts {
                break;
            }
            items += self.ranking(k).len();
            if items * parts >= total * (ranges.len() + 1) {
                ranges.push(start..k + 1);
                start = k + 1;
            }
        }
        ranges.push(start..self.len());
        while ranges.len() < parts {
            ranges.push(self.len()..self.len());
        }
        ranges
    }
}

/// Add `m` ballots for candidate `c` to a list of receivers (merging with the last entry when
/// it is the same candidate, as it usually is: ballots come sorted).
fn add_receiver<T: Item, M: Count>(list: &mut Vec<(T, M)>, c: T, m: &M) {
    match list.last_mut() {
        Some((last, n)) if last.cand() == c.cand() => n.add(m),
        _ => list.push((T::new(c.cand(), false), m.clone())),
    }
}

/// The key a ballot is sorted on: its item's candidate, then whether it joins a group.
fn sort_key<T: Item>(item: T) -> usize {
    2 * item.index() + usize::from(item.joins())
}

/// The radix-sort bucket of `ranking` at `depth`: 0 past its end, else 1 + its item's key.
fn key_at<T: Item>(ranking: &[T], depth: usize) -> usize {
    ranking.get(depth).map_or(0, |item| 1 + sort_key(*item))
}

/// Append `list`'s receivers to the plan's, each candidate once; empty `list` (keeping its
/// storage). Returns how many were appended.
fn emit_receivers<T: Item, M: Count>(
    receiver: &mut Vec<T>,
    count: &mut Vec<M>,
    list: &mut Vec<(T, M)>,
) -> usize {
    list.sort_unstable_by_key(|(c, _)| c.cand());
    let first = receiver.len();
    for (c, n) in list.drain(..) {
        if receiver[first..]
            .last()
            .is_some_and(|l| l.cand() == c.cand())
        {
            if let Some(last) = count.last_mut() {
                last.add(&n);
            }
        } else {
            receiver.push(c);
            count.push(n);
        }
    }
    receiver.len() - first
}

/// The tree of one round (or of one shard of it), in post-order (children before parents) in
/// flat arrays, one entry per node; read backwards, every node comes after its parent. See the
/// module docs.
///
/// A walk keeps the values reaching the nodes of the current path in one small array, depth
/// after depth: [`Plan::widths`] bounds how many values reach a node at each depth (the product
/// of its ancestors' numbers of elected members; values used up stay in place as zeros).
pub(super) struct Plan<T, M> {
    /// The nodes, children before parents.
    pub nodes: Vec<Node<T, M>>,
    /// The elected members of each node, node after node.
    pub members: Vec<T>,
    /// The candidate of each receiver, node after node, or the number of candidates for the
    /// value left at the ends of rankings (non-transferable).
    pub receiver: Vec<T>,
    /// Ballots reaching each receiver.
    pub receiver_count: Vec<M>,
    /// In a levelled plan, where the value each receiver gets per ballot is among those of
    /// its run's nodes: [`receiver_slot`] of its node's place in the run, and whether it
    /// gets the node's shares or what it passes on.
    pub receiver_slot: Vec<u16>,
    /// The receivers of whole ballots (value 1): lone hopeful candidates at the first
    /// position, and the end of empty rankings.
    pub first: Vec<(T, M)>,
    /// The most values reaching a node at each depth, then the most leaving the deepest.
    pub widths: Vec<u32>,
    /// Whether every node is a single elected candidate alone at its position (always so
    /// without equal rankings): then one value reaches each node and no one shares it.
    pub strict: bool,
    /// Every [`MARK_EVERY`]th ballot of the range built, with the number of nodes built
    /// before it: where the work lies, to balance the next round's shards.
    pub marks: Vec<(usize, usize)>,
    /// Whether the plan is laid out by level ([`Plan::runs`], [`Plan::level_nodes`], and
    /// [`Plan::members`] and [`Plan::receiver`] in the runs' order) rather than in
    /// post-order ([`Plan::nodes`]). [`Plan::first`] and [`Plan::marks`] are the same in
    /// both layouts. See [`Run`].
    pub levelled: bool,
    /// A levelled plan's runs, segment after segment.
    pub runs: Vec<Run>,
    /// A levelled plan's nodes, run after run.
    pub level_nodes: Vec<LevelNode<M>>,
    /// The room a walk of a levelled plan needs in each of its two arrays of values: the most
    /// values passed on at one depth of a segment (at least 1).
    pub room: usize,
    /// How many nodes a segment of a levelled plan has before it is cut at the next ballot
    /// ([`SEGMENT`] unless a test says otherwise).
    pub segment_nodes: usize,
    /// The most nodes of a run of a levelled plan ([`MOST_RUN`] unless a test says otherwise).
    pub most_run: usize,
    /// The current segment while building a levelled plan.
    segment: Segment,
    /// The current segment's nodes, members and receivers in the runs' order, before they
    /// replace those in the order built.
    sorted: (Vec<LevelNode<M>>, Vec<T>, Vec<T>, Vec<M>),
    /// How many nodes were built.
    built: usize,
    /// The nodes still open while building: one per depth of the current path.
    open: Vec<Open<T, M>>,
    /// The elected members of the open nodes, deepest last.
    open_members: Vec<T>,
    /// Ballots with no continuing candidate at all.
    empty: M,
}

/// A node of a [`Plan`]: a position on the signature paths of a round's ballots, with the
/// ballots through it. Its elected members and receivers are in the plan's lists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Node<T, M> {
    /// Ballots through it.
    pub through: M,
    /// Its position on its path, from 0.
    pub depth: T,
    /// The continuing members of its position, who share each value reaching it.
    pub share: T,
    /// How many of them are elected (its members in [`Plan::members`]).
    pub elected: T,
    /// How many receivers get a copy of its shares per ballot: the hopeful members of its
    /// position. They are the first of its receivers.
    pub shared: u16,
    /// How many receivers then get a copy of all it passes on per ballot: lone hopeful
    /// candidates at the next position (who get every value reaching them), and the end of
    /// the rankings.
    pub after: u16,
}

/// What the nodes of a [`Run`] have in common: their depth, how many values reach each,
/// how many elected members each has, and how many continuing members share each value.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) struct BucketKey {
    pub depth: u32,
    pub values: u32,
    pub elected: u32,
    pub share: u32,
}

// Levelled plans are not walked in WebAssembly.
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
impl BucketKey {
    /// The most values a node with a [`BucketKey::kind`] has.
    pub const FEW_VALUES: u32 = 31;

    /// How many values reach a node and how many elected members it has, in one byte:
    /// `values` times 8 plus `elected` (read in octal: 0o21 is two values, one elected member)
    /// when at most [`BucketKey::FEW_VALUES`] values and 7 members, else 0. A walk picks the
    /// code for a run by it.
    pub fn kind(&self) -> u8 {
        match u8::try_from(self.values) {
            Ok(v) if (1..=Self::FEW_VALUES as u8).contains(&v) && self.elected <= 7 => {
                v << 3 | self.elected as u8
            }
            _ => 0,
        }
    }
}

/// Consecutive nodes of a levelled plan of one [`BucketKey`].
///
/// A levelled plan is cut into *segments* of about [`SEGMENT`] nodes (each the nodes of a
/// range of ballots: a path shared across the cut is built once on each side). Within a
/// segment, its nodes are sorted by depth, then kind, into runs. A walk takes the runs in
/// order, so every node comes after its parent, and each run in one loop whose code is picked
/// once for the run's numbers: no branch depends on which kind of node comes next, and nodes
/// of one depth do not depend on each other. The values reaching the nodes of one depth come
/// from the depth before: each node reads [`BucketKey::values`] of them at
/// [`LevelNode::input`] and puts the values it passes on (`values` per elected member,
/// member after member) after those of the nodes before it at its depth, in a second array,
/// where its children read them. The two arrays take turns, each with room for the most values
/// passed on at one depth of a segment ([`Plan::room`]), small enough to stay in the
/// processor's cache.
/// A walk puts down what each node gives its receivers per ballot (the sum of its shares,
/// and of what it passes on), then pays the run's receivers in one loop, each at its
/// [`Plan::receiver_slot`]: no branch depends on how many receivers a node has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Run {
    pub key: BucketKey,
    /// How many nodes.
    pub len: u32,
    /// Whether it starts a segment (its nodes are at depth 0, reached by the value one).
    pub starts_segment: bool,
    /// How many receivers its nodes have in all.
    pub receivers: u32,
}

/// The most nodes of a run: a receiver's [`Plan::receiver_slot`] is a `u16`. A plan that
/// would have a longer run (only possible when a ballot has thousands of positions: a
/// segment is cut after [`SEGMENT`] nodes) is built in post-order instead.
pub(super) const MOST_RUN: usize = 1 << 15;

/// Where a walk of a levelled plan keeps what the `node`th node of a run does for the
/// receivers of its shares (`after` false) or of what it passes on (`after` true), among
/// those of its run: the [`Plan::receiver_slot`] of those receivers. A walk writes each node's
/// two values, then pays its run's receivers in one loop without a branch.
pub(super) fn receiver_slot(node: usize, after: bool) -> usize {
    2 * node + usize::from(after)
}

/// The most nodes of a segment of a levelled plan, before it is cut at the next ballot.
pub(super) const SEGMENT: usize = 8192;

/// The segment of a levelled plan being built: its nodes are the last of the plan's, in
/// post-order until [`Plan::seal`] sorts them into runs.
#[derive(Default)]
struct Segment {
    /// Where its nodes, members and receivers start.
    nodes_at: usize,
    members_at: usize,
    receivers_at: usize,
    /// Its kinds of node, in order of first appearance.
    keys: Vec<BucketKey>,
    /// The kinds' numbers in `keys`.
    key_of: FastMap<BucketKey, u32>,
    /// The kind of each of its nodes (a number in `keys`), where the values it passes on
    /// start among those of its depth, and how many receivers get its shares and how many
    /// what it passes on (as [`Node::shared`] and [`Node::after`]), in the order built.
    kind: Vec<u32>,
    outs: Vec<u32>,
    receivers: Vec<(u16, u16)>,
    /// How many values its nodes of each depth pass on (where the next one there puts them).
    passed: Vec<u32>,
    /// Working space for sorting it.
    rank: Vec<u32>,
    start: Vec<u32>,
    order: Vec<u32>,
    members_from: Vec<u32>,
    receivers_from: Vec<u32>,
    /// Where the values passed on at each depth start in `moved`, and where each node's
    /// values (found by their place in the order built) are in the runs' order.
    depth_at: Vec<u32>,
    moved: Vec<u32>,
}

impl Segment {
    /// Start a segment whose nodes, members and receivers start at these places.
    fn restart(&mut self, nodes_at: usize, members_at: usize, receivers_at: usize) {
        self.nodes_at = nodes_at;
        self.members_at = members_at;
        self.receivers_at = receivers_at;
        self.keys.clear();
        self.key_of.clear();
        self.kind.clear();
        self.outs.clear();
        self.receivers.clear();
        self.passed.clear();
    }
}

/// A node of a levelled plan (see [`Run`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct LevelNode<M> {
    /// Ballots through it.
    pub through: M,
    /// Where the values reaching it start, among those passed on at the depth before in its
    /// segment (0 at depth 0, where one value, one, reaches every node). The values it passes
    /// on follow those of the nodes before it at its depth.
    pub input: u32,
}

/// A node being built.
struct Open<T, M> {
    share: u32,
    /// How many values reach it.
    values: u32,
    /// Its kind (a number in [`Segment::keys`]), where its values are and where it puts what
    /// it passes on, in a levelled plan.
    bucket: u32,
    input: u32,
    out: u32,
    /// Where its elected members start in `open_members`.
    members_at: usize,
    through: M,
    ends: M,
    /// Its receivers so far, with repeats.
    receivers: Vec<(T, M)>,
    /// The lone hopeful candidates at the next position so far, with repeats.
    after: Vec<(T, M)>,
}

impl<T: Item, M: Count> Default for Plan<T, M> {
    fn default() -> Self {
        Plan {
            nodes: Vec::new(),
            members: Vec::new(),
            receiver: Vec::new(),
            receiver_count: Vec::new(),
            receiver_slot: Vec::new(),
            first: Vec::new(),
            widths: Vec::new(),
            strict: true,
            marks: Vec::new(),
            levelled: false,
            runs: Vec::new(),
            level_nodes: Vec::new(),
            room: 1,
            segment_nodes: SEGMENT,
            most_run: MOST_RUN,
            segment: Segment::default(),
            sorted: Default::default(),
            built: 0,
            open: Vec::new(),
            open_members: Vec::new(),
            empty: M::zero(),
        }
    }
}

/// How often a plan marks how many nodes it has built ([`Plan::marks`]), in ballots.
pub(super) const MARK_EVERY: usize = 256;

/// The most values a walk may hold at once; a plan needing more is refused.
pub(super) const MOST_VALUES: usize = 1 << 24;

impl<T, M> Plan<T, M> {
    /// How many nodes the plan has.
    pub fn len(&self) -> usize {
        if self.levelled {
            self.built
        } else {
            self.nodes.len()
        }
    }
}

impl<T: Item, M: Count> Plan<T, M> {
    /// Rebuild the plan of `ballots` (a range of `store`, which must hold no candidate who is
    /// out) for the candidates' standings (`standing.len()` candidates), [`Plan::levelled`]
    /// if `levelled` (unless that would hold more than [`MOST_VALUES`] values at once, and
    /// the post-order would not). Reuses the plan's storage. `None` if a walk would hold
    /// more than [`MOST_VALUES`] values at once (rankings with many positions of several
    /// elected members each).
    pub fn rebuild(
        &mut self,
        store: &Store<T, M>,
        ballots: Range<usize>,
        standing: &[Standing],
        levelled: bool,
    ) -> Option<()> {
        let built = self.build(store, ballots.clone(), standing, levelled);
        if built.is_none() && levelled {
            return self.build(store, ballots, standing, false);
        }
        built
    }

    /// [`Plan::rebuild`], levelled or not.
    fn build(
        &mut self,
        store: &Store<T, M>,
        ballots: Range<usize>,
        standing: &[Standing],
        levelled: bool,
    ) -> Option<()> {
        // Levelled plans are not walked in WebAssembly: leave their code out of the module.
        let levelled = levelled && cfg!(not(target_arch = "wasm32"));
        self.levelled = levelled;
        self.runs.clear();
        self.level_nodes.clear();
        self.room = 1;
        self.segment.restart(0, 0, 0);
        self.built = 0;
        self.nodes.clear();
        self.members.clear();
        self.receiver.clear();
        self.receiver_count.clear();
        self.receiver_slot.clear();
        self.first.clear();
        self.widths.clear();
        self.strict = true;
        self.empty = M::zero();
        self.marks.clear();
        self.open_members.clear();
        let exhausted = T::new(standing.len() as u32, false);
        // Open nodes, `open.len()` of them allocated but only `live` in use.
        let mut live = 0usize;
        for b in ballots {
            if b % MARK_EVERY == 0 {
                self.marks.push((b, self.built));
            }
            if levelled && self.level_nodes.len() - self.segment.nodes_at >= self.segment_nodes {
                self.close_from(0, &mut live, exhausted)?;
                self.seal()?;
            }
            let ranking = store.ranking(b);
            let m = &store.weight[b];
            if ranking.is_empty() {
                self.empty.add(m);
                continue;
            }
            let mut depth = 0usize;
            let mut at = 0;
            let mut shared = true;
            loop {
                let mut next = at + 1;
                while next < ranking.len() && ranking[next].joins() {
                    next += 1;
                }
                let group = &ranking[at..next];
                let share = group.len() as u32;
                if share == 1 && standing[group[0].index()] == Standing::Hopeful {
                    // A lone hopeful candidate gets everything: a receiver of what the node
                    // before passes on, not a node.
                    let list = match depth.checked_sub(1) {
                        Some(parent) => &mut self.open[parent].after,
                        None => &mut self.first,
                    };
                    add_receiver(list, group[0], m);
                    break;
                }
                let is_elected = |item: &&T| standing[item.index()] == Standing::Elected;
                shared = shared && depth < live && {
                    let node = &self.open[depth];
                    let end = self
                        .open
                        .get(depth + 1)
                        .filter(|_| depth + 1 < live)
                        .map_or(self.open_members.len(), |o| o.members_at);
                    node.share == share
                        && group
                            .iter()
                            .filter(is_elected)
                            .map(|i| i.cand())
                            .eq(self.open_members[node.members_at..end]
                                .iter()
                                .map(|i| i.cand()))
                };
                if !shared {
                    self.close_from(depth, &mut live, exhausted)?;
                    let members_at = self.open_members.len();
                    // The values reaching it: one per value reaching its parent and elected
                    // member of the parent.
                    let (values, input) = match depth.checked_sub(1) {
                        Some(parent) => {
                            let parent = &self.open[parent];
                            let elected = (members_at - parent.members_at) as u32;
                            (parent.values.checked_mul(elected)?, parent.out)
                        }
                        None => (1, 0),
                    };
                    self.open_members.extend(
                        group
                            .iter()
                            .filter(is_elected)
                            .map(|i| T::new(i.cand(), false)),
                    );
                    let key = BucketKey {
                        depth: depth as u32,
                        values,
                        elected: (self.open_members.len() - members_at) as u32,
                        share,
                    };
                    let (bucket, out) = if levelled { self.place(key)? } else { (0, 0) };
                    if depth == self.open.len() {
                        self.open.push(Open {
                            share,
                            values,
                            bucket,
                            input,
                            out,
                            members_at,
                            through: M::zero(),
                            ends: M::zero(),
                            receivers: Vec::new(),
                            after: Vec::new(),
                        });
                    } else {
                        // Closed nodes are left empty, their lists' storage kept for reuse.
                        let node = &mut self.open[depth];
                        node.share = share;
                        node.values = values;
                        node.bucket = bucket;
                        node.input = input;
                        node.out = out;
                        node.members_at = members_at;
                    }
                    live = depth + 1;
                }
                let node = &mut self.open[depth];
                node.through.add(m);
                let mut any_elected = false;
                for item in group {
                    if standing[item.index()] == Standing::Hopeful {
                        add_receiver(&mut node.receivers, *item, m);
                    } else {
                        any_elected = true;
                    }
                }
                at = next;
                if !any_elected {
                    break;
                }
                if at == ranking.len() {
                    node.ends.add(m);
                    break;
                }
                depth += 1;
            }
        }
        self.close_from(0, &mut live, exhausted)?;
        let mut first = std::mem::take(&mut self.first);
        first.sort_unstable_by_key(|(c, _)| c.cand());
        for (c, m) in std::mem::take(&mut first) {
            match first.last_mut() {
                Some((last, n)) if last.cand() == c.cand() => n.add(&m),
                _ => first.push((c, m)),
            }
        }
        if !self.empty.is_zero() {
            first.push((exhausted, self.empty.clone()));
        }
        self.first = first;
        if levelled {
            self.seal()?;
            // Two arrays of the most values passed on at one depth of a segment.
            return (self.room.saturating_mul(2) <= MOST_VALUES).then_some(());
        }
        let total = self
            .widths
            .iter()
            .try_fold(0usize, |sum, &w| sum.checked_add(w as usize))?;
        (total <= MOST_VALUES).then_some(())
    }

    /// The kind's number for a node of `key` in the segment being built, and where the
    /// values it passes on go. `None` if too many values are passed on at its depth to count.
    fn place(&mut self, key: BucketKey) -> Option<(u32, u32)> {
        let segment = &mut self.segment;
        let next = segment.keys.len() as u32;
        let kind = *segment.key_of.entry(key).or_insert(next);
        if kind == next {
            segment.keys.push(key);
        }
        let depth = key.depth as usize;
        if segment.passed.len() <= depth {
            segment.passed.resize(depth + 1, 0);
        }
        let out = segment.passed[depth];
        segment.passed[depth] = out.checked_add(key.values.checked_mul(key.elected)?)?;
        Some((kind, out))
    }

    /// Sort the nodes of the segment being built (all closed) into runs, by depth and kind,
    /// with their members and receivers; start the next segment. `None` if a run would have
    /// more than [`MOST_RUN`] nodes.
    fn seal(&mut self) -> Option<()> {
        let segment = &mut self.segment;
        let count = self.level_nodes.len() - segment.nodes_at;
        if count == 0 {
            return Some(());
        }
        // Each kind's rank, and where its nodes start.
        segment.order.clear();
        segment.order.extend(0..segment.keys.len() as u32);
        let keys = &segment.keys;
        segment.order.sort_unstable_by_key(|&k| keys[k as usize]);
        segment.rank.clear();
        segment.rank.resize(keys.len(), 0);
        for (r, &k) in segment.order.iter().enumerate() {
            segment.rank[k as usize] = r as u32;
        }
        segment.start.clear();
        segment.start.resize(keys.len() + 1, 0);
        for &k in &segment.kind {
            segment.start[segment.rank[k as usize] as usize + 1] += 1;
        }
        let first_run = self.runs.len();
        for r in 0..keys.len() {
            let len = segment.start[r + 1];
            if len as usize > self.most_run {
                return None;
            }
            self.runs.push(Run {
                key: keys[segment.order[r] as usize],
                len,
                starts_segment: r == 0,
                receivers: 0,
            });
            segment.start[r + 1] += segment.start[r];
        }
        // Where each node's members and receivers start now, then each node's place in the
        // runs (`order`, reused: the node for each place).
        segment.members_from.clear();
        segment.receivers_from.clear();
        let (mut m, mut v) = (segment.members_at as u32, segment.receivers_at as u32);
        for (&(shared, after), &k) in segment.receivers.iter().zip(&segment.kind) {
            segment.members_from.push(m);
            segment.receivers_from.push(v);
            m += keys[k as usize].elected;
            v += u32::from(shared) + u32::from(after);
        }
        segment.order.clear();
        segment.order.resize(count, 0);
        for (j, &k) in segment.kind.iter().enumerate() {
            let place = &mut segment.start[segment.rank[k as usize] as usize];
            segment.order[*place as usize] = j as u32;
            *place += 1;
        }
        // Copy the segment's nodes, members and receivers in the runs' order, then put them
        // in place. The values passed on at a depth are laid out in the runs' order too: each
        // node's input moves where its parent's output went.
        let (nodes, members, receiver, receiver_count) = &mut self.sorted;
        nodes.clear();
        members.clear();
        receiver.clear();
        receiver_count.clear();
        segment.depth_at.clear();
        let mut total = 0u32;
        for &p in &segment.passed {
            segment.depth_at.push(total);
            total += p;
        }
        segment.moved.clear();
        segment.moved.resize(total as usize, 0);
        let (mut depth, mut out) = (0, 0);
        // The run being filled, and the place in it of the next node.
        let (mut run, mut place) = (first_run, 0);
        for &j in &segment.order {
            while place == self.runs[run].len {
                (run, place) = (run + 1, 0);
            }
            let key = keys[segment.kind[j as usize] as usize];
            if key.depth != depth {
                (depth, out) = (key.depth, 0);
            }
            // (A node passing nothing on has no children, and shares its place with the next.)
            let passes = key.values * key.elected;
            if passes > 0 {
                let at = segment.depth_at[depth as usize] + segment.outs[j as usize];
                segment.moved[at as usize] = out;
            }
            out += passes;
            let mut node = self.level_nodes[segment.nodes_at + j as usize].clone();
            if let Some(up) = depth.checked_sub(1) {
                let at = segment.depth_at[up as usize] + node.input;
                node.input = segment.moved[at as usize];
            }
            let from = segment.members_from[j as usize] as usize;
            members.extend_from_slice(&self.members[from..from + key.elected as usize]);
            let (shared, after) = segment.receivers[j as usize];
            let all = usize::from(shared) + usize::from(after);
            let from = segment.receivers_from[j as usize] as usize;
            receiver.extend_from_slice(&self.receiver[from..from + all]);
            receiver_count.extend_from_slice(&self.receiver_count[from..from + all]);
            // Below 2 × MOST_RUN.
            let slot = |after| receiver_slot(place as usize, after) as u16;
            let slots = (0..all).map(|r| slot(r >= usize::from(shared)));
            self.receiver_slot.extend(slots);
            self.runs[run].receivers += all as u32;
            place += 1;
            nodes.push(node);
        }
        self.level_nodes[segment.nodes_at..].clone_from_slice(nodes);
        self.members[segment.members_at..].copy_from_slice(members);
        self.receiver[segment.receivers_at..].copy_from_slice(receiver);
        self.receiver_count[segment.receivers_at..].clone_from_slice(receiver_count);
        let most = segment.passed.iter().max().map_or(0, |&p| p as usize);
        self.room = self.room.max(most);
        segment.restart(
            self.level_nodes.len(),
            self.members.len(),
            self.receiver.len(),
        );
        Some(())
    }

    /// Close the open nodes at `depth` and deeper, deepest first, appending them to the plan.
    /// `None` if the values reaching a node, or its receivers, would be too many to count.
    fn close_from(&mut self, depth: usize, live: &mut usize, exhausted: T) -> Option<()> {
        while *live > depth {
            *live -= 1;
            let d = *live;
            let node = &mut self.open[d];
            self.built += 1;
            let (receiver, receiver_count) = (&mut self.receiver, &mut self.receiver_count);
            let shared = emit_receivers(receiver, receiver_count, &mut node.receivers);
            let mut after = emit_receivers(receiver, receiver_count, &mut node.after);
            let ends = std::mem::replace(&mut node.ends, M::zero());
            if !ends.is_zero() {
                receiver.push(exhausted);
                receiver_count.push(ends);
                after += 1;
            }
            let members = &self.open_members[node.members_at..];
            // At most every candidate, and the end of the rankings, each.
            let (shared, after) = (u16::try_from(shared).ok()?, u16::try_from(after).ok()?);
            if self.levelled {
                self.level_nodes.push(LevelNode {
                    through: std::mem::replace(&mut node.through, M::zero()),
                    input: node.input,
                });
                self.segment.receivers.push((shared, after));
                self.segment.kind.push(node.bucket);
                self.segment.outs.push(node.out);
                self.members.extend_from_slice(members);
                self.open_members.truncate(node.members_at);
                continue;
            }
            if self.widths.len() < d + 2 {
                self.widths.resize(d + 2, 0);
            }
            self.widths[d] = self.widths[d].max(node.values);
            let out = node.values.checked_mul(members.len() as u32)?;
            self.widths[d + 1] = self.widths[d + 1].max(out);
            self.strict &= node.share == 1 && members.len() == 1 && shared == 0;
            self.nodes.push(Node {
                through: std::mem::replace(&mut node.through, M::zero()),
                depth: T::new(d as u32, false),
                share: T::new(node.share, false),
                elected: T::new(members.len() as u32, false),
                shared,
                after,
            });
            self.members.extend_from_slice(members);
            self.open_members.truncate(node.members_at);
        }
        Some(())
    }
}

#[cfg(test)]
pub(super) mod tests {
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    use super::*;
    use crate::model::{Ballot, Ranking};

    impl<T: Item, M: Count> Store<T, M> {
        /// Every ballot: its items and weight.
        fn contents(&self) -> Vec<(Vec<T>, M)> {
            (0..self.len())
                .map(|b| (self.ranking(b).to_vec(), self.weight[b].clone()))
                .collect()
        }
    }

    /// `count` random ballots over `n` candidates, each ranking from one to all of them, a
    /// position taking the next candidate too with probability `equal`; weights 1 to 5.
    pub(in super::super) fn random_ballots(
        rng: &mut ChaCha8Rng,
        n: usize,
        count: usize,
        equal: f64,
    ) -> Vec<Ballot> {
        let mut ballots = Vec::new();
        for _ in 0..count {
            let mut order: Vec<u32> = (0..n as u32).collect();
            for i in (1..n).rev() {
                order.swap(i, rng.random_range(0..=i));
            }
            order.truncate(rng.random_range(1..=n));
            let mut groups: Vec<Vec<CandidateId>> = Vec::new();
            for c in order {
                match groups.last_mut() {
                    Some(g) if rng.random_bool(equal) => g.push(CandidateId(c)),
                    _ => groups.push(vec![CandidateId(c)]),
                }
            }
            let weight = rng.random_range(1..6u64);
            ballots.push(Ballot::new(weight, Ranking::from_groups(groups)));
        }
        ballots
    }

    /// A store of `n` candidates' random ballots, some with equal rankings.
    fn random_store(rng: &mut ChaCha8Rng, n: usize, ballots: usize) -> Store<u8, u32> {
        let ballots = random_ballots(rng, n, ballots, 0.3);
        let counted: Vec<u32> = (0..ballots.len() as u32).collect();
        let ballot = |i: usize| ballots.get(i).map(|b| (&b.weight, b.ranking.view()));
        Store::new(&counted, ballot, &vec![false; n]).expect("a small store")
    }

    #[test]
    fn removing_in_parts_is_removing_at_once_and_is_leaving_out() {
        let mut rng = ChaCha8Rng::seed_from_u64(11);
        for round in 0..40 {
            let n = rng.random_range(1..9);
            let ballots = rng.random_range(0..60);
            let store = random_store(&mut rng, n, ballots);
            let out: Vec<bool> = (0..n).map(|_| rng.random_bool(0.4)).collect();
            let mut at_once = store.clone();
            at_once.remove(&out, 1);
            // The same ballots as leaving the candidates out when copying.
            let expected: Vec<(Vec<u8>, u32)> = store
                .contents()
                .into_iter()
                .map(|(items, weight)| {
                    let mut kept: Vec<u8> = Vec::new();
                    let mut head_kept = false;
                    for item in items {
                        if out[item.index()] {
                            head_kept &= item.joins();
                            continue;
                        }
                        kept.push(u8::new(item.cand(), item.joins() && head_kept));
                        head_kept = true;
                    }
                    (kept, weight)
                })
                .collect();
            assert_eq!(at_once.contents(), expected, "round {round}");
            for parts in 2..6 {
                let mut in_parts = store.clone();
                in_parts.remove(&out, parts);
                assert_eq!(
                    in_parts.contents(),
                    expected,
                    "round {round}, {parts} parts"
                );
                assert_eq!(in_parts.items.len(), at_once.items.len());
            }
        }
    }

    #[test]
    fn a_run_too_long_for_its_receivers_slots_leaves_the_plan_in_post_order() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let store = random_store(&mut rng, 8, 200);
        let standing: Vec<Standing> = (0..8)
            .map(|c| match c % 3 {
                0 => Standing::Hopeful,
                _ => Standing::Elected,
            })
            .collect();
        let mut plan = Plan::default();
        plan.rebuild(&store, 0..store.len(), &standing, true)
            .expect("a small plan");
        assert!(plan.levelled);
        let longest = plan.runs.iter().map(|r| r.len).max().expect("some runs");
        assert!(longest > 1);
        // Every receiver's slot is its node's among those of its run.
        let receivers: u32 = plan.runs.iter().map(|r| r.receivers).sum();
        assert_eq!(receivers as usize, plan.receiver.len());
        let mut slots = plan.receiver_slot.iter().map(|&s| usize::from(s));
        for run in &plan.runs {
            let run_slots: Vec<usize> = slots.by_ref().take(run.receivers as usize).collect();
            assert!(run_slots.is_sorted());
            let end = receiver_slot(run.len as usize, false);
            assert!(run_slots.iter().all(|&s| s < end));
        }
        plan.most_run = longest as usize - 1;
        plan.rebuild(&store, 0..store.len(), &standing, true)
            .expect("a small plan");
        assert!(!plan.levelled);
        assert!(plan.runs.is_empty() && plan.receiver_slot.is_empty());
    }

    #[test]
    fn a_nodes_kind_holds_few_values_and_members_in_octal() {
        let kind = |values, elected| {
            BucketKey {
                depth: 0,
                values,
                elected,
                share: 1,
            }
            .kind()
        };
        assert_eq!(kind(1, 1), 0o11);
        assert_eq!(kind(2, 0), 0o20);
        assert_eq!(kind(8, 1), 0o101);
        assert_eq!(kind(31, 7), 0o377);
        // Too many values or members: no kind.
        assert_eq!(kind(32, 1), 0);
        assert_eq!(kind(1, 8), 0);
        assert_eq!(kind(256 + 2, 1), 0);
        assert_eq!(kind(0, 1), 0);
    }
}
