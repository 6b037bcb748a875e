//! Delimited text: one ballot per row, one column per candidate, cells = preference numbers.
//!
//! ```text
//! Boland,Cathal,F.G.;Daly,Clare,S.P.;Davis,Mick,S.F.
//! ;2;1
//! 1;;
//! 2;1;1
//! ```
//!
//! - The first row names the candidates (surrounding blanks trimmed; every name must be
//!   present and different). At most [`super::MAX_CANDIDATES`] columns.
//! - Every other row is one ballot of weight 1 and must have one cell per candidate. A cell
//!   holds the preference the voter gave that candidate, a whole number from 1 up, or nothing
//!   (the candidate is unranked). Candidates are ranked by increasing number: **equal numbers
//!   are equal rankings** (`2;1;1` ranks the second and third candidates equal first, then the
//!   first), and **gaps are allowed** (`1;;5` is read as `1;;2`): only the order matters. A row
//!   with every cell empty is a blank ballot (it counts in the total, like `1 0` in BLT).
//! - Fields may be quoted as usual in CSV (`"Boland, Cathal"`); rows that are entirely blank
//!   are skipped.
//! - The delimiter is [`CsvOptions::delimiter`] or, when that is `None`, the one of `,` `;`
//!   tab `|` that splits the header into two names or more and at least half of the next 20
//!   rows into as many cells as the header (the one with most such rows wins, then the one
//!   with most cells): so a `;`-separated file whose names contain commas, like the Dublin
//!   North 2002 e-voting file, is detected as `;`. A one-candidate file needs the delimiter
//!   given.
//! - A CSV file says nothing of seats or title: they come from [`CsvOptions`].
//!
//! Equal rankings are merged as by [`Profile::from_ballots`](crate::Profile::from_ballots), so the
//! profile holds one entry per distinct ranking.

use crate::io::text::{self, Lines};
use crate::io::{Culprit, MAX_CANDIDATES, ParseError, culprit, show, validation_message};
use crate::model::{Candidate, CandidateId, Election, ProfileBuilder, Weight};

/// What a CSV file does not say: seats, title, and (optionally) the delimiter.
///
/// ```
/// use slatewise_stv::io::CsvOptions;
///
/// let options = CsvOptions { delimiter: Some(b';'), ..CsvOptions::new(4) };
/// assert_eq!(options.seats, 4);
/// assert_eq!(options.title, None);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsvOptions {
    /// The field delimiter, or `None` to detect it (see the [module docs](self)).
    pub delimiter: Option<u8>,
    /// Number of seats to fill.
    pub seats: usize,
    /// The election title (empty when `None`).
    pub title: Option<String>,
}

impl CsvOptions {
    /// Options for `seats` seats, no title, delimiter detected.
    pub fn new(seats: usize) -> Self {
        CsvOptions {
            delimiter: None,
            seats,
            title: None,
        }
    }
}

/// Delimiters tried, in order of preference, when none is given.
const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// Rows looked at to detect the delimiter.
const SAMPLE_ROWS: usize = 20;

/// Read a CSV (or TSV, or `;`-separated) file of ballots. `source` names the input in error
/// messages (usually the path).
///
/// ```
/// use slatewise_stv::io::{csv, CsvOptions};
/// use slatewise_stv::CandidateId;
///
/// let file = "Boland,Cathal;Daly,Clare;Davis,Mick\n;2;1\n2;1;1\n1;;5\n";
/// let election = csv::read(file.as_bytes(), "dublin.csv", &CsvOptions::new(1))?;
/// assert_eq!(election.name(CandidateId(0)), "Boland,Cathal");
/// let rankings: Vec<_> = election.ballots.ballots().iter().map(|b| b.ranking).collect();
/// assert_eq!(rankings[0].candidates(), &[CandidateId(2), CandidateId(1)]);
/// assert_eq!(rankings[1].group(0), &[CandidateId(1), CandidateId(2)]);
/// assert_eq!(rankings[2].candidates(), &[CandidateId(0), CandidateId(2)]);
/// # Ok::<(), slatewise_stv::io::ParseError>(())
/// ```
pub fn read(bytes: &[u8], source: &str, options: &CsvOptions) -> Result<Election, ParseError> {
    let text = text::decode(bytes, source)?;
    let mut lines = Lines::new(text);
    while lines.next_line(source)?.is_some() {}
    if text.trim().is_empty() {
        return Err(ParseError::new(
            source,
            1,
            "the file is empty, expected a header row of candidate names",
        ));
    }
    let delimiter = match options.delimiter {
        Some(d) => d,
        None => detect(text).ok_or_else(|| {
            ParseError::new(
                source,
                1,
                "cannot tell the delimiter: none of `,` `;` tab `|` splits the header into two names or more and most rows into as many cells, expected a header of candidate names and one row per ballot (or give the delimiter)",
            )
        })?,
    };
    let mut reader = reader(text, delimiter);
    let mut record = csv::StringRecord::new();
    let line_of = |record: &csv::StringRecord| record.position().map_or(1, |p| p.line() as usize);
    let csv_error = |e: csv::Error| {
        let line = e.position().map_or(1, |p| p.line() as usize);
        ParseError::new(source, line, format!("unreadable CSV ({e})"))
    };

    // Header: the candidates.
    while reader.read_record(&mut record).map_err(csv_error)? {
        if !is_blank_row(&record) {
            break;
        }
    }
    let header = line_of(&record);
    if record.len() > MAX_CANDIDATES {
        return Err(ParseError::new(
            source,
            header,
            format!(
                "the header has {} columns, expected at most {MAX_CANDIDATES} candidates",
                record.len()
            ),
        ));
    }
    let mut candidates = Vec::with_capacity(record.len());
    for (column, name) in record.iter().enumerate() {
        if name.is_empty() {
            return Err(ParseError::new(
                source,
                header,
                format!(
                    "column {} of the header is empty, expected a candidate name in every column",
                    column + 1
                ),
            ));
        }
        candidates.push(Candidate::new(name));
    }
    let n = candidates.len();

    // Rows: one ballot each.
    let mut ballots = ProfileBuilder::new();
    let mut preferences: Vec<(u32, u32)> = Vec::with_capacity(n);
    let mut ranked: Vec<CandidateId> = Vec::with_capacity(n);
    let mut group_sizes: Vec<usize> = Vec::with_capacity(n);
    while reader.read_record(&mut record).map_err(csv_error)? {
        let line = line_of(&record);
        if record.len() != n {
            if n > 1 && is_blank_row(&record) {
                continue;
            }
            return Err(ParseError::new(
                source,
                line,
                format!(
                    "the row has {} cells but the header names {n} candidates, expected one cell per candidate",
                    record.len()
                ),
            ));
        }
        preferences.clear();
        for (column, cell) in record.iter().enumerate() {
            if cell.is_empty() {
                continue;
            }
            match preference(cell) {
                Some(p) => preferences.push((p, column as u32)),
                None => {
                    return Err(ParseError::new(
                        source,
                        line,
                        format!(
                            "cell {} (candidate `{}`) holds `{}`, expected a preference number from 1 up or an empty cell",
                            column + 1,
                            show(&candidates[column].name),
                            show(cell)
                        ),
                    ));
                }
            }
        }
        preferences.sort_unstable();
        ranked.clear();
        group_sizes.clear();
        for group in preferences.chunk_by(|a, b| a.0 == b.0) {
            ranked.extend(group.iter().map(|&(_, c)| CandidateId(c)));
            group_sizes.push(group.len());
        }
        ballots.push_grouped(Weight::ONE, &ranked, &group_sizes);
    }

    let election = Election {
        title: options.title.clone().unwrap_or_default(),
        seats: options.seats,
        candidates,
        withdrawn: Vec::new(),
        tie_order: None,
        ballots: ballots.finish(),
    };
    election.validate().map_err(|e| {
        let message = match culprit(&election, &e) {
            Culprit::Candidate(i) => format!("column {}: {}", i + 1, validation_message(&e)),
            _ => validation_message(&e),
        };
        ParseError::new(source, header, message)
    })?;
    Ok(election)
}

fn reader(text: &str, delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes())
}

/// A row with nothing in it but blanks (read as one empty cell).
fn is_blank_row(record: &csv::StringRecord) -> bool {
    record.len() == 1 && record[0].is_empty()
}

/// A preference number: decimal digits, 1 or more, at most `u32::MAX`.
fn preference(cell: &str) -> Option<u32> {
    if !cell.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    cell.parse().ok().filter(|&p| p >= 1)
}

/// The delimiter that splits the header into two cells or more and splits most of the next
/// rows (at least half) into as many cells as the header (the most such rows wins, then the
/// most cells).
fn detect(text: &str) -> Option<u8> {
    let mut best: Option<((usize, usize), u8)> = None;
    for delimiter in DELIMITERS {
        let mut reader = reader(text, delimiter);
        let mut record = csv::StringRecord::new();
        let mut header = None;
        let (mut rows, mut agree) = (0, 0);
        while rows < SAMPLE_ROWS {
            match reader.read_record(&mut record) {
                Ok(true) if is_blank_row(&record) => {}
                Ok(true) => match header {
                    None => header = Some(record.len()),
                    Some(cells) => {
                        rows += 1;
                        agree += usize::from(record.len() == cells);
                    }
                },
                Ok(false) | Err(_) => break,
            }
        }
        let Some(cells) = header else { continue };
        if cells < 2 || agree * 2 < rows {
            continue;
        }
        let score = (agree, cells);
        if best.is_none_or(|(top, _)| score > top) {
            best = Some((score, delimiter));
        }
    }
    best.map(|(_, delimiter)| delimiter)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delimiter_is_the_one_most_rows_agree_with() {
        assert_eq!(detect("A,B,C\n1,2,\n,x,1\n"), Some(b','));
        // One short row does not change the verdict (it is reported as an error later).
        assert_eq!(detect("A,B,C\n1,2,\n1,2\n2,,1\n"), Some(b','));
        // Names with commas, cells split by `;` (the Dublin North file).
        assert_eq!(detect("Boland,Cathal;Daly,Clare\n;1\n1;2\n"), Some(b';'));
        assert_eq!(detect("A\tB\n1\t\n"), Some(b'\t'));
        assert_eq!(detect("A|B|C\n\n1|2|3\n"), Some(b'|'));
        // A header alone.
        assert_eq!(detect("A;B\n"), Some(b';'));
        // One column, or no agreement: the caller must say.
        assert_eq!(detect("A\n1\n"), None);
        assert_eq!(detect("a,b;c\nd;e,f,g\nh|i,j\nk\n"), None);
    }
}
