//! The one error type of the crate. Every message is a single line meant for a member reading it
//! in a terminal or on a web page: it names the thing that is wrong and, where it can, what was
//! probably meant.

use std::fmt;

/// Everything that can go wrong when loading, looking up, analysing or designing slate orders.
///
/// The `Display` of every variant is one line with no trailing period, e.g.
/// `unknown region "Sout Wst"; did you mean: South West, South East?`.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum SlateError {
    /// The JSON of a slate file could not be parsed (the message carries line and column).
    #[error("invalid slate file: {0}")]
    Json(String),
    /// The slate has no candidates.
    #[error("the slate has no candidates")]
    EmptySlate,
    /// The guide has no regions.
    #[error("the slate file lists no regions")]
    NoRegions,
    /// A name (of a candidate or region) is empty or has no letters or digits.
    #[error("empty {kind} name")]
    EmptyName {
        /// "candidate" or "region".
        kind: &'static str,
    },
    /// Two candidates of the slate have the same (or indistinguishable) names.
    #[error("candidate \"{0}\" is listed twice in the slate")]
    DuplicateCandidate(String),
    /// Two regions share an id, or a name or alias of one region could also mean another.
    #[error("\"{name}\" could mean region {first} or region {second}")]
    AmbiguousRegionName {
        /// The clashing name or alias, as written.
        name: String,
        /// One region it could mean.
        first: String,
        /// The other.
        second: String,
    },
    /// A region name that matches no region.
    #[error("unknown region \"{query}\"{}", suggest(.suggestions))]
    UnknownRegion {
        /// What was typed.
        query: String,
        /// Display names of the closest regions, best first (may be empty).
        suggestions: Vec<String>,
    },
    /// A region name that matches several regions equally well.
    #[error("region \"{query}\" is ambiguous; did you mean: {}?", .matches.join(", "))]
    AmbiguousRegion {
        /// What was typed.
        query: String,
        /// Display names of the regions it matches.
        matches: Vec<String>,
    },
    /// A candidate name that matches no candidate of the slate.
    #[error("unknown candidate \"{query}\"{}", suggest(.suggestions))]
    UnknownCandidate {
        /// What was typed.
        query: String,
        /// Names of the closest candidates, best first (may be empty).
        suggestions: Vec<String>,
    },
    /// A candidate name that matches several candidates equally well.
    #[error("candidate \"{query}\" is ambiguous; did you mean: {}?", .matches.join(", "))]
    AmbiguousCandidate {
        /// What was typed.
        query: String,
        /// Names of the candidates it matches.
        matches: Vec<String>,
    },
    /// An order names the same candidate twice.
    #[error("the order for {group} names {candidate} twice")]
    DuplicateInOrder {
        /// The regions of the order, for the message.
        group: String,
        /// The candidate named twice.
        candidate: String,
    },
    /// An order leaves out candidates of the slate.
    #[error("the order for {group} leaves out {}", .missing.join(", "))]
    MissingFromOrder {
        /// The regions of the order, for the message.
        group: String,
        /// The candidates left out.
        missing: Vec<String>,
    },
    /// An order lists no regions.
    #[error("an order ({order}) is given for no region")]
    OrderWithoutRegions {
        /// The order, for the message.
        order: String,
    },
    /// A region is given two orders.
    #[error("region {0} is given more than one order")]
    RegionInTwoOrders(String),
    /// A region is given no order.
    #[error("region {0} is given no order")]
    RegionWithoutOrder(String),
    /// Supporters (or votes, or members) below zero.
    #[error("negative supporters for {name}: {value}")]
    NegativeSupporters {
        /// The region or candidate.
        name: String,
        /// The number given.
        value: f64,
    },
    /// A number that is not a finite decimal number.
    #[error("not a number: \"{0}\"")]
    InvalidNumber(String),
    /// Two figures for the same region (or candidate).
    #[error("{0} is given twice")]
    Duplicate(String),
    /// A region without supporters in a weights table.
    #[error("no supporters given for region {0}")]
    MissingWeight(String),
    /// Personal votes that belong to another slate.
    #[error("the personal votes are for another slate (candidate {0})")]
    PersonalVotesMismatch(String),
    /// A slate file with no orders, where orders are needed.
    #[error("the slate file gives no orders")]
    NoOrders,
    /// Weights that belong to other regions than the guide's.
    #[error("the weights do not match the regions of the slate file (region {0})")]
    WeightsMismatch(String),
    /// Membership figures that do not add up or do not cover every region.
    #[error("membership figures: {0}")]
    Membership(String),
    /// A CSV table whose header is not the expected one.
    #[error("expected the header \"{expected}\", found \"{found}\"")]
    CsvHeader {
        /// The header wanted.
        expected: &'static str,
        /// The first line found.
        found: String,
    },
    /// A CSV line with the wrong number of fields or a broken quote.
    #[error("{0}")]
    CsvSyntax(String),
    /// An error at a given line of a CSV table (1-based).
    #[error("line {line}: {source}")]
    AtLine {
        /// The line, counting from 1 (the header is line 1).
        line: usize,
        /// What is wrong there.
        source: Box<SlateError>,
    },
    /// A shrink factor outside `[0, 1]`.
    #[error("the shrink factor must be between 0 and 1, not {0}")]
    InvalidShrink(f64),
    /// A region split into zero parts, or split twice.
    #[error("cannot split {region} into {parts} parts")]
    InvalidSplit {
        /// The region.
        region: String,
        /// The number of parts asked for.
        parts: usize,
    },
    /// Targets and group counts of a partition problem that do not fit together.
    #[error("a partition needs at least one group and one finite, non-negative target per group")]
    InvalidTargets,
}

/// `"; did you mean: A, B?"`, or nothing when there is nothing to suggest.
fn suggest(suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        String::new()
    } else {
        format!("; did you mean: {}?", suggestions.join(", "))
    }
}

impl SlateError {
    /// Attach a 1-based line number (of a CSV table) to an error.
    pub(crate) fn at_line(self, line: usize) -> SlateError {
        SlateError::AtLine {
            line,
            source: Box::new(self),
        }
    }
}

/// Formats a list of names as "A, B and C" (for messages about groups of regions).
pub(crate) struct Listing<'a>(pub &'a [String]);

impl fmt::Display for Listing<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            [] => Ok(()),
            [one] => f.write_str(one),
            [init @ .., last] => write!(f, "{} and {last}", init.join(", ")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_region_message_is_one_line_with_suggestions() {
        let err = SlateError::UnknownRegion {
            query: "Sout Wst".into(),
            suggestions: vec!["South West".into(), "South East".into()],
        };
        assert_eq!(
            err.to_string(),
            "unknown region \"Sout Wst\"; did you mean: South West, South East?"
        );
        let err = SlateError::UnknownRegion {
            query: "Atlantis".into(),
            suggestions: vec![],
        };
        assert_eq!(err.to_string(), "unknown region \"Atlantis\"");
    }

    #[test]
    fn line_numbers_prefix_the_message() {
        let err = SlateError::InvalidNumber("x".into()).at_line(3);
        assert_eq!(err.to_string(), "line 3: not a number: \"x\"");
    }

    #[test]
    fn listing_joins_with_and() {
        let names = ["A".to_string(), "B".to_string(), "C".to_string()];
        assert_eq!(Listing(&names).to_string(), "A, B and C");
        assert_eq!(Listing(&names[..1]).to_string(), "A");
    }
}
