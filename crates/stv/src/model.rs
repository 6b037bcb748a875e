//! The election model: candidates, rankings, weighted ballots, profiles and elections.
//!
//! These types are plain data with a documented serde form (see the crate docs and
//! `docs/election.schema.md`). They know nothing about files or counting rules.
//!
//! Owned [`Ranking`]s and [`Ballot`]s are for building; a [`Profile`] stores its ballots in a
//! few flat arrays and lends them out as [`BallotRef`]s and [`RankingRef`]s, which read like
//! the owned types.

use std::collections::HashMap;
use std::fmt;

use num_bigint::BigUint;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

mod profile;
mod ranking;

pub use profile::{Ballot, BallotIter, BallotRef, Ballots, Profile, ProfileBuilder};
pub use ranking::{Groups, Ranking, RankingRef};

/// Index of a candidate in [`Election::candidates`] (0-based).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CandidateId(pub u32);

impl CandidateId {
    /// The index as a `usize`, for indexing candidate-sized arrays.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl From<usize> for CandidateId {
    fn from(index: usize) -> Self {
        CandidateId(index as u32)
    }
}

/// A person standing for election.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    /// The name exactly as written in the input (used in every output).
    pub name: String,
    /// Party or slate, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party: Option<String>,
    /// Category tags such as `"women"`, used by seat constraints (`--min women=4`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

impl Candidate {
    /// A candidate with a name and nothing else.
    pub fn new(name: impl Into<String>) -> Self {
        Candidate {
            name: name.into(),
            party: None,
            tags: Vec::new(),
        }
    }

    /// Builder: add a category tag.
    pub fn with_tag(mut self, tag: impl Into<String>) -> Self {
        self.tags.push(tag.into());
        self
    }

    /// Builder: set the party.
    pub fn with_party(mut self, party: impl Into<String>) -> Self {
        self.party = Some(party.into());
        self
    }
}

/// How many voters cast one ranking: a non-negative integer of any size.
///
/// Serialised as a JSON number when it fits in a `u64`, otherwise as a decimal string;
/// both forms are accepted on input. Takes 16 bytes (a weight above `u64::MAX` lives on the
/// heap).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Weight(WeightRepr);

/// `Big` only ever holds numbers above `u64::MAX`, so the derived order is the numeric one.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum WeightRepr {
    Small(u64),
    Big(Box<BigUint>),
}

impl Weight {
    /// Weight zero.
    pub const ZERO: Weight = Weight(WeightRepr::Small(0));
    /// Weight one.
    pub const ONE: Weight = Weight(WeightRepr::Small(1));

    /// The weight as a `u64`, if it fits.
    pub fn to_u64(&self) -> Option<u64> {
        match &self.0 {
            WeightRepr::Small(n) => Some(*n),
            WeightRepr::Big(_) => None,
        }
    }

    /// The weight as an arbitrary-size integer.
    pub fn to_biguint(&self) -> BigUint {
        match &self.0 {
            WeightRepr::Small(n) => BigUint::from(*n),
            WeightRepr::Big(n) => BigUint::clone(n),
        }
    }

    /// Is this weight zero?
    pub fn is_zero(&self) -> bool {
        matches!(self.0, WeightRepr::Small(0))
    }

    /// Parse a decimal integer (digits only). Returns `None` for anything else.
    pub fn parse_decimal(text: &str) -> Option<Weight> {
        if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        if let Ok(n) = text.parse::<u64>() {
            return Some(Weight(WeightRepr::Small(n)));
        }
        BigUint::parse_bytes(text.as_bytes(), 10).map(Weight::from)
    }
}

impl From<u64> for Weight {
    fn from(n: u64) -> Self {
        Weight(WeightRepr::Small(n))
    }
}

impl From<BigUint> for Weight {
    fn from(n: BigUint) -> Self {
        match u64::try_from(&n) {
            Ok(small) => Weight(WeightRepr::Small(small)),
            Err(_) => Weight(WeightRepr::Big(Box::new(n))),
        }
    }
}

impl std::ops::Add for &Weight {
    type Output = Weight;
    fn add(self, other: &Weight) -> Weight {
        if let (WeightRepr::Small(a), WeightRepr::Small(b)) = (&self.0, &other.0) {
            if let Some(sum) = a.checked_add(*b) {
                return Weight::from(sum);
            }
        }
        Weight::from(self.to_biguint() + other.to_biguint())
    }
}

impl std::iter::Sum for Weight {
    fn sum<I: Iterator<Item = Weight>>(iter: I) -> Weight {
        iter.fold(Weight::ZERO, |acc, w| &acc + &w)
    }
}

impl fmt::Display for Weight {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            WeightRepr::Small(n) => write!(f, "{n}"),
            WeightRepr::Big(n) => write!(f, "{n}"),
        }
    }
}

impl fmt::Debug for Weight {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self}")
    }
}

impl Serialize for Weight {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            WeightRepr::Small(n) => serializer.serialize_u64(*n),
            WeightRepr::Big(n) => serializer.serialize_str(&n.to_string()),
        }
    }
}

impl<'de> Deserialize<'de> for Weight {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct WeightVisitor;
        impl serde::de::Visitor<'_> for WeightVisitor {
            type Value = Weight;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a non-negative integer weight (number or decimal string)")
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Weight, E> {
                Ok(Weight::from(v))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Weight, E> {
                u64::try_from(v)
                    .map(Weight::from)
                    .map_err(|_| E::custom(format!("weight must not be negative, got {v}")))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Weight, E> {
                Weight::parse_decimal(v).ok_or_else(|| {
                    E::custom(format!("weight must be a decimal integer, got {v:?}"))
                })
            }
        }
        deserializer.deserialize_any(WeightVisitor)
    }
}

/// A complete election: what a BLT file holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Election {
    /// Title of the election.
    #[serde(default)]
    pub title: String,
    /// Number of seats to fill.
    pub seats: usize,
    /// The candidates, in ballot-file order; [`CandidateId`] indexes this list.
    pub candidates: Vec<Candidate>,
    /// Withdrawn candidates: skipped on every ballot, never elected.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub withdrawn: Vec<CandidateId>,
    /// An explicit tie-break order (BLT `[tie ...]`), naming every candidate once: when a tie
    /// must be broken by lot, the tied candidate listed first is the one *chosen*, whatever
    /// the choice is for — elected, surplus transferred first, or **excluded**. So it is the
    /// order of a draw made in advance, not an order of favour (Droop.py reads `[tie]` this
    /// way: with `[tie 3 2 1]`, a tie between candidates 2 and 3 for exclusion excludes 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tie_order: Option<Vec<CandidateId>>,
    /// The ballots.
    pub ballots: Profile,
}

/// Something wrong with an election as a whole (not with the syntax of a file).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ElectionError {
    /// Zero seats.
    #[error("the election has 0 seats; at least 1 is needed")]
    NoSeats,
    /// More seats than candidates able to take them.
    #[error("{seats} seats but only {candidates} candidates who have not withdrawn")]
    TooFewCandidates {
        /// Seats to fill.
        seats: usize,
        /// Candidates who have not withdrawn.
        candidates: usize,
    },
    /// A ballot or list names a candidate index that does not exist.
    #[error("candidate index {index} is out of range (there are {candidates} candidates)")]
    CandidateOutOfRange {
        /// The index found.
        index: u32,
        /// Number of candidates.
        candidates: usize,
    },
    /// A ranking names the same candidate twice.
    #[error("a ranking names candidate {name:?} more than once")]
    RepeatedCandidate {
        /// The candidate's name.
        name: String,
    },
    /// Two candidates share a name, so outputs keyed by name would be ambiguous.
    #[error("two candidates are both named {name:?}")]
    DuplicateName {
        /// The shared name.
        name: String,
    },
}

impl Election {
    /// Look a candidate up by exact name.
    pub fn candidate_by_name(&self, name: &str) -> Option<CandidateId> {
        self.candidates
            .iter()
            .position(|c| c.name == name)
            .map(CandidateId::from)
    }

    /// The name of a candidate.
    pub fn name(&self, id: CandidateId) -> &str {
        &self.candidates[id.index()].name
    }

    /// Is this candidate withdrawn?
    pub fn is_withdrawn(&self, id: CandidateId) -> bool {
        self.withdrawn.contains(&id)
    }

    /// Check the invariants every counting rule relies on: at least one seat, no more seats
    /// than candidates, every index in range, no candidate twice in one ranking, unique names.
    pub fn validate(&self) -> Result<(), ElectionError> {
        let n = self.candidates.len();
        if self.seats == 0 {
            return Err(ElectionError::NoSeats);
        }
        let mut names = HashMap::new();
        for c in &self.candidates {
            if names.insert(c.name.as_str(), ()).is_some() {
                return Err(ElectionError::DuplicateName {
                    name: c.name.clone(),
                });
            }
        }
        let check = |id: &CandidateId| {
            if id.index() >= n {
                Err(ElectionError::CandidateOutOfRange {
                    index: id.0,
                    candidates: n,
                })
            } else {
                Ok(())
            }
        };
        self.withdrawn.iter().try_for_each(check)?;
        if let Some(order) = &self.tie_order {
            order.iter().try_for_each(check)?;
        }
        let mut seen = vec![false; n];
        for ballot in self.ballots.ballots() {
            for id in ballot.ranking.candidates() {
                check(id)?;
                if std::mem::replace(&mut seen[id.index()], true) {
                    return Err(ElectionError::RepeatedCandidate {
                        name: self.name(*id).to_owned(),
                    });
                }
            }
            for id in ballot.ranking.candidates() {
                seen[id.index()] = false;
            }
        }
        let standing = (0..n)
            .filter(|&i| !self.is_withdrawn(CandidateId::from(i)))
            .count();
        if self.seats > standing {
            return Err(ElectionError::TooFewCandidates {
                seats: self.seats,
                candidates: standing,
            });
        }
        Ok(())
    }
}

/// Candidate ids from their numbers, for tests.
#[cfg(test)]
fn ids(raw: &[u32]) -> Vec<CandidateId> {
    raw.iter().copied().map(CandidateId).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_weight_takes_16_bytes() {
        assert_eq!(size_of::<Weight>(), 16);
        let big = Weight::parse_decimal("123456789012345678901234567890").unwrap();
        assert!(big > Weight::from(u64::MAX) && Weight::from(u64::MAX) > Weight::ONE);
    }

    #[test]
    fn big_weights_round_trip_as_strings() {
        let w = Weight::parse_decimal("123456789012345678901234567890").unwrap();
        let json = serde_json::to_string(&w).unwrap();
        assert_eq!(json, "\"123456789012345678901234567890\"");
        assert_eq!(serde_json::from_str::<Weight>(&json).unwrap(), w);
        assert_eq!(
            &Weight::from(u64::MAX) + &Weight::ONE,
            Weight::parse_decimal("18446744073709551616").unwrap()
        );
    }
}
