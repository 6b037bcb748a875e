//! Reading and writing elections: BLT, CSV and JSON.
//!
//! Every reader takes the raw bytes, or through [`read_from`] any [`Read`] (a file, standard
//! input), and a *source name* (usually the file path, used only in error messages) and
//! returns an [`Election`] that has passed [`Election::validate`], or a [`ParseError`] whose
//! one-line message says where the problem is and what was expected:
//!
//! ```text
//! ballots.blt:7: candidate 9 does not exist, expected a candidate number from 1 to 5 or a nickname
//! ```
//!
//! | format | read | write | what it is |
//! |---|---|---|---|
//! | [`Format::Blt`] | [`blt::read`] | [`blt::write`] | the ballot file of OpenSTV, Droop.py |
//! | [`Format::Csv`] | [`csv::read`] | — | a row per ballot, cells = preference numbers |
//! | [`Format::Json`] | [`json::read`] | [`json::write`] | the serde form of [`Election`] |
//!
//! The formats, their dialects and the JSON schema are described in `docs/formats.md` of this
//! crate. Readers never panic and never open files: the caller opens them (or reads the bytes).
//! The BLT reader reads as it goes, holding a block and a line at a time (see
//! [`blt::read_from`]); the CSV and JSON readers read their whole input first.
//!
//! # Limits
//!
//! To refuse hostile or corrupt input quickly and before allocating anything in proportion to
//! what a header claims, the readers accept at most [`MAX_CANDIDATES`] candidates and lines of at
//! most [`MAX_LINE_BYTES`] bytes (BLT and CSV).
//!
//! # Example
//!
//! ```
//! use slatewise_stv::io::{self, CsvOptions, Format};
//!
//! let blt = b"3 2\n4 1 2 0\n2 3 0\n0\n\"Castor\"\n\"Pollux\"\n\"Helen\"\n\"Twins\"\n";
//! let format = Format::from_path("twins.blt").unwrap();
//! let election = io::read(format, blt, "twins.blt", &CsvOptions::new(2))?;
//! assert_eq!(election.candidates.len(), 3);
//! assert_eq!(election.ballots.total_weight().to_u64(), Some(6));
//! # Ok::<(), io::ParseError>(())
//! ```

use std::fmt;
use std::io::Read;
use std::path::Path;
use std::str::FromStr;

use crate::model::{CandidateId, Election, ElectionError};

pub mod blt;
pub mod csv;
mod error;
pub mod json;
mod text;

pub use self::csv::CsvOptions;
pub use error::ParseError;

/// The most candidates a reader accepts (a BLT header claiming more is refused at once).
pub const MAX_CANDIDATES: usize = 10_000;

/// The longest line, in bytes, the BLT and CSV readers accept (1 MiB).
pub const MAX_LINE_BYTES: usize = 1 << 20;

/// A file format for elections.
///
/// ```
/// use slatewise_stv::io::Format;
///
/// assert_eq!("json".parse::<Format>(), Ok(Format::Json));
/// assert_eq!(Format::from_path("data/ward4.BLT"), Some(Format::Blt));
/// assert_eq!(Format::from_path("votes.tsv"), Some(Format::Csv));
/// assert_eq!(Format::from_path("notes.txt"), None);
/// assert_eq!(Format::sniff(b"{\"seats\": 2}"), Format::Json);
/// assert_eq!(Format::Blt.to_string(), "blt");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// The BLT ballot format (see [`blt`]).
    Blt,
    /// Delimited text, one ballot per row (see [`csv`]).
    Csv,
    /// The serde form of [`Election`] (see [`json`]).
    Json,
}

impl Format {
    /// Every format, in the order they are documented.
    pub const ALL: [Format; 3] = [Format::Blt, Format::Csv, Format::Json];

    /// The lower-case name used on command lines (`blt`, `csv`, `json`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Blt => "blt",
            Format::Csv => "csv",
            Format::Json => "json",
        }
    }

    /// The format of a file extension (without the dot, any case): `blt`; `csv` or `tsv`;
    /// `json`. Anything else, `txt` included (ballot files of both kinds are published as
    /// `.txt`), gives `None`: use [`Format::sniff`] or ask the user.
    pub fn from_extension(extension: &str) -> Option<Format> {
        match extension.to_ascii_lowercase().as_str() {
            "blt" => Some(Format::Blt),
            "csv" | "tsv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            _ => None,
        }
    }

    /// The format named by a path's extension (see [`Format::from_extension`]).
    pub fn from_path(path: impl AsRef<Path>) -> Option<Format> {
        path.as_ref()
            .extension()
            .and_then(|e| e.to_str())
            .and_then(Format::from_extension)
    }

    /// A guess from the content: JSON if the first non-blank character is `{`; BLT if the
    /// first line that is not blank or a comment (`//`, `#`) starts with two whole numbers
    /// separated by blanks (the BLT header `CANDIDATES SEATS`); CSV otherwise.
    pub fn sniff(bytes: &[u8]) -> Format {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        for line in bytes.split(|&b| b == b'\n') {
            let line = line.trim_ascii();
            if line.is_empty() || line.starts_with(b"//") || line.starts_with(b"#") {
                continue;
            }
            if line.starts_with(b"{") {
                return Format::Json;
            }
            let mut words = line.split(|&b| text::is_blank(b)).filter(|w| !w.is_empty());
            let is_number = |w: Option<&[u8]>| w.is_some_and(|w| w.iter().all(u8::is_ascii_digit));
            if is_number(words.next()) && is_number(words.next()) {
                return Format::Blt;
            }
            return Format::Csv;
        }
        Format::Csv
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A format name that is not `blt`, `csv`, `tsv` or `json`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown format `{0}`, expected blt, csv or json")]
pub struct UnknownFormat(
    /// The name given.
    pub String,
);

impl FromStr for Format {
    type Err = UnknownFormat;

    /// Parse a `--format` value: `blt`, `csv` (or `tsv`), `json`, in any case.
    fn from_str(s: &str) -> Result<Format, UnknownFormat> {
        Format::from_extension(s.trim()).ok_or_else(|| UnknownFormat(s.to_owned()))
    }
}

/// Read an election in the given format. `csv` is used only for [`Format::Csv`] (a CSV file
/// holds neither the number of seats nor a title).
///
/// ```
/// use slatewise_stv::io::{self, CsvOptions, Format};
///
/// let csv = b"Castor,Pollux,Helen\n1,2,\n,,1\n";
/// let election = io::read(Format::Csv, csv, "twins.csv", &CsvOptions::new(2))?;
/// assert_eq!(election.seats, 2);
/// assert_eq!(election.ballots.len(), 2);
/// # Ok::<(), io::ParseError>(())
/// ```
pub fn read(
    format: Format,
    bytes: &[u8],
    source: &str,
    csv: &CsvOptions,
) -> Result<Election, ParseError> {
    match format {
        Format::Blt => blt::read(bytes, source),
        Format::Csv => self::csv::read(bytes, source, csv),
        Format::Json => json::read(bytes, source),
    }
}

/// Read an election in the given format from `reader` (see [`read`]). BLT is read as it goes,
/// without holding the whole input ([`blt::read_from`]); CSV and JSON are read whole, then
/// parsed. A failing reader is an error at the line it stopped in.
///
/// ```
/// use slatewise_stv::io::{self, CsvOptions, Format};
///
/// // Any `std::io::Read`: a `std::fs::File`, standard input, or here a slice.
/// let blt: &[u8] = b"3 2\n4 1 2 0\n2 3 0\n0\nCastor\nPollux\nHelen\nTwins\n";
/// let election = io::read_from(Format::Blt, blt, "twins.blt", &CsvOptions::new(2))?;
/// assert_eq!(election.candidates.len(), 3);
/// # Ok::<(), io::ParseError>(())
/// ```
pub fn read_from(
    format: Format,
    reader: impl Read,
    source: &str,
    csv: &CsvOptions,
) -> Result<Election, ParseError> {
    match format {
        Format::Blt => blt::read_from(reader, source),
        Format::Csv | Format::Json => read(format, &text::read_all(reader, source)?, source, csv),
    }
}

/// What is wrong with a tie-break order, if anything: it must name every candidate exactly
/// once (as Droop.py requires). `label` shows a candidate as the format numbers it.
pub(crate) fn tie_order_problem(
    order: &[CandidateId],
    candidates: usize,
    label: impl Fn(CandidateId) -> String,
) -> Option<String> {
    let mut seen = vec![false; candidates];
    for &id in order {
        match seen.get_mut(id.index()) {
            None => {
                return Some(format!(
                    "candidate {} in the tie order does not exist, expected one of the {candidates} candidates",
                    label(id)
                ));
            }
            Some(true) => {
                return Some(format!(
                    "candidate {} is named twice in the tie order, expected each candidate once",
                    label(id)
                ));
            }
            Some(s) => *s = true,
        }
    }
    if order.len() != candidates {
        return Some(format!(
            "the tie order names {} of the {candidates} candidates, expected every candidate exactly once",
            order.len(),
        ));
    }
    None
}

/// The message of an error from [`Election::validate`], with what was expected.
pub(crate) fn validation_message(error: &ElectionError) -> String {
    let expected = match error {
        ElectionError::TooFewCandidates { .. } => {
            ", expected at most as many seats as candidates standing"
        }
        ElectionError::DuplicateName { .. } => ", expected every candidate name to be different",
        ElectionError::RepeatedCandidate { .. } => {
            ", expected each candidate at most once per ranking"
        }
        _ => "",
    };
    format!("{error}{expected}")
}

/// A piece of input quoted in a message: at most 40 characters, control characters escaped,
/// so that one-line messages stay one line and safe to print.
pub(crate) fn show(text: &str) -> String {
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i == 40 {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// Which item an [`ElectionError`] is about, so a reader can point at its line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Culprit {
    /// The number of seats.
    Seats,
    /// Candidate `i` (0-based).
    Candidate(usize),
    /// Item `i` of the withdrawn list.
    Withdrawn(usize),
    /// Item `i` of the tie order.
    TieOrder(usize),
    /// Distinct ballot `i` of the profile.
    Ballot(usize),
}

/// Find the item an error from [`Election::validate`] is about (the seats when unsure).
pub(crate) fn culprit(election: &Election, error: &ElectionError) -> Culprit {
    let n = election.candidates.len();
    let bad = |id: &CandidateId| id.index() >= n;
    let found = match error {
        ElectionError::DuplicateName { name } => election
            .candidates
            .iter()
            .enumerate()
            .filter(|(_, c)| &c.name == name)
            .nth(1)
            .map(|(i, _)| Culprit::Candidate(i)),
        ElectionError::CandidateOutOfRange { .. } => election
            .withdrawn
            .iter()
            .position(bad)
            .map(Culprit::Withdrawn)
            .or_else(|| {
                election
                    .tie_order
                    .as_deref()
                    .and_then(|order| order.iter().position(bad))
                    .map(Culprit::TieOrder)
            })
            .or_else(|| {
                election
                    .ballots
                    .ballots()
                    .iter()
                    .position(|b| b.ranking.candidates().iter().any(bad))
                    .map(Culprit::Ballot)
            }),
        ElectionError::RepeatedCandidate { .. } => election
            .ballots
            .ballots()
            .iter()
            .position(|b| {
                let mut ids = b.ranking.candidates().to_vec();
                ids.sort_unstable();
                ids.windows(2).any(|w| w[0] == w[1])
            })
            .map(Culprit::Ballot),
        // NoSeats, TooFewCandidates, and anything added to the model later.
        _ => None,
    };
    found.unwrap_or(Culprit::Seats)
}
