//! The BLT ballot format, in every dialect met in published ballot files.
//!
//! ```text
//! // comment lines may come anywhere
//! 4 2                       number of candidates, number of seats (then `-N`: N withdrawn)
//! [nick alice bob carol dan] optional option lines: [nick ...] [withdrawn ...] [tie ...]
//! [withdrawn dan]
//! 3 alice bob 0             weight, then candidates in order of preference, then 0
//! 2 bob=carol alice 0       `=` joins candidates ranked equal
//! 1 0                       a blank ballot
//! 0                         a line `0` ends the ballots
//! "Alice Adams"             one name per candidate, quoted or not
//! Bob BROWN (Ind)
//! "Carol Cole"
//! "Dan Dale"
//! "Example election"        the title, quoted or not; anything after it is ignored
//! ```
//!
//! # What the reader accepts
//!
//! - **Header**: `CANDIDATES SEATS` on the first line that is not blank or a comment; `-N`
//!   tokens after it, or on lines of their own before the first ballot, withdraw candidate `N`
//!   (OpenSTV). At most [`MAX_CANDIDATES`](super::MAX_CANDIDATES) candidates; seats from 1 to
//!   the number of candidates.
//! - **Options**, before the first ballot, possibly over several lines until `]`:
//!   `[nick a b c]` gives each candidate, in order, a nickname that ballots and the other
//!   options may use instead of its number (a token made only of digits is always a number, so
//!   nicknames may not be numbers; nor may they contain `=`); `[withdrawn 3 5]` (numbers or
//!   nicknames); `[tie 3 2 1]`, stored as [`Election::tie_order`], which must name every
//!   candidate exactly once (as Droop.py requires); any other option (`[droop ...]`, for
//!   Droop.py's counting options) is ignored.
//! - **Ballots**, one per line: a weight (decimal digits, any size: weights above 2^64 are kept
//!   exactly), then candidates by number (1-based) or nickname, groups joined by `=`, then `0`.
//!   The final `0` of a ballot line is optional: the end of the line ends the ballot too.
//!   Weight `0` lines are accepted and dropped. A ballot may start with an id in parentheses
//!   instead of a weight, `(b17) 2 1 0`, meaning weight 1 (Droop.py); ids must be unique.
//!   Candidates on a ballot may be withdrawn ones (the count skips them). Equal rankings are
//!   merged as by [`Profile::from_ballots`](crate::Profile::from_ballots).
//! - A line holding only `0` ends the ballots.
//! - **Names**, one per candidate: a quoted name is taken exactly as written between the
//!   quotes (inner spaces included; `""` inside quotes stands for one `"`), an unquoted one is
//!   the whole line without its leading and trailing blanks (`Walter WILSON (C)`). Several
//!   quoted names may share a line.
//! - **Title**: the next line, quoted or not. Anything after the title (Droop.py's optional
//!   source and comment strings, reports pasted below the data, a stray final `0`) is ignored.
//! - **Everywhere**: blank lines; comment lines starting with `//` or `#`; in the numeric part
//!   (header, options, ballots) also trailing `// ...` or `# ...` comments and `/* ... */`
//!   comments (Droop.py), which may span lines; CRLF or LF line ends; spaces and tabs around
//!   and between tokens; a UTF-8 byte-order mark.
//!
//! Errors name the line and what was expected; the reader refuses NUL bytes and invalid UTF-8
//! (binary files), lines over [`MAX_LINE_BYTES`](super::MAX_LINE_BYTES), candidate numbers out
//! of range, a candidate twice in one ranking, negative or non-numeric weights, unterminated
//! quotes and truncated files; finally it runs [`Election::validate`] (for instance, two
//! candidates with the same name are refused, at the line of the second).
//!
//! # Reading as it goes
//!
//! [`read_from`] reads from any [`Read`] (a file, standard input) 128 KiB at a time, and holds
//! at most about that much of the text plus one line: memory grows with the number of distinct
//! rankings, not with the size of the file. A line over the limit is counted, not kept.
//! [`read()`] is the same reader over bytes in memory: the two give the same election or the
//! same error, wherever the blocks happen to end. The input is read to its end even though
//! what follows the title is ignored, so that binary data anywhere is refused (it is only
//! checked, not kept).
//!
//! # What the writer produces
//!
//! [`write()`] gives a canonical form that this reader, Droop.py and OpenSTV read: the header,
//! `[withdrawn ...]` and `[tie ...]` by candidate number when present, one line per distinct
//! ranking, `0`, every name and the title quoted. Reading what it wrote gives the same
//! election back.

use std::io::Read;

use crate::model::Election;

use super::ParseError;
use super::text::BLOCK_BYTES;

mod ballots;
mod reader;
mod writer;

/// Read a BLT file from its bytes. `source` names the input in error messages (usually the
/// path). The same as [`read_from`] on `bytes`.
///
/// ```
/// use slatewise_stv::io::blt;
/// use slatewise_stv::CandidateId;
///
/// let file = "\
/// 4 2
/// [nick a b c d]
/// [tie d c b a]
/// 3 a b 0
/// 2 b=c a 0
/// 0
/// \"Alice\"
/// Bob BROWN (Ind)
/// \"Carol\"
/// \"Dan\"
/// \"A small example\"
/// ";
/// let election = blt::read(file.as_bytes(), "small.blt")?;
/// assert_eq!(election.name(CandidateId(1)), "Bob BROWN (Ind)");
/// assert_eq!(election.tie_order.as_deref(), Some(&[3, 2, 1, 0].map(CandidateId)[..]));
/// let second = election.ballots.ballots().get(1).unwrap();
/// assert_eq!(second.ranking.group(0), &[CandidateId(1), CandidateId(2)]);
/// # Ok::<(), slatewise_stv::io::ParseError>(())
/// ```
pub fn read(bytes: &[u8], source: &str) -> Result<Election, ParseError> {
    read_from(bytes, source)
}

/// Read a BLT file from `reader` as it goes, a block at a time, without holding the whole
/// input (see [Reading as it goes](self#reading-as-it-goes)). `source` names the input in error
/// messages (usually the path); a failing reader is an error at the line it stopped in.
///
/// ```
/// use slatewise_stv::io::blt;
///
/// // Any `std::io::Read`: a `std::fs::File`, standard input, or here a slice.
/// let mut input: &[u8] = b"3 2\n4 1 2 0\n2 3 0\n0\nCastor\nPollux\nHelen\nTwins\n";
/// let election = blt::read_from(&mut input, "twins.blt")?;
/// assert_eq!(election.ballots.total_weight().to_u64(), Some(6));
///
/// let err = blt::read_from(&b"3 2\n4 1 9 0\n"[..], "bad.blt").unwrap_err();
/// assert!(err.to_string().starts_with("bad.blt:2: candidate 9 does not exist"));
/// # Ok::<(), slatewise_stv::io::ParseError>(())
/// ```
pub fn read_from(reader: impl Read, source: &str) -> Result<Election, ParseError> {
    reader::read(reader, source, BLOCK_BYTES)
}

/// Write an election as canonical BLT (see the [module docs](self)).
///
/// Line breaks cannot be written inside a BLT name or title: any `\r` or `\n` in them is
/// written as a space.
///
/// ```
/// use slatewise_stv::io::blt;
///
/// let file = "3 2\n4 1 2 0\n2 3 0\n0\nCastor\nPollux\nHelen\nTwins\n";
/// let election = blt::read(file.as_bytes(), "twins.blt")?;
/// let text = blt::write(&election);
/// assert_eq!(text, "3 2\n4 1 2 0\n2 3 0\n0\n\"Castor\"\n\"Pollux\"\n\"Helen\"\n\"Twins\"\n");
/// assert_eq!(blt::read(text.as_bytes(), "again.blt")?, election);
/// # Ok::<(), slatewise_stv::io::ParseError>(())
/// ```
pub fn write(election: &Election) -> String {
    writer::write(election)
}
