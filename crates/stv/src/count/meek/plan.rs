//! Each round's *plan*: the distinct ways a ballot's value can flow, as a prefix tree.
//!
//! Meek and Warren re-count every ballot at every iteration, but the value a ballot carries at
//! any point of its ranking depends only on the candidates it has passed — never on who cast
//! it — and a hopeful candidate keeps everything that reaches it. So within a round every ballot
//! follows a path of *steps* (an elected candidate, reached with a value shared among `share`
//! candidates ranked equal) ending at *leaves* (hopeful candidates), and ballots with the same
//! steps carry the same values. The plan stores each distinct step once, keyed by its parent
//! step, candidate and share, with the number of ballots through it; a walk computes each
//! step's value once and multiplies by those counts, which is exact. Defeated and withdrawn
//! candidates pass the value on untouched and do not appear at all.
//!
//! The plan changes only when someone is elected or defeated, so it is rebuilt once per round;
//! the walk ([`super::walk`]) runs once per iteration and allocates nothing.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::model::{BallotRef, Weight};

/// Where a candidate stands, as the plan sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Standing {
    /// Keeps everything that reaches it (keep factor 1): a leaf.
    Hopeful,
    /// Keeps its keep factor's part and passes the rest on: a step.
    Elected,
    /// Defeated or withdrawn: skipped.
    Out,
}

/// A number of ballots: `u64` when the election's total fits, [`Weight`] otherwise.
pub(super) trait Count: Clone {
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

impl Count for u64 {
    fn zero() -> u64 {
        0
    }
    fn add(&mut self, other: &u64) {
        *self += *other;
    }
    fn weight(&self) -> Weight {
        Weight::from(*self)
    }
    fn of(w: &Weight) -> u64 {
        w.to_u64().unwrap_or(u64::MAX)
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

/// A candidate in a [`Store`], with a flag saying whether it is ranked equal to the one before.
pub(super) trait Item: Copy {
    /// The largest number of candidates this item type can hold.
    const CAPACITY: usize;
    /// An item for candidate `cand`, `joins` when ranked equal to the previous item.
    fn new(cand: u32, joins: bool) -> Self;
    /// The candidate.
    fn cand(self) -> u32;
    /// Is it ranked equal to the previous item?
    fn joins(self) -> bool;
}

impl Item for u16 {
    const CAPACITY: usize = 1 << 15;
    fn new(cand: u32, joins: bool) -> u16 {
        cand as u16 | if joins { 1 << 15 } else { 0 }
    }
    fn cand(self) -> u32 {
        u32::from(self & 0x7fff)
    }
    fn joins(self) -> bool {
        self & 0x8000 != 0
    }
}

impl Item for u32 {
    const CAPACITY: usize = 1 << 31;
    fn new(cand: u32, joins: bool) -> u32 {
        cand | if joins { 1 << 31 } else { 0 }
    }
    fn cand(self) -> u32 {
        self & 0x7fff_ffff
    }
    fn joins(self) -> bool {
        self & 0x8000_0000 != 0
    }
}

/// The counted ballots in one flat array, in the order given, without the candidates who are
/// out: a compact copy the plan is rebuilt from every round.
pub(super) struct Store<T, M> {
    items: Vec<T>,
    /// One past each ballot's last item.
    ends_at: Vec<u32>,
    weight: Vec<M>,
}

impl<T: Item, M: Count> Store<T, M> {
    /// Copy `ballots`, leaving out the candidates for whom `out` is true.
    pub fn new<'b>(
        ballots: impl IntoIterator<Item = impl Into<BallotRef<'b>>>,
        out: &[bool],
    ) -> Self {
        let mut store = Store {
            items: Vec::new(),
            ends_at: Vec::new(),
            weight: Vec::new(),
        };
        for ballot in ballots {
            let ballot = ballot.into();
            for group in ballot.ranking.groups() {
                let mut joins = false;
                for c in group {
                    if !out[c.index()] {
                        store.items.push(T::new(c.0, joins));
                        joins = true;
                    }
                }
            }
            store.ends_at.push(store.items.len() as u32);
            store.weight.push(M::of(ballot.weight));
        }
        store.items.shrink_to_fit();
        store
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

    /// Put the ballots in order of ranking (their first dozen items, by a radix sort), so that
    /// ballots sharing a path are visited together. The order affects speed only.
    pub fn sort(&mut self, candidates: usize) {
        const DEPTH: usize = 12;
        const SMALL: usize = 24;
        let buckets = 2 * candidates + 1;
        let mut order: Vec<u32> = (0..self.ends_at.len() as u32).collect();
        let mut scratch: Vec<u32> = vec![0; order.len()];
        let mut counts: Vec<usize> = vec![0; buckets + 1];
        let mut work: Vec<(usize, usize, usize)> = vec![(0, order.len(), 0)];
        while let Some((lo, hi, depth)) = work.pop() {
            if hi - lo <= SMALL || depth == DEPTH {
                continue;
            }
            if buckets > 4096 {
                order[lo..hi].sort_by(|&x, &y| {
                    self.ranking(x as usize)[depth.min(self.ranking(x as usize).len())..]
                        .iter()
                        .map(|i| i.cand())
                        .cmp(
                            self.ranking(y as usize)[depth.min(self.ranking(y as usize).len())..]
                                .iter()
                                .map(|i| i.cand()),
                        )
                });
                continue;
            }
            counts.iter_mut().for_each(|c| *c = 0);
            for &b in &order[lo..hi] {
                counts[sort_key(self.ranking(b as usize), depth) + 1] += 1;
            }
            for k in 1..counts.len() {
                counts[k] += counts[k - 1];
            }
            for &b in &order[lo..hi] {
                let k = sort_key(self.ranking(b as usize), depth);
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
        drop(scratch);
        let mut items = Vec::with_capacity(self.items.len());
        let mut ends_at = Vec::with_capacity(self.ends_at.len());
        let mut weight = Vec::with_capacity(self.weight.len());
        for &b in &order {
            items.extend_from_slice(self.ranking(b as usize));
            ends_at.push(items.len() as u32);
            weight.push(self.weight[b as usize].clone());
        }
        self.items = items;
        self.ends_at = ends_at;
        self.weight = weight;
    }

    /// Remove the candidates for whom `out` is true, in place.
    pub fn remove(&mut self, out: &[bool]) {
        let mut write = 0usize;
        let mut start = 0usize;
        for end in self.ends_at.iter_mut() {
            // A group keeps its first remaining member as its head.
            let mut head_removed = false;
            for read in start..*end as usize {
                let item = self.items[read];
                if out[item.cand() as usize] {
                    head_removed |= !item.joins();
                    continue;
                }
                let joins = item.joins() && !head_removed;
                if !item.joins() || !joins {
                    head_removed = false;
                }
                self.items[write] = T::new(item.cand(), joins);
                write += 1;
            }
            start = *end as usize;
            *end = write as u32;
        }
        self.items.truncate(write);
    }
}

/// The path of the previous ballot without equal rankings, for [`Plan::add_strict`].
#[derive(Default)]
struct Previous {
    /// Its candidates up to and including the leaf.
    cands: Vec<u32>,
    /// The step at each depth before the leaf.
    steps: Vec<u32>,
    /// The leaf's depth and index.
    leaf: Option<(usize, u32)>,
}

impl Previous {
    fn clear(&mut self) {
        self.cands.clear();
        self.steps.clear();
        self.leaf = None;
    }
}

/// The key a ballot is sorted on at `depth`: 0 past its end, else its item there.
fn sort_key<T: Item>(ranking: &[T], depth: usize) -> usize {
    ranking.get(depth).map_or(0, |item| {
        1 + 2 * item.cand() as usize + usize::from(item.joins())
    })
}

/// A small, fast hasher for the plan's integer keys (FxHash's multiply-rotate).
#[derive(Default)]
pub(super) struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn finish(&self) -> u64 {
        self.0 ^ (self.0 >> 29)
    }
}

type KeyMap = HashMap<(u64, u32), u32, BuildHasherDefault<KeyHasher>>;

/// A key map with a small direct-mapped cache of recent lookups in front: ballots are visited
/// in order of ranking, so the keys of consecutive ballots repeat and stay in the CPU cache.
#[derive(Debug, Default)]
struct CachedMap {
    map: KeyMap,
    recent: Vec<(u64, u32, u32)>,
}

const RECENT: usize = 4096;

impl CachedMap {
    fn clear(&mut self) {
        self.map.clear();
        self.recent.clear();
        self.recent.resize(RECENT, (u64::MAX, u32::MAX, 0));
    }

    /// The value for `key`, inserting `fresh` if absent.
    #[inline]
    fn get_or_insert(&mut self, key: (u64, u32), fresh: u32) -> u32 {
        let mut h = KeyHasher::default();
        h.write_u64(key.0);
        h.write_u32(key.1);
        let slot = (h.finish() >> 20) as usize & (RECENT - 1);
        let (k0, k1, v) = self.recent[slot];
        if k0 == key.0 && k1 == key.1 {
            return v;
        }
        let v = *self.map.entry(key).or_insert(fresh);
        self.recent[slot] = (key.0, key.1, v);
        v
    }
}

/// The steps and leaves of one round. Step 0 is the root: the value 1 every ballot starts
/// with. Steps are in creation order, so a step's parent always comes before it.
#[derive(Debug)]
pub(super) struct Plan<M> {
    /// Parent step of each step (`u32::MAX` for the root).
    pub parent: Vec<u32>,
    /// The elected candidate of each step.
    pub cand: Vec<u32>,
    /// Number of continuing candidates sharing the position (1 unless ranked equal).
    pub share: Vec<u32>,
    /// Ballots through each step.
    pub through: Vec<M>,
    /// Ballots whose value left after this step is non-transferable (their ranking has no
    /// continuing candidate further down).
    pub ends: Vec<M>,
    /// Step each leaf hangs from.
    pub leaf_step: Vec<u32>,
    /// Hopeful candidate of each leaf.
    pub leaf_cand: Vec<u32>,
    /// Number of continuing candidates sharing each leaf's position.
    pub leaf_share: Vec<u32>,
    /// Ballots reaching each leaf.
    pub leaf_mult: Vec<M>,
    steps_by_key: CachedMap,
    leaves_by_key: CachedMap,
    pending: Vec<(u32, u32)>,
}

impl<M> Default for Plan<M> {
    fn default() -> Plan<M> {
        Plan {
            parent: Vec::new(),
            cand: Vec::new(),
            share: Vec::new(),
            through: Vec::new(),
            ends: Vec::new(),
            leaf_step: Vec::new(),
            leaf_cand: Vec::new(),
            leaf_share: Vec::new(),
            leaf_mult: Vec::new(),
            steps_by_key: CachedMap::default(),
            leaves_by_key: CachedMap::default(),
            pending: Vec::new(),
        }
    }
}

impl<M: Count> Plan<M> {
    /// Rebuild the plan for the candidates' standings from `store`, which must hold no
    /// candidate who is out. Reuses the plan's storage.
    pub fn rebuild<T: Item>(&mut self, store: &Store<T, M>, standing: &[Standing]) {
        self.parent.clear();
        self.cand.clear();
        self.share.clear();
        self.through.clear();
        self.ends.clear();
        self.leaf_step.clear();
        self.leaf_cand.clear();
        self.leaf_share.clear();
        self.leaf_mult.clear();
        self.steps_by_key.clear();
        self.leaves_by_key.clear();
        self.push_step(u32::MAX, u32::MAX, 1);
        let mut start = 0usize;
        let mut previous = Previous::default();
        for (b, &end) in store.ends_at.iter().enumerate() {
            let end = end as usize;
            let ranking = &store.items[start..end];
            start = end;
            let m = &store.weight[b];
            self.through[0].add(m);
            if ranking.iter().any(|item| item.joins()) {
                self.add_ballot(ranking, m, standing);
                previous.clear();
            } else {
                self.add_strict(ranking, m, standing, &mut previous);
            }
        }
    }

    /// Follow a ballot without equal rankings: one path. Ballots come in order of ranking, so
    /// the steps (and the leaf) it shares with the previous such ballot are the ones on their
    /// common prefix, and the rest are new: no lookup needed.
    fn add_strict<T: Item>(
        &mut self,
        ranking: &[T],
        m: &M,
        standing: &[Standing],
        previous: &mut Previous,
    ) {
        // Length of the prefix shared with the previous ballot's path.
        let common = ranking
            .iter()
            .zip(&previous.cands)
            .take_while(|(item, c)| item.cand() == **c)
            .count();
        previous.cands.truncate(common);
        previous.steps.truncate(common);
        let mut step = 0u32;
        for (depth, item) in ranking.iter().enumerate() {
            let cand = item.cand();
            if standing[cand as usize] == Standing::Hopeful {
                let leaf = match previous.leaf {
                    Some((d, leaf)) if d == depth && depth < common => leaf,
                    _ => {
                        self.leaf_step.push(step);
                        self.leaf_cand.push(cand);
                        self.leaf_share.push(1);
                        self.leaf_mult.push(M::zero());
                        self.leaf_step.len() as u32 - 1
                    }
                };
                self.leaf_mult[leaf as usize].add(m);
                if depth >= common {
                    previous.cands.push(cand);
                }
                previous.leaf = Some((depth, leaf));
                return;
            }
            step = if depth < previous.steps.len() {
                previous.steps[depth]
            } else {
                let fresh = self.push_step(step, cand, 1);
                previous.cands.push(cand);
                previous.steps.push(fresh);
                fresh
            };
            self.through[step as usize].add(m);
        }
        self.ends[step as usize].add(m);
        previous.leaf = None;
    }

    fn push_step(&mut self, parent: u32, cand: u32, share: u32) -> u32 {
        self.parent.push(parent);
        self.cand.push(cand);
        self.share.push(share);
        self.through.push(M::zero());
        self.ends.push(M::zero());
        self.parent.len() as u32 - 1
    }

    /// Follow one ballot through every step it reaches.
    fn add_ballot<T: Item>(&mut self, ranking: &[T], m: &M, standing: &[Standing]) {
        self.pending.clear();
        self.pending.push((0, 0));
        while let Some((at, step)) = self.pending.pop() {
            let at = at as usize;
            if at == ranking.len() {
                self.ends[step as usize].add(m);
                continue;
            }
            let mut next = at + 1;
            while next < ranking.len() && ranking[next].joins() {
                next += 1;
            }
            let share = (next - at) as u32;
            for item in &ranking[at..next] {
                let cand = item.cand();
                let key = ((u64::from(step) << 32) | u64::from(cand), share);
                if standing[cand as usize] == Standing::Hopeful {
                    let fresh = self.leaf_step.len() as u32;
                    let leaf = self.leaves_by_key.get_or_insert(key, fresh);
                    if leaf == fresh {
                        self.leaf_step.push(step);
                        self.leaf_cand.push(cand);
                        self.leaf_share.push(share);
                        self.leaf_mult.push(M::zero());
                    }
                    self.leaf_mult[leaf as usize].add(m);
                } else {
                    let fresh = self.parent.len() as u32;
                    let child = self.steps_by_key.get_or_insert(key, fresh);
                    if child == fresh {
                        self.push_step(step, cand, share);
                    }
                    self.through[child as usize].add(m);
                    self.pending.push((next as u32, child));
                }
            }
        }
    }

    /// Number of steps, the root included.
    pub fn steps(&self) -> usize {
        self.parent.len()
    }

    /// Number of leaves.
    pub fn leaves(&self) -> usize {
        self.leaf_step.len()
    }
}
