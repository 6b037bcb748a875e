//! Renderings of a [`Report`]: text, JSON, CSV and a self-contained HTML page with SVG charts.
//! The report is the single source: renderers only format its numbers.

mod csv;
mod html;
mod svg;
mod text;

use crate::results::Report;

impl Report {
    /// A readable summary: the strategies side by side, paired differences with confidence
    /// intervals, expected seats by faction, and each candidate's chance of election.
    pub fn to_text(&self) -> String {
        text::render(self)
    }

    /// The report as pretty-printed JSON (`{"runs", "seed", "strategies": [...], ...}`),
    /// byte-identical for the same scenario, options and seed.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }

    /// One row per number: `strategy,measure,subject,seats,value`.
    pub fn to_csv(&self) -> String {
        csv::render(self)
    }

    /// One self-contained HTML page (inline CSS and SVG, no scripts, no network).
    pub fn to_html(&self) -> String {
        html::render(self)
    }
}

/// A probability as a percentage with one decimal.
pub(crate) fn pct(p: f64) -> String {
    format!("{:.1}%", p * 100.0)
}

/// A signed number of percentage points.
pub(crate) fn pp(p: f64) -> String {
    format!("{:+.1}", p * 100.0)
}
