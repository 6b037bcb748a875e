//! JSON: the serde form of [`Election`].
//!
//! ```json
//! {
//!   "title": "Twins",
//!   "seats": 2,
//!   "candidates": [
//!     {"name": "Castor", "party": "Dioscuri", "tags": ["women"]},
//!     {"name": "Pollux"},
//!     {"name": "Helen"}
//!   ],
//!   "withdrawn": [1],
//!   "tie_order": [2, 1, 0],
//!   "ballots": [
//!     {"weight": 4, "ranking": [0, 1]},
//!     {"weight": "123456789012345678901234567890", "ranking": [[1, 2], 0]},
//!     {"weight": 1, "ranking": []}
//!   ]
//! }
//! ```
//!
//! - `title` (string, default `""`), `seats` (integer ≥ 1), `candidates` (array of objects with
//!   `name`, and optionally `party` and `tags`): required except `title`.
//! - Candidates are referred to by their **0-based index** in `candidates` (BLT numbers them
//!   from 1).
//! - `withdrawn` (array of indices, default empty) and `tie_order` (array naming every
//!   candidate exactly once, default absent; see [`Election::tie_order`]).
//! - `ballots`: array of `{"weight": W, "ranking": R}`. `W` is a non-negative integer, or a
//!   decimal string for weights beyond 2^64. `R` lists positions in order of preference; a
//!   position is an index, or an array of indices ranked equal.
//!
//! After parsing, the reader checks the election with [`Election::validate`] and the tie order,
//! and points at the line of the offending item. Ballots are kept as written (not merged).

use crate::io::{
    Culprit, MAX_CANDIDATES, ParseError, culprit, tie_order_problem, validation_message,
};
use crate::model::Election;

/// Read an election from its JSON form. `source` names the input in error messages.
///
/// ```
/// use slatewise_stv::io::json;
///
/// let text = r#"{"seats": 1, "candidates": [{"name": "A"}, {"name": "B"}],
///                "ballots": [{"weight": 3, "ranking": [[0, 1]]}]}"#;
/// let election = json::read(text.as_bytes(), "e.json")?;
/// assert!(election.ballots.ballots().get(0).unwrap().ranking.has_ties());
///
/// let bad = br#"{"seats": 1, "candidates": [], "ballots": [}"#;
/// let err = json::read(bad, "bad.json").unwrap_err();
/// assert!(err.to_string().starts_with("bad.json:1:"));
/// # Ok::<(), slatewise_stv::io::ParseError>(())
/// ```
pub fn read(bytes: &[u8], source: &str) -> Result<Election, ParseError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let election: Election = serde_json::from_slice(bytes).map_err(|e| {
        let message = e.to_string();
        let suffix = format!(" at line {} column {}", e.line(), e.column());
        let message = message.strip_suffix(&suffix).unwrap_or(&message);
        let err = ParseError::new(source, e.line(), message);
        if e.line() > 0 {
            err.with_column(e.column())
        } else {
            err
        }
    })?;
    let at = |key: &str, index: Option<usize>| {
        locate(bytes, key, index)
            .or_else(|| locate(bytes, key, None))
            .unwrap_or(1)
    };
    let n = election.candidates.len();
    if n > MAX_CANDIDATES {
        return Err(ParseError::new(
            source,
            at("candidates", None),
            format!("{n} candidates, expected at most {MAX_CANDIDATES}"),
        ));
    }
    if let Err(e) = election.validate() {
        let line = match culprit(&election, &e) {
            Culprit::Seats => at("seats", None),
            Culprit::Candidate(i) => at("candidates", Some(i)),
            Culprit::Withdrawn(i) => at("withdrawn", Some(i)),
            Culprit::TieOrder(i) => at("tie_order", Some(i)),
            Culprit::Ballot(i) => at("ballots", Some(i)),
        };
        return Err(ParseError::new(source, line, validation_message(&e)));
    }
    if let Some(order) = &election.tie_order {
        if let Some(m) = tie_order_problem(order, n, |id| format!("index {}", id.0)) {
            return Err(ParseError::new(source, at("tie_order", None), m));
        }
    }
    for (i, id) in election.withdrawn.iter().enumerate() {
        if election.withdrawn[..i].contains(id) {
            return Err(ParseError::new(
                source,
                at("withdrawn", Some(i)),
                format!(
                    "candidate index {} is withdrawn twice, expected each candidate once",
                    id.0
                ),
            ));
        }
    }
    Ok(election)
}

/// Write an election as JSON: one top-level field per line, one candidate or ballot per line.
///
/// ```
/// use slatewise_stv::io::{blt, json};
///
/// let election = blt::read(b"2 1\n3 1 2 0\n0\nA\nB\nT\n", "t.blt")?;
/// let text = json::write(&election);
/// assert_eq!(text, r#"{
///   "title": "T",
///   "seats": 1,
///   "candidates": [
///     {"name": "A"},
///     {"name": "B"}
///   ],
///   "ballots": [
///     {"weight": 3, "ranking": [0, 1]}
///   ]
/// }
/// "#);
/// assert_eq!(json::read(text.as_bytes(), "t.json")?, election);
/// # Ok::<(), slatewise_stv::io::ParseError>(())
/// ```
pub fn write(election: &Election) -> String {
    match serde_json::to_string(election) {
        Ok(compact) => layout(&compact),
        // Unreachable: an election has no map with non-string keys, nothing that can fail.
        Err(e) => format!("{{\"error\": {:?}}}\n", e.to_string()),
    }
}

/// Lay out compact JSON: the top-level object one field per line, arrays of objects or
/// arrays at the second level one item per line, everything deeper on one line with a space
/// after `:` and `,`.
fn layout(compact: &str) -> String {
    let mut out = String::with_capacity(compact.len() + compact.len() / 4);
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    // The second-level array being written has one item per line.
    let mut block = false;
    for (i, c) in compact.char_indices() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                depth += 1;
                out.push(c);
                if depth == 1 {
                    out.push_str("\n  ");
                } else if depth == 2 && c == '[' {
                    block = matches!(compact[i + 1..].chars().next(), Some('{' | '['));
                    if block {
                        out.push_str("\n    ");
                    }
                }
            }
            '}' | ']' => {
                if depth == 1 {
                    out.push('\n');
                } else if depth == 2 && block {
                    out.push_str("\n  ");
                    block = false;
                }
                depth = depth.saturating_sub(1);
                out.push(c);
            }
            ',' => {
                out.push(',');
                match depth {
                    1 => out.push_str("\n  "),
                    2 if block => out.push_str("\n    "),
                    _ => out.push(' '),
                }
            }
            ':' => out.push_str(": "),
            c => out.push(c),
        }
    }
    out.push('\n');
    out
}

/// The line of `key` in the top-level object or, with `index`, of item `index` of the array
/// that is its value.
fn locate(text: &[u8], key: &str, index: Option<usize>) -> Option<usize> {
    let mut line = 1;
    let mut depth = 0usize;
    let mut last_key: &[u8] = b"";
    let mut want_array = false;
    let mut in_array = false;
    let mut item = 0;
    let mut item_starts = false;
    let mut i = 0;
    while i < text.len() {
        let b = text[i];
        if b == b'\n' {
            line += 1;
        }
        if b.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if in_array && depth == 2 && item_starts && b != b']' {
            if Some(item) == index {
                return Some(line);
            }
            item_starts = false;
        }
        match b {
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < text.len() && text[i] != b'"' {
                    match text[i] {
                        b'\\' => i += 1,
                        b'\n' => line += 1,
                        _ => {}
                    }
                    i += 1;
                }
                if depth == 1 {
                    last_key = &text[start..i.min(text.len())];
                }
            }
            b':' if depth == 1 && last_key == key.as_bytes() => {
                if index.is_none() {
                    return Some(line);
                }
                want_array = true;
            }
            b'{' | b'[' => {
                depth += 1;
                if depth == 2 && want_array {
                    if b != b'[' {
                        return None;
                    }
                    in_array = true;
                    item_starts = true;
                }
            }
            b'}' | b']' => {
                if in_array && depth == 2 {
                    return None;
                }
                depth = depth.saturating_sub(1);
            }
            b',' if depth == 1 => want_array = false,
            b',' if in_array && depth == 2 => {
                item += 1;
                item_starts = true;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_finds_keys_and_items() {
        let text = b"{\n \"seats\": 2,\n \"ballots\": [\n  {\"ranking\": [1]},\n  {\"ranking\": [\"x\"]}\n ]\n}";
        assert_eq!(locate(text, "seats", None), Some(2));
        assert_eq!(locate(text, "ballots", None), Some(3));
        assert_eq!(locate(text, "ballots", Some(0)), Some(4));
        assert_eq!(locate(text, "ballots", Some(1)), Some(5));
        assert_eq!(locate(text, "ballots", Some(2)), None);
        assert_eq!(locate(text, "ranking", None), None);
    }
}
