//! The transcript as CSV: one row per stage, one column per candidate.

use super::Transcript;

/// Quote a CSV field when it needs it (RFC 4180).
fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

impl Transcript {
    /// Render as CSV: `stage,action,candidates,transfer_value,quota,<candidate...>,exhausted,rounding_loss,elected,excluded`.
    pub fn to_csv(&self) -> String {
        let mut header = vec!["stage", "action", "candidates", "transfer_value", "quota"]
            .into_iter()
            .map(String::from)
            .collect::<Vec<_>>();
        header.extend(self.candidates.iter().cloned());
        header.extend(["exhausted", "rounding_loss", "elected", "excluded"].map(String::from));
        let mut out = header
            .iter()
            .map(|h| field(h))
            .collect::<Vec<_>>()
            .join(",");
        out.push('\n');
        for stage in &self.stages {
            let mut row = vec![
                stage.number.to_string(),
                stage.action.as_str().to_string(),
                stage.candidates.join("; "),
                stage.transfer_value.clone().unwrap_or_default(),
                stage.quota.clone(),
            ];
            row.extend(stage.tallies.iter().map(|(_, v)| v.to_string()));
            row.push(stage.exhausted.clone());
            row.push(stage.rounding_loss.clone());
            row.push(stage.elected.join("; "));
            row.push(stage.excluded.join("; "));
            out.push_str(&row.iter().map(|f| field(f)).collect::<Vec<_>>().join(","));
            out.push('\n');
        }
        out
    }
}
