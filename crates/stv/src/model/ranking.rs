//! Rankings: the owned [`Ranking`] and the borrowed [`RankingRef`], which share one
//! representation of equal-rank groups and one implementation of every read method.
//!
//! A ranking is its candidates in order plus one bit per candidate, set when that candidate is
//! ranked equal to the one before it ([`JoinBits`]). A ranking without equal ranks has no bits
//! at all, so it costs nothing beyond its candidates.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::iter::FusedIterator;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::CandidateId;

/// Bit `k` set: candidate `k` of a candidate list is ranked equal to candidate `k - 1`.
///
/// Only the words up to the last set bit are stored (bits past the end are 0), so the words
/// are empty when no ranking has equal ranks, and two sets of bits are equal exactly when
/// their words are. The first candidate of a ranking never has its bit set.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct JoinBits(Vec<u64>);

impl JoinBits {
    /// OR `bits` into the bits from `at` on (bit 0 of `bits` at `at`).
    fn or_bits(&mut self, at: usize, bits: u64) {
        let (word, shift) = (at / 64, at % 64);
        let carried = if shift == 0 { 0 } else { bits >> (64 - shift) };
        for (word, part) in [(word, bits << shift), (word + 1, carried)] {
            if part != 0 {
                if self.0.len() <= word {
                    self.0.resize(word + 1, 0);
                }
                self.0[word] |= part;
            }
        }
    }

    /// Mark candidates `from..to` as ranked equal to the one before each.
    fn set_range(&mut self, from: usize, to: usize) {
        for at in (from..to).step_by(64) {
            self.or_bits(at, low_bits(to - at));
        }
    }

    /// Clear every bit from `k` on.
    pub(super) fn truncate(&mut self, k: usize) {
        self.0.truncate(k.div_ceil(64));
        // Only the word holding bit `k`, if there is one, keeps some bits and loses others
        // (the words may stop before it: trailing zero words are not stored).
        if k % 64 != 0 {
            if let Some(word) = self.0.get_mut(k / 64) {
                *word &= low_bits(k % 64);
            }
        }
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
    }

    /// Mark the groups of `ranking` for its copy starting at candidate `offset`.
    pub(super) fn copy_groups(&mut self, offset: usize, ranking: RankingRef<'_>) {
        for (at, bits) in ranking.joins.chunks(ranking.candidates.len()) {
            self.or_bits(offset + at, bits);
        }
    }

    /// Mark groups of `sizes` for candidates from `offset` on. The caller checks the sizes
    /// with [`sizes_fit`].
    pub(super) fn mark_sizes(&mut self, offset: usize, sizes: &[usize]) {
        // The bits gather in `chunk`, for the 64 candidates from `chunk_at` on.
        let (mut chunk_at, mut chunk) = (offset, 0u64);
        let mut start = offset;
        for &size in sizes {
            if size > 1 {
                // Every member of the group but the first joins the one before.
                let (from, to) = (start + 1, start + size);
                if to - chunk_at <= 64 {
                    chunk |= low_bits(to - from) << (from - chunk_at);
                } else {
                    self.or_bits(chunk_at, chunk);
                    self.set_range(from, to);
                    (chunk_at, chunk) = (to, 0);
                }
            }
            start += size;
        }
        self.or_bits(chunk_at, chunk);
    }

    /// The bits from candidate `start` on.
    pub(super) fn starting_at(&self, start: usize) -> Joins<'_> {
        Joins {
            words: &self.0,
            start,
        }
    }

    /// Bytes allocated on the heap.
    #[cfg(test)]
    pub(super) fn heap_bytes(&self) -> usize {
        self.0.capacity() * size_of::<u64>()
    }

    pub(super) fn shrink_to_fit(&mut self) {
        self.0.shrink_to_fit();
    }
}

/// The lowest `n` bits of a word set (all of them from 64 on).
fn low_bits(n: usize) -> u64 {
    if n >= 64 { u64::MAX } else { (1 << n) - 1 }
}

/// Do group `sizes` cut `len` candidates into non-empty groups?
pub(super) fn sizes_fit(len: usize, sizes: &[usize]) -> bool {
    !sizes.contains(&0) && sizes.iter().sum::<usize>() == len
}

/// [`JoinBits`] seen from candidate `start` on.
#[derive(Clone, Copy)]
pub(super) struct Joins<'a> {
    words: &'a [u64],
    start: usize,
}

impl Joins<'_> {
    /// The 64 bits from candidate `k` on (counted from `start`), candidate `k`'s lowest.
    #[inline]
    fn bits(self, k: usize) -> u64 {
        let i = self.start + k;
        let (word, shift) = (i / 64, i % 64);
        let at = |w: usize| self.words.get(w).copied().unwrap_or(0);
        let low = at(word) >> shift;
        if shift == 0 {
            low
        } else {
            low | at(word + 1) << (64 - shift)
        }
    }

    /// The bits of candidates `0..len`, 64 at a time: `(first candidate, bits)`.
    fn chunks(self, len: usize) -> impl Iterator<Item = (usize, u64)> {
        (0..len)
            .step_by(64)
            .map(move |k| (k, self.bits(k) & low_bits(len - k)))
    }

    /// How many of the bits of candidates `0..len` are set.
    fn count(self, len: usize) -> usize {
        self.chunks(len)
            .map(|(_, bits)| bits.count_ones() as usize)
            .sum()
    }
}

/// A borrowed ranking: a view of a [`Ranking`] ([`Ranking::view`]) or of one ballot of a
/// [`Profile`](super::Profile). It has every read method of [`Ranking`] (which implements
/// them through this type), and what it returns borrows from the underlying data for `'a`,
/// not from the view.
///
/// ```
/// use slatewise_stv::{CandidateId, Ranking};
///
/// let ranking = Ranking::from_groups([vec![CandidateId(2)], vec![CandidateId(0), CandidateId(1)]]);
/// let view = ranking.view();
/// assert_eq!(view.len(), 2);
/// assert_eq!(view.group(1), &[CandidateId(0), CandidateId(1)]);
/// assert_eq!(view.to_ranking(), ranking);
/// ```
#[derive(Clone, Copy)]
pub struct RankingRef<'a> {
    candidates: &'a [CandidateId],
    joins: Joins<'a>,
}

impl<'a> RankingRef<'a> {
    /// The ranking of `candidates` whose groups `joins` marks.
    pub(super) fn new(candidates: &'a [CandidateId], joins: Joins<'a>) -> Self {
        RankingRef { candidates, joins }
    }

    /// A strict ranking of `candidates` (one per position), without copying them.
    ///
    /// ```
    /// use slatewise_stv::{CandidateId, Ranking, RankingRef};
    ///
    /// let order = [CandidateId(1), CandidateId(0)];
    /// assert_eq!(RankingRef::strict(&order), Ranking::strict(order.to_vec()));
    /// ```
    pub fn strict(candidates: &'a [CandidateId]) -> Self {
        RankingRef::new(
            candidates,
            Joins {
                words: &[],
                start: 0,
            },
        )
    }

    /// Every candidate mentioned, in ranking order (members of a group in input order).
    pub fn candidates(self) -> &'a [CandidateId] {
        self.candidates
    }

    /// Does any position hold more than one candidate?
    pub fn has_ties(self) -> bool {
        self.len() != self.candidates.len()
    }

    /// Number of positions (groups).
    pub fn len(self) -> usize {
        self.candidates.len() - self.joins.count(self.candidates.len())
    }

    /// Is the ranking empty (a blank ballot)?
    pub fn is_empty(self) -> bool {
        self.candidates.is_empty()
    }

    /// The groups in order, each a slice of equally ranked candidates.
    pub fn groups(self) -> Groups<'a> {
        Groups {
            rest: self.candidates,
            joins: self.joins,
        }
    }

    /// Group `i` (0-based position).
    ///
    /// # Panics
    ///
    /// If `i` is not less than [`len`](Self::len).
    pub fn group(self, i: usize) -> &'a [CandidateId] {
        self.groups()
            .nth(i)
            .unwrap_or_else(|| panic!("group {i} of a ranking of {} groups", self.len()))
    }

    /// An owned copy.
    pub fn to_ranking(self) -> Ranking {
        let mut joins = JoinBits::default();
        joins.copy_groups(0, self);
        Ranking {
            candidates: self.candidates.to_vec(),
            joins,
        }
    }
}

impl PartialEq for RankingRef<'_> {
    fn eq(&self, other: &Self) -> bool {
        let n = self.candidates.len();
        self.candidates == other.candidates && self.joins.chunks(n).eq(other.joins.chunks(n))
    }
}

impl Eq for RankingRef<'_> {}

impl Hash for RankingRef<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.candidates.hash(state);
        for (_, bits) in self.joins.chunks(self.candidates.len()) {
            state.write_u64(bits);
        }
    }
}

impl PartialEq<Ranking> for RankingRef<'_> {
    fn eq(&self, other: &Ranking) -> bool {
        *self == other.view()
    }
}

impl PartialEq<RankingRef<'_>> for Ranking {
    fn eq(&self, other: &RankingRef<'_>) -> bool {
        self.view() == *other
    }
}

/// Shown as its JSON form: `Ranking[0, [1, 2], 3]`.
impl fmt::Debug for RankingRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Group<'g>(&'g [CandidateId]);
        impl fmt::Debug for Group<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self.0 {
                    [one] => write!(f, "{}", one.0),
                    many => f.debug_list().entries(many.iter().map(|c| c.0)).finish(),
                }
            }
        }
        f.write_str("Ranking")?;
        f.debug_list().entries(self.groups().map(Group)).finish()
    }
}

impl Serialize for RankingRef<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = serializer.serialize_seq(Some(self.len()))?;
        for group in self.groups() {
            if group.len() == 1 {
                seq.serialize_element(&group[0])?;
            } else {
                seq.serialize_element(group)?;
            }
        }
        seq.end()
    }
}

/// The groups of a ranking, in order: see [`RankingRef::groups`] and [`Ranking::groups`].
#[derive(Clone)]
pub struct Groups<'a> {
    /// The candidates not yet returned.
    rest: &'a [CandidateId],
    /// The bits of `rest`.
    joins: Joins<'a>,
}

impl<'a> Groups<'a> {
    /// Drop the first `n` candidates.
    fn advance(&mut self, n: usize) {
        self.rest = &self.rest[n..];
        self.joins.start += n;
    }
}

impl<'a> Iterator for Groups<'a> {
    type Item = &'a [CandidateId];

    #[inline]
    fn next(&mut self) -> Option<&'a [CandidateId]> {
        if self.rest.is_empty() {
            return None;
        }
        // The group runs on while candidates are ranked equal to the one before.
        let mut end = 1;
        loop {
            let run = (!self.joins.bits(end)).trailing_zeros() as usize;
            end += run;
            if run < 64 || end >= self.rest.len() {
                break;
            }
        }
        let group = &self.rest[..end.min(self.rest.len())];
        self.advance(group.len());
        Some(group)
    }

    fn nth(&mut self, n: usize) -> Option<&'a [CandidateId]> {
        if self.joins.words.is_empty() {
            // One candidate per group.
            self.advance(n.min(self.rest.len()));
        } else {
            for _ in 0..n {
                self.next()?;
            }
        }
        self.next()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let len = self.len();
        (len, Some(len))
    }
}

impl ExactSizeIterator for Groups<'_> {
    fn len(&self) -> usize {
        RankingRef::new(self.rest, self.joins).len()
    }
}

impl FusedIterator for Groups<'_> {}

/// One voter's order of preference: a sequence of groups, each group holding one candidate,
/// or several ranked equal (`2=3` in BLT).
///
/// Its read methods are those of its view, [`RankingRef`] ([`Ranking::view`]).
///
/// Serialised as a JSON array whose items are candidate indices, or arrays of indices for an
/// equal-rank group: `[0, [1, 2], 3]`.
#[derive(Clone, Default)]
pub struct Ranking {
    candidates: Vec<CandidateId>,
    /// Which candidates are ranked equal to the one before them (none when strict).
    joins: JoinBits,
}

impl Ranking {
    /// A strict ranking: one candidate per position.
    pub fn strict(candidates: Vec<CandidateId>) -> Self {
        Ranking {
            candidates,
            joins: JoinBits::default(),
        }
    }

    /// A ranking from its candidates in order and the size of each group, in order:
    /// `from_group_sizes(vec![a, b, c], &[1, 2])` ranks `a`, then `b` and `c` equal. The same
    /// as [`Ranking::from_groups`], built in one step.
    /// `None` if a size is 0 or the sizes do not add up to the number of candidates.
    ///
    /// ```
    /// use slatewise_stv::{CandidateId, Ranking};
    ///
    /// let (a, b, c) = (CandidateId(0), CandidateId(1), CandidateId(2));
    /// let ranking = Ranking::from_group_sizes(vec![a, b, c], &[1, 2]);
    /// assert_eq!(ranking, Some(Ranking::from_groups([vec![a], vec![b, c]])));
    /// let strict = Ranking::from_group_sizes(vec![a, b], &[1, 1]);
    /// assert_eq!(strict, Some(Ranking::strict(vec![a, b])));
    /// assert_eq!(Ranking::from_group_sizes(vec![a], &[2]), None);
    /// ```
    pub fn from_group_sizes(candidates: Vec<CandidateId>, sizes: &[usize]) -> Option<Self> {
        if !sizes_fit(candidates.len(), sizes) {
            return None;
        }
        let mut joins = JoinBits::default();
        joins.mark_sizes(0, sizes);
        Some(Ranking { candidates, joins })
    }

    /// A ranking from groups of equally ranked candidates. Empty groups are dropped.
    ///
    /// ```
    /// use slatewise_stv::{CandidateId, Ranking};
    ///
    /// let ranking = Ranking::from_groups([vec![CandidateId(3)], vec![], vec![CandidateId(1)]]);
    /// assert_eq!(ranking, Ranking::strict(vec![CandidateId(3), CandidateId(1)]));
    /// ```
    pub fn from_groups<I, G>(groups: I) -> Self
    where
        I: IntoIterator<Item = G>,
        G: IntoIterator<Item = CandidateId>,
    {
        let mut ranking = Ranking::default();
        for group in groups {
            let start = ranking.candidates.len();
            ranking.candidates.extend(group);
            ranking.joins.set_range(start + 1, ranking.candidates.len());
        }
        ranking
    }

    /// A borrowed view, with the same read methods.
    pub fn view(&self) -> RankingRef<'_> {
        RankingRef::new(&self.candidates, self.joins.starting_at(0))
    }

    /// Every candidate mentioned, in ranking order (members of a group in input order).
    pub fn candidates(&self) -> &[CandidateId] {
        self.view().candidates()
    }

    /// Does any position hold more than one candidate?
    pub fn has_ties(&self) -> bool {
        self.view().has_ties()
    }

    /// Number of positions (groups).
    pub fn len(&self) -> usize {
        self.view().len()
    }

    /// Is the ranking empty (a blank ballot)?
    pub fn is_empty(&self) -> bool {
        self.view().is_empty()
    }

    /// The groups in order, each a slice of equally ranked candidates.
    ///
    /// ```
    /// use slatewise_stv::{CandidateId, Ranking};
    ///
    /// let (a, b, c) = (CandidateId(0), CandidateId(1), CandidateId(2));
    /// let ranking = Ranking::from_groups([vec![a, b], vec![c]]);
    /// let groups: Vec<&[CandidateId]> = ranking.groups().collect();
    /// assert_eq!(groups, [&[a, b][..], &[c]]);
    /// ```
    pub fn groups(&self) -> Groups<'_> {
        self.view().groups()
    }

    /// Group `i` (0-based position).
    ///
    /// # Panics
    ///
    /// If `i` is not less than [`len`](Self::len).
    pub fn group(&self, i: usize) -> &[CandidateId] {
        self.view().group(i)
    }
}

impl PartialEq for Ranking {
    fn eq(&self, other: &Self) -> bool {
        self.view() == other.view()
    }
}

impl Eq for Ranking {}

impl Hash for Ranking {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.view().hash(state);
    }
}

/// Shown as its JSON form: `Ranking[0, [1, 2], 3]`.
impl fmt::Debug for Ranking {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.view().fmt(f)
    }
}

impl Serialize for Ranking {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.view().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Ranking {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Position {
            One(CandidateId),
            Equal(Vec<CandidateId>),
        }
        let positions = Vec::<Position>::deserialize(deserializer)?;
        Ok(Ranking::from_groups(positions.into_iter().map(
            |p| match p {
                Position::One(c) => vec![c],
                Position::Equal(g) => g,
            },
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ids;
    use proptest::prelude::*;
    use std::hash::BuildHasher;

    #[test]
    fn truncating_bits_keeps_the_words_below_when_later_words_are_not_stored() {
        let mut bits = JoinBits::default();
        bits.mark_sizes(3, &[2]); // candidate 4 joins candidate 3: bit 4 of word 0
        bits.truncate(65); // nothing stored from bit 64 on: bit 4 stays
        assert_eq!(bits.0, vec![1 << 4]);
        bits.truncate(4);
        assert!(bits.0.is_empty());
    }

    #[test]
    fn ranking_json_uses_arrays_only_for_equal_groups() {
        let r = Ranking::from_groups([ids(&[0]), ids(&[1, 2])]);
        assert_eq!(serde_json::to_string(&r).unwrap(), "[0,[1,2]]");
        let back: Ranking = serde_json::from_str("[0,[1,2]]").unwrap();
        assert_eq!(back, r);
        let strict = Ranking::from_groups([ids(&[3]), ids(&[1])]);
        assert!(!strict.has_ties());
        assert_eq!(strict, Ranking::strict(ids(&[3, 1])));
        assert_eq!(format!("{r:?}"), "Ranking[0, [1, 2]]");
    }

    #[test]
    fn join_bits_truncate_to_their_canonical_form() {
        let mut bits = JoinBits::default();
        bits.set_range(3, 4);
        bits.set_range(70, 71);
        bits.truncate(71);
        assert_eq!(bits.0, [1 << 3, 1 << 6]);
        bits.truncate(70);
        assert_eq!(bits.0, [1 << 3]);
        bits.truncate(3);
        assert_eq!(bits, JoinBits::default());
    }

    /// Groups of distinct candidates, some of them empty.
    fn groups() -> impl Strategy<Value = Vec<Vec<CandidateId>>> {
        (
            Just((0..300).map(CandidateId).collect::<Vec<_>>()).prop_shuffle(),
            prop::collection::vec(prop_oneof![8 => 0usize..5, 1 => 60usize..140], 0..40),
        )
            .prop_map(|(pool, sizes)| {
                let mut pool = pool.into_iter();
                sizes
                    .into_iter()
                    .map(|size| pool.by_ref().take(size).collect())
                    .collect()
            })
    }

    proptest! {
        /// The views read what the groups were, wherever the ranking starts in its bits.
        #[test]
        fn views_read_the_groups_they_were_built_from(
            before in groups(),
            groups in groups(),
            probe in 0usize..60,
        ) {
            let expected: Vec<Vec<CandidateId>> =
                groups.iter().filter(|g| !g.is_empty()).cloned().collect();
            let ranking = Ranking::from_groups(groups.clone());
            // The same ranking after another one in one set of bits, as in a profile.
            let mut all = Ranking::from_groups(before);
            let offset = all.candidates.len();
            all.candidates.extend_from_slice(ranking.candidates());
            all.joins.copy_groups(offset, ranking.view());
            let in_profile = RankingRef::new(&all.candidates[offset..], all.joins.starting_at(offset));

            for view in [ranking.view(), in_profile] {
                let read: Vec<Vec<CandidateId>> = view.groups().map(<[_]>::to_vec).collect();
                prop_assert_eq!(&read, &expected);
                prop_assert_eq!(view.len(), expected.len());
                prop_assert_eq!(view.groups().len(), expected.len());
                prop_assert_eq!(view.is_empty(), expected.is_empty());
                prop_assert_eq!(view.has_ties(), expected.iter().any(|g| g.len() > 1));
                prop_assert_eq!(view.candidates(), expected.concat());
                if probe < expected.len() {
                    prop_assert_eq!(view.group(probe), &expected[probe][..]);
                }
                prop_assert_eq!(view.groups().nth(probe), expected.get(probe).map(|g| &g[..]));
                prop_assert_eq!(view.to_ranking(), ranking.clone());
                prop_assert_eq!(view, ranking.view());
                prop_assert_eq!(
                    serde_json::to_string(&view).unwrap(),
                    serde_json::to_string(&ranking).unwrap()
                );
            }
            // The owned ranking reads the same through its own methods.
            prop_assert!(ranking.groups().eq(ranking.view().groups()));
            prop_assert_eq!(ranking.len(), expected.len());
            prop_assert_eq!(ranking.has_ties(), in_profile.has_ties());
            prop_assert_eq!(ranking.is_empty(), expected.is_empty());
            prop_assert_eq!(ranking.candidates(), in_profile.candidates());
            if probe < expected.len() {
                prop_assert_eq!(ranking.group(probe), &expected[probe][..]);
            }
            let sizes: Vec<usize> = expected.iter().map(Vec::len).collect();
            prop_assert_eq!(
                Ranking::from_group_sizes(expected.concat(), &sizes),
                Some(ranking.clone())
            );
            // Marking sizes sets the bits copying a ranking does, at any offset.
            let mut marked = JoinBits::default();
            marked.mark_sizes(offset, &sizes);
            let mut copied = JoinBits::default();
            copied.copy_groups(offset, ranking.view());
            prop_assert_eq!(marked, copied);
            let state = std::collections::hash_map::RandomState::new();
            prop_assert_eq!(state.hash_one(in_profile), state.hash_one(&ranking));
        }
    }
}
