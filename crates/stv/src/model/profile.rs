//! Ballots and profiles: the owned [`Ballot`], and [`Profile`], which keeps every ballot in a
//! few flat arrays and hands out borrowed views ([`Ballots`], [`BallotRef`]).
//!
//! A profile of 100,000 rankings of 20 candidates takes about 10 MB: four bytes per
//! candidate mentioned, one bit per candidate for equal ranks (none when no ballot has
//! any), 16 bytes per weight and 8 per ballot for where its ranking ends. There is no
//! allocation per ballot.

use std::fmt;
use std::hash::BuildHasher;
use std::iter::FusedIterator;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::ranking::{JoinBits, Ranking, RankingRef, sizes_fit};
use super::{CandidateId, Weight};
use crate::hash::FastState;

/// A ranking cast by `weight` voters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ballot {
    /// How many voters cast this ranking.
    pub weight: Weight,
    /// Their order of preference.
    pub ranking: Ranking,
}

impl Ballot {
    /// A ballot with the given weight and ranking.
    pub fn new(weight: impl Into<Weight>, ranking: Ranking) -> Self {
        Ballot {
            weight: weight.into(),
            ranking,
        }
    }

    /// A borrowed view.
    pub fn view(&self) -> BallotRef<'_> {
        BallotRef {
            weight: &self.weight,
            ranking: self.ranking.view(),
        }
    }
}

/// A borrowed ballot: one of a [`Profile`]'s ([`Profile::ballots`]), or a view of a
/// [`Ballot`] ([`Ballot::view`]). Serialised like a [`Ballot`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct BallotRef<'a> {
    /// How many voters cast this ranking.
    pub weight: &'a Weight,
    /// Their order of preference.
    pub ranking: RankingRef<'a>,
}

impl BallotRef<'_> {
    /// An owned copy.
    pub fn to_ballot(self) -> Ballot {
        Ballot {
            weight: self.weight.clone(),
            ranking: self.ranking.to_ranking(),
        }
    }
}

impl<'a> From<&'a Ballot> for BallotRef<'a> {
    fn from(ballot: &'a Ballot) -> Self {
        ballot.view()
    }
}

impl PartialEq<Ballot> for BallotRef<'_> {
    fn eq(&self, other: &Ballot) -> bool {
        *self == other.view()
    }
}

impl PartialEq<BallotRef<'_>> for Ballot {
    fn eq(&self, other: &BallotRef<'_>) -> bool {
        self.view() == *other
    }
}

/// The ballots of an election, stored as distinct rankings with their weights.
///
/// Building a profile with [`Profile::from_ballots`] or a [`ProfileBuilder`] merges equal
/// rankings (keeping the order in which each ranking first appeared), so counting cost depends
/// on the number of distinct rankings, not the number of voters.
///
/// The ballots live in a few flat arrays (no allocation per ballot); [`Profile::ballots`]
/// reads them:
///
/// ```
/// use slatewise_stv::{Ballot, CandidateId, Profile, Ranking};
///
/// let (a, b, c) = (CandidateId(0), CandidateId(1), CandidateId(2));
/// let profile = Profile::from_ballots([
///     Ballot::new(3, Ranking::strict(vec![a, b])),
///     Ballot::new(2, Ranking::from_groups([vec![c], vec![a, b]])),
///     Ballot::new(4, Ranking::strict(vec![a, b])),
/// ]);
/// assert_eq!(profile.len(), 2);
/// let first = profile.ballots().get(0).unwrap();
/// assert_eq!(first.weight.to_u64(), Some(7));
/// assert_eq!(first.ranking.candidates(), &[a, b]);
/// for ballot in &profile.ballots() {
///     assert!(ballot.ranking.group(0).len() == 1);
/// }
/// ```
///
/// Serialised as a JSON array of ballots, `[{"weight": 7, "ranking": [0, 1]}, ...]`.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Profile {
    /// The weight of each ballot.
    weights: Vec<Weight>,
    /// Every ballot's candidates, one ballot after another.
    candidates: Vec<CandidateId>,
    /// One past the end of each ballot's candidates in `candidates`.
    ends: Vec<usize>,
    /// Which entries of `candidates` are ranked equal to the one before them.
    joins: JoinBits,
}

impl Profile {
    /// Merge ballots with equal rankings, dropping zero weights (see [`ProfileBuilder`]).
    ///
    /// ```
    /// use slatewise_stv::{Ballot, CandidateId, Profile, Ranking};
    ///
    /// let a = Ranking::strict(vec![CandidateId(0)]);
    /// let b = Ranking::strict(vec![CandidateId(1)]);
    /// let profile =
    ///     Profile::from_ballots([Ballot::new(2, a.clone()), Ballot::new(0, b), Ballot::new(3, a.clone())]);
    /// assert_eq!(profile.ballots().to_vec(), [Ballot::new(5, a)]);
    /// ```
    pub fn from_ballots(ballots: impl IntoIterator<Item = Ballot>) -> Self {
        let mut builder = ProfileBuilder::new();
        for ballot in ballots {
            builder.push(ballot.weight, ballot.ranking.view());
        }
        builder.finish()
    }

    /// Keep the ballots exactly as given (no merging). Zero weights are kept too.
    pub fn from_ballots_unmerged(ballots: impl IntoIterator<Item = Ballot>) -> Self {
        let mut profile = Profile::default();
        for ballot in ballots {
            profile.push_unmerged(ballot.weight, ballot.ranking.view());
        }
        profile.shrink_to_fit();
        profile
    }

    /// Add a ballot at the end exactly as given: not merged with an equal ranking, and kept
    /// even with weight zero (as [`Profile::from_ballots_unmerged`] does).
    ///
    /// ```
    /// use slatewise_stv::{CandidateId, Profile, RankingRef, Weight};
    ///
    /// let mut profile = Profile::default();
    /// let mut order = Vec::new();
    /// for first in 0..3 {
    ///     order.clear();
    ///     order.extend([CandidateId(first), CandidateId(3)]);
    ///     profile.push_unmerged(Weight::ONE, RankingRef::strict(&order));
    /// }
    /// assert_eq!(profile.len(), 3);
    /// ```
    pub fn push_unmerged(&mut self, weight: Weight, ranking: RankingRef<'_>) {
        self.append_ranking(ranking);
        self.end_ballot(weight);
    }

    /// The distinct ballots: a cheap view to index or iterate.
    pub fn ballots(&self) -> Ballots<'_> {
        Ballots { profile: self }
    }

    /// Number of distinct rankings.
    pub fn len(&self) -> usize {
        self.weights.len()
    }

    /// No ballots at all?
    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }

    /// Total weight (number of voters), blank ballots included.
    pub fn total_weight(&self) -> Weight {
        self.weights.iter().cloned().sum()
    }

    /// Where the candidates of ballot `i` start.
    fn start(&self, i: usize) -> usize {
        i.checked_sub(1).map_or(0, |before| self.ends[before])
    }

    /// The ranking of ballot `i`.
    fn ranking(&self, i: usize) -> RankingRef<'_> {
        let start = self.start(i);
        RankingRef::new(
            &self.candidates[start..self.ends[i]],
            self.joins.starting_at(start),
        )
    }

    /// Ballot `i`.
    fn ballot(&self, i: usize) -> BallotRef<'_> {
        BallotRef {
            weight: &self.weights[i],
            ranking: self.ranking(i),
        }
    }

    /// Add the candidates of a ballot at the end: [`Profile::end_ballot`] makes them a
    /// ballot, [`Profile::drop_tail`] removes them.
    fn append_ranking(&mut self, ranking: RankingRef<'_>) {
        let offset = self.candidates.len();
        self.candidates.extend_from_slice(ranking.candidates());
        self.joins.copy_groups(offset, ranking);
    }

    /// Make the candidates after the last ballot a ballot of this weight.
    fn end_ballot(&mut self, weight: Weight) {
        self.weights.push(weight);
        self.ends.push(self.candidates.len());
    }

    /// The candidates after the last ballot, as a ranking.
    fn tail(&self) -> RankingRef<'_> {
        let start = self.ends.last().copied().unwrap_or(0);
        RankingRef::new(&self.candidates[start..], self.joins.starting_at(start))
    }

    /// Remove the candidates after the last ballot.
    fn drop_tail(&mut self) {
        let start = self.ends.last().copied().unwrap_or(0);
        self.candidates.truncate(start);
        self.joins.truncate(start);
    }

    fn shrink_to_fit(&mut self) {
        self.weights.shrink_to_fit();
        self.candidates.shrink_to_fit();
        self.ends.shrink_to_fit();
        self.joins.shrink_to_fit();
    }

    /// Bytes allocated on the heap (big weights' own allocations left out).
    #[cfg(test)]
    fn heap_bytes(&self) -> usize {
        self.weights.capacity() * size_of::<Weight>()
            + self.candidates.capacity() * size_of::<CandidateId>()
            + self.ends.capacity() * size_of::<usize>()
            + self.joins.heap_bytes()
    }
}

impl fmt::Debug for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Profile")
            .field("ballots", &self.ballots())
            .finish()
    }
}

impl Serialize for Profile {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.ballots())
    }
}

impl<'de> Deserialize<'de> for Profile {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ProfileVisitor;
        impl<'de> serde::de::Visitor<'de> for ProfileVisitor {
            type Value = Profile;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a sequence")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Profile, A::Error> {
                let mut profile = Profile::default();
                let ballots = seq.size_hint().unwrap_or(0).min(4096);
                profile.weights.reserve(ballots);
                profile.ends.reserve(ballots);
                while let Some(ballot) = seq.next_element::<Ballot>()? {
                    profile.push_unmerged(ballot.weight, ballot.ranking.view());
                }
                profile.shrink_to_fit();
                Ok(profile)
            }
        }
        deserializer.deserialize_seq(ProfileVisitor)
    }
}

/// The ballots of a [`Profile`], from [`Profile::ballots`]: a cheap, copyable view whose
/// items are [`BallotRef`]s.
#[derive(Clone, Copy)]
pub struct Ballots<'a> {
    profile: &'a Profile,
}

impl<'a> Ballots<'a> {
    /// Number of ballots (distinct rankings).
    pub fn len(self) -> usize {
        self.profile.len()
    }

    /// No ballots at all?
    pub fn is_empty(self) -> bool {
        self.profile.is_empty()
    }

    /// Ballot `i`, or `None` if `i` is not less than [`len`](Self::len).
    pub fn get(self, i: usize) -> Option<BallotRef<'a>> {
        (i < self.len()).then(|| self.profile.ballot(i))
    }

    /// The ballots in order.
    pub fn iter(self) -> BallotIter<'a> {
        BallotIter {
            profile: self.profile,
            front: 0,
            back: self.len(),
        }
    }

    /// Owned copies of every ballot.
    pub fn to_vec(self) -> Vec<Ballot> {
        self.iter().map(BallotRef::to_ballot).collect()
    }
}

impl<'a> IntoIterator for Ballots<'a> {
    type Item = BallotRef<'a>;
    type IntoIter = BallotIter<'a>;
    fn into_iter(self) -> BallotIter<'a> {
        self.iter()
    }
}

impl<'a> IntoIterator for &Ballots<'a> {
    type Item = BallotRef<'a>;
    type IntoIter = BallotIter<'a>;
    fn into_iter(self) -> BallotIter<'a> {
        self.iter()
    }
}

impl fmt::Debug for Ballots<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// An iterator over the ballots of a [`Profile`]: see [`Ballots::iter`].
#[derive(Clone)]
pub struct BallotIter<'a> {
    profile: &'a Profile,
    /// The next ballot from the front.
    front: usize,
    /// One past the next ballot from the back.
    back: usize,
}

impl<'a> Iterator for BallotIter<'a> {
    type Item = BallotRef<'a>;

    #[inline]
    fn next(&mut self) -> Option<BallotRef<'a>> {
        (self.front < self.back).then(|| {
            self.front += 1;
            self.profile.ballot(self.front - 1)
        })
    }

    fn nth(&mut self, n: usize) -> Option<BallotRef<'a>> {
        self.front = self.front.saturating_add(n).min(self.back);
        self.next()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let len = self.back - self.front;
        (len, Some(len))
    }
}

impl DoubleEndedIterator for BallotIter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        (self.front < self.back).then(|| {
            self.back -= 1;
            self.profile.ballot(self.back)
        })
    }
}

impl ExactSizeIterator for BallotIter<'_> {}

impl FusedIterator for BallotIter<'_> {}

/// Builds a [`Profile`] ballot by ballot without allocating per ballot, merging each ranking
/// into an equal one pushed before (the merged ballot keeps the place where its ranking first
/// appeared) and leaving out zero weights. [`Profile::from_ballots`] uses it; file readers
/// push the rankings they read straight from their buffers.
///
/// ```
/// use slatewise_stv::{Ballot, CandidateId, ProfileBuilder, Ranking, Weight};
///
/// let (a, b, c) = (CandidateId(0), CandidateId(1), CandidateId(2));
/// let mut builder = ProfileBuilder::new();
/// builder.push_grouped(Weight::from(3), &[a, b, c], &[1, 2]); // a, then b = c
/// builder.push_grouped(Weight::from(1), &[c], &[1]);
/// builder.push_grouped(Weight::ZERO, &[b], &[1]); // left out
/// let again = Ranking::from_groups([vec![a], vec![b, c]]);
/// builder.push(Weight::from(2), again.view()); // merged into the first
/// let profile = builder.finish();
/// assert_eq!(
///     profile.ballots().to_vec(),
///     [Ballot::new(5, again), Ballot::new(1, Ranking::strict(vec![c]))]
/// );
/// ```
#[derive(Default)]
pub struct ProfileBuilder {
    profile: Profile,
    index: RankingIndex,
}

impl ProfileBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        ProfileBuilder::default()
    }

    /// An empty builder with room for about `ballots` distinct rankings.
    pub fn with_capacity(ballots: usize) -> Self {
        let mut builder = ProfileBuilder::new();
        builder.profile.weights.reserve(ballots);
        builder.profile.ends.reserve(ballots);
        builder.index.reserve(ballots);
        builder
    }

    /// Add `weight` voters who cast `ranking`. Nothing is added for weight zero.
    pub fn push(&mut self, weight: Weight, ranking: RankingRef<'_>) {
        if !weight.is_zero() {
            self.profile.append_ranking(ranking);
            self.merge_tail(weight);
        }
    }

    /// Add `weight` voters who ranked `candidates`, in order, in groups of `group_sizes`
    /// candidates ranked equal: `&[1, 2]` ranks the first candidate, then the other two equal
    /// (as [`Ranking::from_group_sizes`]). Nothing is added for weight zero.
    ///
    /// # Panics
    ///
    /// If a size is 0 or the sizes do not add up to the number of candidates.
    pub fn push_grouped(
        &mut self,
        weight: Weight,
        candidates: &[CandidateId],
        group_sizes: &[usize],
    ) {
        assert!(
            sizes_fit(candidates.len(), group_sizes),
            "group sizes {group_sizes:?} do not cut {} candidates into groups",
            candidates.len()
        );
        if !weight.is_zero() {
            let offset = self.profile.candidates.len();
            self.profile.candidates.extend_from_slice(candidates);
            self.profile.joins.mark_sizes(offset, group_sizes);
            self.merge_tail(weight);
        }
    }

    /// Number of distinct rankings so far.
    pub fn len(&self) -> usize {
        self.profile.len()
    }

    /// Nothing added yet?
    pub fn is_empty(&self) -> bool {
        self.profile.is_empty()
    }

    /// The profile of every ballot added.
    pub fn finish(mut self) -> Profile {
        self.profile.shrink_to_fit();
        self.profile
    }

    /// Make the candidates just appended to the profile a ballot of `weight`, or add `weight`
    /// to an earlier ballot with that ranking and drop them.
    fn merge_tail(&mut self, weight: Weight) {
        let profile = &mut self.profile;
        let hash = self.index.hash(profile.tail());
        match self
            .index
            .find(hash, |i| profile.ranking(i) == profile.tail())
        {
            Ok(i) => {
                profile.weights[i] = &profile.weights[i] + &weight;
                profile.drop_tail();
            }
            Err(slot) => {
                self.index
                    .insert(slot, hash, profile.len(), |i| profile.ranking(i));
                profile.end_ballot(weight);
            }
        }
    }
}

/// Ballot indices by ranking, for [`ProfileBuilder`]: an open-addressing table with linear
/// probing that stores no keys (the rankings are in the profile) but the top byte of each
/// key's hash next to its ballot, so that a probe rarely compares two rankings that differ.
/// It holds every ballot of the profile being built.
#[derive(Default)]
struct RankingIndex {
    /// In each full slot, a ballot index plus one in the low [`INDEX_BITS`] bits and the top
    /// byte of its ranking's hash above them; 0 in empty slots.
    slots: Vec<u64>,
    /// Full slots.
    len: usize,
    /// Seeds the hash.
    state: FastState,
}

/// Bits of a slot holding a ballot index. A profile of 2^56 ballots would need 2^60 bytes
/// for its weights alone, so every index fits.
const INDEX_BITS: u32 = 56;

/// The index bits of a slot.
const INDEX_MASK: u64 = (1 << INDEX_BITS) - 1;

impl RankingIndex {
    fn hash(&self, ranking: RankingRef<'_>) -> u64 {
        self.state.hash_one(ranking)
    }

    /// The ballot among those `is_match` for, or the empty slot where it would go.
    fn find(&self, hash: u64, is_match: impl Fn(usize) -> bool) -> Result<usize, usize> {
        let mask = self.slots.len().wrapping_sub(1);
        let tag = hash >> INDEX_BITS << INDEX_BITS;
        let mut at = hash as usize & mask;
        loop {
            match self.slots.get(at) {
                None | Some(0) => return Err(at),
                Some(&full) if full & !INDEX_MASK == tag => {
                    let ballot = (full & INDEX_MASK) as usize - 1;
                    if is_match(ballot) {
                        return Ok(ballot);
                    }
                }
                Some(_) => {}
            }
            at = (at + 1) & mask;
        }
    }

    /// Put `ballot`, whose ranking hashes to `hash`, in `slot` (from [`RankingIndex::find`]),
    /// growing the table if it is three quarters full (which needs the ranking of every ballot
    /// already in).
    fn insert<'r>(
        &mut self,
        slot: usize,
        hash: u64,
        ballot: usize,
        ranking: impl Fn(usize) -> RankingRef<'r>,
    ) {
        if 4 * (self.len + 1) > 3 * self.slots.len() {
            self.grow(self.len + 1, ranking);
            self.place(hash, ballot);
        } else {
            self.slots[slot] = slot_value(hash, ballot);
        }
        self.len += 1;
    }

    /// Make room for `ballots` ballots in all, before any is added.
    fn reserve(&mut self, ballots: usize) {
        debug_assert_eq!(self.len, 0);
        self.resize(ballots);
    }

    fn resize(&mut self, ballots: usize) {
        let size = (ballots.saturating_mul(4) / 3 + 1)
            .next_power_of_two()
            .max(16);
        self.slots = vec![0; size];
    }

    /// Resize for `ballots` ballots, putting back those in now (ballots `0..self.len`, read
    /// in order: their rankings lie in that order in memory).
    fn grow<'r>(&mut self, ballots: usize, ranking: impl Fn(usize) -> RankingRef<'r>) {
        self.resize(ballots);
        for ballot in 0..self.len {
            self.place(self.hash(ranking(ballot)), ballot);
        }
    }

    /// Put a ballot known to be absent in the first empty slot for its hash.
    fn place(&mut self, hash: u64, ballot: usize) {
        let slot = self.find(hash, |_| false).unwrap_err();
        self.slots[slot] = slot_value(hash, ballot);
    }
}

/// The slot of `ballot`, whose ranking hashes to `hash`.
fn slot_value(hash: u64, ballot: usize) -> u64 {
    let index = ballot as u64 + 1;
    assert!(index <= INDEX_MASK, "more than 2^56 ballots");
    hash >> INDEX_BITS << INDEX_BITS | index
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ids;
    use proptest::prelude::*;

    #[test]
    fn profile_merges_equal_rankings_and_drops_zero_weights() {
        let a = Ranking::strict(ids(&[0]));
        let b = Ranking::strict(ids(&[1]));
        let p = Profile::from_ballots([
            Ballot::new(2, a.clone()),
            Ballot::new(0, b.clone()),
            Ballot::new(3, a.clone()),
        ]);
        assert_eq!(p.ballots().to_vec(), [Ballot::new(5, a.clone())]);
        let kept = Profile::from_ballots_unmerged([Ballot::new(0, b.clone()), Ballot::new(2, a)]);
        assert_eq!(kept.len(), 2);
        assert_eq!(kept.ballots().get(0).unwrap(), Ballot::new(0, b));
        assert!(kept.ballots().get(2).is_none());
    }

    #[test]
    fn merging_a_repeat_far_from_an_equal_ranking_keeps_it() {
        // A tie at candidate 4, strict ballots up to candidate 65, then a repeat: dropping
        // the repeat's copy from candidate 65 on must not touch the bits below (it once
        // masked the last stored word as if it held bit 65, losing the tie).
        let tied = Ranking::from_groups([ids(&[3, 4])]);
        let mut ballots = vec![
            Ballot::new(1, Ranking::strict(ids(&[0, 1, 2]))),
            Ballot::new(1, tied.clone()),
        ];
        for b in 0..12u32 {
            ballots.push(Ballot::new(
                1,
                Ranking::strict(ids(&[b, b + 1, b + 2, b + 3, 99])),
            ));
        }
        ballots.push(Ballot::new(1, Ranking::strict(ids(&[0, 1, 2]))));
        let p = Profile::from_ballots(ballots);
        assert_eq!(p.len(), 14);
        assert_eq!(p.ballots().get(1).unwrap(), Ballot::new(1, tied));
        assert_eq!(*p.ballots().get(0).unwrap().weight, Weight::from(2u64));
    }

    #[test]
    fn a_profile_takes_about_4_bytes_per_candidate() {
        // 10,000 distinct rankings of 20 candidates in 11 groups, as in the 100k perf file.
        let sizes = [2, 3, 3, 1, 1, 1, 2, 1, 4, 1, 1];
        let mut builder = ProfileBuilder::new();
        for i in 0..10_000usize {
            // Permutation number i of the 20 candidates.
            let mut pool: Vec<CandidateId> = (0..20).map(CandidateId).collect();
            let mut rest = i;
            let candidates: Vec<CandidateId> = (0..20)
                .map(|taken| {
                    let pick = rest % (20 - taken);
                    rest /= 20 - taken;
                    pool.remove(pick)
                })
                .collect();
            builder.push_grouped(Weight::from(i as u64 % 7 + 1), &candidates, &sizes);
        }
        let profile = builder.finish();
        assert_eq!(profile.len(), 10_000);
        // Per ballot: 20 candidates × 4 bytes, 20 bits, a 16-byte weight, an 8-byte end.
        let per_ballot = 20 * 4 + 20 / 8 + 1 + 16 + size_of::<usize>();
        assert!(
            profile.heap_bytes() <= 10_000 * per_ballot,
            "{} bytes for 10,000 ballots",
            profile.heap_bytes()
        );
        let strict = Profile::from_ballots(profile.ballots().iter().map(|b| {
            Ballot::new(
                b.weight.clone(),
                Ranking::strict(b.ranking.candidates().to_vec()),
            )
        }));
        assert_eq!(strict.joins.heap_bytes(), 0, "strict rankings need no bits");
    }

    #[test]
    fn json_is_an_array_of_ballots() {
        let profile = Profile::from_ballots([
            Ballot::new(2, Ranking::from_groups([ids(&[0]), ids(&[1, 2])])),
            Ballot::new(
                Weight::parse_decimal("123456789012345678901234567890").unwrap(),
                Ranking::default(),
            ),
        ]);
        let json = serde_json::to_string(&profile).unwrap();
        assert_eq!(
            json,
            r#"[{"weight":2,"ranking":[0,[1,2]]},{"weight":"123456789012345678901234567890","ranking":[]}]"#
        );
        assert_eq!(serde_json::from_str::<Profile>(&json).unwrap(), profile);
        let zero: Profile = serde_json::from_str(r#"[{"weight":0,"ranking":[1]}]"#).unwrap();
        assert_eq!(zero.len(), 1, "reading JSON keeps zero weights, as written");
        let err = serde_json::from_str::<Profile>(r#"{"weight":1}"#).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("invalid type: map, expected a sequence")
        );
    }

    /// Ballots with rankings drawn from a small pool, so that many repeat.
    fn ballots() -> impl Strategy<Value = Vec<Ballot>> {
        let ranking = prop::sample::select(vec![
            Ranking::default(),
            Ranking::strict(ids(&[0])),
            Ranking::strict(ids(&[0, 1])),
            Ranking::from_groups([ids(&[0, 1])]),
            Ranking::from_groups([ids(&[1, 0])]),
            Ranking::from_groups([ids(&[0]), ids(&[1, 2])]),
            Ranking::from_groups([ids(&[0, 1]), ids(&[2])]),
            Ranking::strict(ids(&[0, 1, 2])),
            Ranking::strict(ids(&[2, 1, 0])),
        ]);
        prop::collection::vec((0u64..4, ranking), 0..40).prop_map(|ballots| {
            ballots
                .into_iter()
                .map(|(w, r)| Ballot::new(w, r))
                .collect()
        })
    }

    /// What merging means, written the slow way.
    fn merged_naively(ballots: &[Ballot]) -> Vec<Ballot> {
        let mut merged: Vec<Ballot> = Vec::new();
        for ballot in ballots.iter().filter(|b| !b.weight.is_zero()) {
            match merged.iter_mut().find(|m| m.ranking == ballot.ranking) {
                Some(m) => m.weight = &m.weight + &ballot.weight,
                None => merged.push(ballot.clone()),
            }
        }
        merged
    }

    proptest! {
        #[test]
        fn the_builder_merges_as_the_definition_says(ballots in ballots()) {
            let expected = merged_naively(&ballots);
            let profile = Profile::from_ballots(ballots.clone());
            prop_assert_eq!(profile.ballots().to_vec(), expected.clone());
            // However it is built, the same ballots make an equal profile.
            prop_assert_eq!(&profile, &Profile::from_ballots_unmerged(expected.clone()));
            let mut by_sizes = ProfileBuilder::with_capacity(2);
            for ballot in &ballots {
                let sizes: Vec<usize> = ballot.ranking.groups().map(<[_]>::len).collect();
                by_sizes.push_grouped(ballot.weight.clone(), ballot.ranking.candidates(), &sizes);
            }
            prop_assert_eq!(by_sizes.len(), expected.len());
            prop_assert_eq!(&by_sizes.finish(), &profile);
            let json = serde_json::to_string(&profile).unwrap();
            prop_assert_eq!(&json, &serde_json::to_string(&expected).unwrap());
            prop_assert_eq!(&serde_json::from_str::<Profile>(&json).unwrap(), &profile);

            let view = profile.ballots();
            prop_assert_eq!(view.len(), expected.len());
            prop_assert_eq!(view.is_empty(), expected.is_empty());
            prop_assert_eq!(view.iter().len(), expected.len());
            for (i, ballot) in view.iter().enumerate() {
                prop_assert_eq!(ballot, expected[i].clone());
                prop_assert_eq!(view.get(i), Some(ballot));
            }
            let backwards: Vec<Ballot> = view.iter().rev().map(BallotRef::to_ballot).collect();
            prop_assert!(backwards.iter().eq(expected.iter().rev()));
            prop_assert_eq!(profile.total_weight(), expected.iter().map(|b| b.weight.clone()).sum());
        }
    }

    #[test]
    fn the_index_grows_and_finds_every_ranking_again() {
        let mut builder = ProfileBuilder::new();
        for _ in 0..2 {
            for i in 0..1000u32 {
                builder.push_grouped(Weight::ONE, &ids(&[i % 10, i / 10 + 10]), &[1, 1]);
            }
        }
        let profile = builder.finish();
        assert_eq!(profile.len(), 1000);
        assert!(
            profile
                .ballots()
                .iter()
                .all(|b| b.weight.to_u64() == Some(2))
        );
    }
}
