//! The transcript as a text table: one row per candidate, one column per stage.

use std::fmt::Write;

use super::{CandidateState, Transcript};

impl Transcript {
    /// Render as a plain-text report: a header, the stage table, the result.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{}",
            if self.title.is_empty() {
                "Election"
            } else {
                &self.title
            }
        );
        let _ = writeln!(out, "Rule: {} ({})", self.rule, self.rule_description);
        let _ = writeln!(out, "Arithmetic: {}", self.arithmetic);
        let _ = writeln!(
            out,
            "Seats: {}   Valid votes: {}   Quota: {}",
            self.seats, self.valid_votes, self.quota
        );
        out.push('\n');

        let name_width = self
            .candidates
            .iter()
            .map(|n| n.chars().count())
            .chain([18])
            .max()
            .unwrap_or(18);
        let columns: Vec<Vec<String>> = self
            .stages
            .iter()
            .map(|stage| {
                let mut col = Vec::with_capacity(self.candidates.len() + 4);
                col.push(format!("{}", stage.number));
                col.push(stage.action.as_str().to_string());
                for (i, (_, votes)) in stage.tallies.iter().enumerate() {
                    let mark = match stage.states.get(i) {
                        Some(CandidateState::Elected) => "*",
                        Some(CandidateState::Excluded) => "-",
                        Some(CandidateState::Withdrawn) => "w",
                        _ => "",
                    };
                    col.push(format!("{votes}{mark}"));
                }
                col.push(stage.exhausted.clone());
                col.push(stage.rounding_loss.clone());
                col
            })
            .collect();
        let widths: Vec<usize> = columns
            .iter()
            .map(|c| c.iter().map(|s| s.chars().count()).max().unwrap_or(0))
            .collect();
        let mut labels = vec!["Stage".to_string(), "Action".to_string()];
        labels.extend(self.candidates.iter().cloned());
        labels.push("Exhausted".to_string());
        labels.push("Rounding loss".to_string());
        for (row, label) in labels.iter().enumerate() {
            let _ = write!(out, "{label:<name_width$}");
            for (col, width) in columns.iter().zip(&widths) {
                let cell = col.get(row).map(String::as_str).unwrap_or("");
                let _ = write!(out, "  {cell:>width$}");
            }
            out.push('\n');
        }
        out.push_str("(* elected, - excluded, w withdrawn)\n\n");
        for stage in &self.stages {
            let _ = writeln!(out, "Stage {}: {}", stage.number, stage.description);
            for note in &stage.notes {
                let _ = writeln!(out, "    {note}");
            }
        }
        out.push('\n');
        let _ = writeln!(out, "Elected:");
        for (i, e) in self.elected.iter().enumerate() {
            let _ = writeln!(out, "  {}. {} (stage {})", i + 1, e.name, e.stage);
        }
        for note in &self.notes {
            let _ = writeln!(out, "Note: {note}");
        }
        out
    }
}
