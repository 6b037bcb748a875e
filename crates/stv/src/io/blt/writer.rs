//! The canonical BLT writer.

use std::fmt::Write;

use crate::model::{CandidateId, Election};

pub(super) fn write(election: &Election) -> String {
    let mut out = String::with_capacity(64 + 16 * election.ballots.len());
    // Writing to a String cannot fail, so the `fmt::Result`s below are always `Ok`.
    let _ = writeln!(out, "{} {}", election.candidates.len(), election.seats);
    if !election.withdrawn.is_empty() {
        out.push_str("[withdrawn");
        push_ids(&mut out, &election.withdrawn);
        out.push_str("]\n");
    }
    if let Some(order) = &election.tie_order {
        out.push_str("[tie");
        push_ids(&mut out, order);
        out.push_str("]\n");
    }
    for ballot in election.ballots.ballots() {
        let _ = write!(out, "{}", ballot.weight);
        for group in ballot.ranking.groups() {
            for (i, id) in group.iter().enumerate() {
                out.push(if i == 0 { ' ' } else { '=' });
                let _ = write!(out, "{}", id.0 as u64 + 1);
            }
        }
        out.push_str(" 0\n");
    }
    out.push_str("0\n");
    for candidate in &election.candidates {
        push_quoted(&mut out, &candidate.name);
    }
    push_quoted(&mut out, &election.title);
    out
}

/// ` 3 5` for candidates 2 and 4 (BLT numbers candidates from 1).
fn push_ids(out: &mut String, ids: &[CandidateId]) {
    for id in ids {
        let _ = write!(out, " {}", id.0 as u64 + 1);
    }
}

/// `"text"` and a line end, with `"` doubled and line breaks turned into spaces.
fn push_quoted(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\"\""),
            '\r' | '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push_str("\"\n");
}
