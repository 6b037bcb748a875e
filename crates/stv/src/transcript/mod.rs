//! The record of a count: every stage, every total, every decision.
//!
//! A [`Transcript`] is the single source of truth for every rendering: its serde form *is* the
//! JSON output (`slatewise count --format json`), and [`Transcript::to_text`] and
//! [`Transcript::to_csv`] render the same data as a table. Numbers are decimal strings, already
//! rounded as the rule's arithmetic prescribes, so renderers never compute.

mod csv;
mod text;

use serde::{Deserialize, Serialize};

/// A complete count.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transcript {
    /// The rule preset's name (`"scottish"`, `"meek"`, ...).
    pub rule: String,
    /// What the rule is, with its parameters, in one line.
    pub rule_description: String,
    /// The number system used.
    pub arithmetic: String,
    /// The election's title.
    pub title: String,
    /// Seats filled.
    pub seats: usize,
    /// Candidate names, in input order.
    pub candidates: Vec<String>,
    /// Total value of valid (non-blank) ballots.
    pub valid_votes: String,
    /// The quota (for rules whose quota changes, its final value; see each stage's `quota`).
    pub quota: String,
    /// Elected candidates in order of election.
    pub elected: Vec<ElectedCandidate>,
    /// Excluded (defeated) candidates in order of exclusion.
    pub excluded: Vec<ExcludedCandidate>,
    /// The stages in count order; `stages[0]` is the first count.
    pub stages: Vec<Stage>,
    /// Value of exhausted (non-transferable) votes at the end.
    pub exhausted: String,
    /// Value lost to rounding at the end.
    pub rounding_loss: String,
    /// Every tie that had to be broken, and how.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ties: Vec<TieBreak>,
    /// The random seed used for ties broken by lot (recorded whether used or not).
    pub seed: u64,
    /// Notes about the rule or the count (e.g. unpublished variants, constraint exclusions).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// An elected candidate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ElectedCandidate {
    /// Name exactly as in the input.
    pub name: String,
    /// Index in the input (0-based).
    pub index: usize,
    /// Stage number (1-based) at which the candidate was elected.
    pub stage: usize,
}

/// An excluded candidate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExcludedCandidate {
    /// Name exactly as in the input.
    pub name: String,
    /// Index in the input (0-based).
    pub index: usize,
    /// Stage number (1-based) at which the candidate was excluded.
    pub stage: usize,
}

/// What happened at a stage.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// First preferences counted.
    FirstCount,
    /// A surplus transferred.
    Surplus,
    /// Ballots of excluded candidates transferred.
    Exclusion,
    /// One round of an iterative method (Meek, Warren): keep factors updated, then a decision.
    Iteration,
    /// Remaining seats filled by the continuing candidates, or the remaining candidates
    /// excluded, without a transfer.
    Completion,
}

impl Action {
    /// Lower-case name used in text and CSV output.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::FirstCount => "first_count",
            Action::Surplus => "surplus",
            Action::Exclusion => "exclusion",
            Action::Iteration => "iteration",
            Action::Completion => "completion",
        }
    }
}

/// A candidate's state at the end of a stage.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CandidateState {
    /// Still in the count, not elected.
    Hopeful,
    /// Elected.
    Elected,
    /// Excluded.
    Excluded,
    /// Withdrawn before the count.
    Withdrawn,
}

/// One stage of the count.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stage {
    /// 1-based stage number; stage 1 is the first count.
    pub number: usize,
    /// What the stage did.
    pub action: Action,
    /// Names of the candidates whose ballots were transferred (or, for completion, decided).
    pub candidates: Vec<String>,
    /// For a surplus: the transfer value (or the surplus fraction) applied.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transfer_value: Option<String>,
    /// One line saying what happened, for people.
    pub description: String,
    /// The quota at this stage.
    pub quota: String,
    /// Every candidate's total at the end of the stage, by name, in input order.
    pub tallies: NamedValues,
    /// Every candidate's state at the end of the stage, in input order.
    pub states: Vec<CandidateState>,
    /// Keep factors at the end of the stage (Meek and Warren only), by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keep_factors: Option<NamedValues>,
    /// Exhausted (non-transferable) value so far.
    pub exhausted: String,
    /// Value lost to rounding so far.
    pub rounding_loss: String,
    /// Candidates elected at this stage, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub elected: Vec<String>,
    /// Candidates excluded at this stage.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub excluded: Vec<String>,
    /// Explanations: ties broken, constraint exclusions, deferred surpluses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// How a tie was broken.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TieBreak {
    /// Stage at which it was broken.
    pub stage: usize,
    /// What the tie was about: `"exclusion"`, `"surplus order"`, `"election"`.
    pub about: String,
    /// The tied candidates.
    pub candidates: Vec<String>,
    /// The one chosen (to exclude, to transfer first, to elect).
    pub chosen: String,
    /// How: `"countback"` (earlier stage), `"tie order"` (the input's `[tie]` list) or `"lot"`
    /// (a seeded random draw; the seed is [`Transcript::seed`]).
    pub method: String,
}

/// An ordered list of `(name, decimal)` pairs, serialised as a JSON object in that order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NamedValues(pub Vec<(String, String)>);

impl NamedValues {
    /// The value for a name.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Iterate over `(name, value)` pairs in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }
}

impl Serialize for NamedValues {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, value) in &self.0 {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for NamedValues {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = NamedValues;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object from names to decimal strings")
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(
                self,
                mut map: M,
            ) -> Result<NamedValues, M::Error> {
                let mut pairs = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, String>()? {
                    pairs.push((k, v));
                }
                Ok(NamedValues(pairs))
            }
        }
        deserializer.deserialize_map(Visitor)
    }
}

impl Transcript {
    /// The names of the elected candidates, in order of election.
    pub fn winners(&self) -> Vec<&str> {
        self.elected.iter().map(|e| e.name.as_str()).collect()
    }

    /// The transcript as pretty-printed JSON (one object).
    pub fn to_json(&self) -> String {
        // Serialising plain strings, numbers and maps cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}
