//! The plain data of a slate file: candidates, regions, orders and membership figures.
//!
//! These types are what the JSON says, field for field (see the schema in the crate docs).
//! They check nothing on their own; [`Guide::new`](crate::Guide::new) validates them together
//! and puts every name in its canonical spelling.

use serde::{Deserialize, Serialize};

/// A candidate's gender, where a gender rule (e.g. seats reserved for women) needs it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Gender {
    /// A woman.
    Woman,
    /// A man.
    Man,
    /// Neither.
    NonBinary,
}

/// One candidate of a slate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Candidate {
    /// The name as it appears on the ballot, e.g. "Yasmine Dar".
    pub name: String,
    /// The candidate's gender, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
}

impl Candidate {
    /// A candidate with a name and no recorded gender.
    pub fn new(name: impl Into<String>) -> Candidate {
        Candidate {
            name: name.into(),
            gender: None,
        }
    }
}

/// The candidates a faction asks its supporters to rank, in no particular order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Slate {
    /// The slate's name, e.g. "Grassroots Voice (#GV6)".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The candidates; their order here is the order of rows in designs and tables.
    pub candidates: Vec<Candidate>,
}

impl Slate {
    /// A nameless slate of candidates called `names`.
    pub fn from_names<S: Into<String>>(names: impl IntoIterator<Item = S>) -> Slate {
        Slate {
            name: None,
            candidates: names.into_iter().map(Candidate::new).collect(),
        }
    }

    /// The number of candidates.
    pub fn len(&self) -> usize {
        self.candidates.len()
    }

    /// Whether the slate has no candidates (a valid [`Guide`](crate::Guide) never does).
    pub fn is_empty(&self) -> bool {
        self.candidates.is_empty()
    }

    /// The candidates' names, in slate order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.candidates.iter().map(|c| c.name.as_str())
    }

    /// The position in the slate of the candidate with exactly this (canonical) name.
    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.candidates.iter().position(|c| c.name == name)
    }
}

/// A region: a set of members who all receive the same recommended order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Region {
    /// A stable identifier and URL slug, e.g. `"north-and-east-london"`. When a slate file leaves
    /// it out (or empty) it is made from the name.
    #[serde(default)]
    pub id: String,
    /// The display name, e.g. "North & East London".
    pub name: String,
    /// Other names members use for it, e.g. "NE London"; matched as forgivingly as the name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
}

impl Region {
    /// A region called `name`, with an id made from the name and no aliases.
    pub fn new(name: impl Into<String>) -> Region {
        let name = name.into();
        Region {
            id: crate::names::slug(&name),
            name,
            aliases: Vec::new(),
        }
    }
}

/// One recommended order and the regions asked to follow it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrderGroup {
    /// A short label for the group, e.g. "A".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The regions, by id (a slate file may use any name or alias; validation writes ids).
    pub regions: Vec<String>,
    /// Every candidate of the slate exactly once, first preference first.
    pub order: Vec<String>,
}

/// A full recommendation: the groups of regions, each with one order of the whole slate.
///
/// In JSON this is simply the list of groups.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Recommendation {
    /// The groups, in the order they were published or designed.
    pub groups: Vec<OrderGroup>,
}

/// Membership (or supporter) counts per region, with where they come from.
///
/// The 2020 #GV6 figures are estimates: internal party figures reported in January 2018, with
/// Greater London given as one figure for three regions and about 5,300 members (Northern
/// Ireland, abroad, unassigned) not broken down at all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Membership {
    /// Whether the figures are estimates rather than counts.
    pub estimate: bool,
    /// Where the figures come from, e.g. "internal figures reported January 2018".
    pub source: String,
    /// The stated total, when it is more than the sum of the figures (see `remainder`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<u64>,
    /// The figures; one may cover several regions, shared evenly between them.
    pub figures: Vec<MembershipFigure>,
    /// Regions that share, evenly, what the total leaves after the figures.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub remainder: Vec<String>,
}

/// One membership figure: an area, the regions it covers, and its count.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MembershipFigure {
    /// The area as the source names it, e.g. "Greater London".
    pub area: String,
    /// The regions (ids) the figure covers, shared evenly.
    pub regions: Vec<String>,
    /// The number of members.
    pub members: u64,
}
