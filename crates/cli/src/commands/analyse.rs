//! `slatewise analyse`: how a set of regional orders treats each candidate, position by
//! position: Latin-square balance, unbalanced positions, and supporter weights.

use std::path::{Path, PathBuf};

use clap::ValueEnum;
use slatewise_slate::{Analysis, Guide, Weights, analyse};

use super::lookup::{json_line, load_guide, read};
use crate::error::CliError;
use crate::output;

/// How to print the analysis.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Tables for reading.
    Text,
    /// The analysis as one JSON object.
    Json,
    /// One row per candidate and position.
    Csv,
}

/// Arguments of `slatewise analyse`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A slate file (JSON) whose orders to analyse, instead of the built-in #GV6 2020 orders.
    #[arg(long, value_name = "FILE")]
    pub slate: Option<PathBuf>,
    /// Supporters per region, a CSV table with the header `region,supporters` (default: the
    /// slate file's membership figures, else one per region).
    #[arg(long, value_name = "FILE.csv")]
    pub weights: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Write the output to this file (atomically) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// Run `slatewise analyse`.
pub fn run(args: Args) -> Result<(), CliError> {
    let guide = load_guide(args.slate.as_deref())?;
    let (weights, source) = load_weights(&guide, args.weights.as_deref())?;
    let analysis = analyse(&guide, &weights).map_err(CliError::msg)?;
    let text = match args.format {
        Format::Text => text(&analysis, &source),
        Format::Json => json_line(&analysis),
        Format::Csv => csv(&analysis),
    };
    output::emit(args.out.as_deref(), &text)
}

/// Weights from a CSV file, or the guide's membership figures, or one per region; with a
/// phrase saying which.
pub(crate) fn load_weights(
    guide: &Guide,
    path: Option<&Path>,
) -> Result<(Weights, String), CliError> {
    if let Some(path) = path {
        let csv = read(path)?;
        let weights = guide
            .weights_from_csv(&csv)
            .map_err(|e| CliError::msg(format!("{}: {e}", path.display())))?;
        let source = format!("supporters from {}", path.display());
        return Ok((weights, source));
    }
    match (guide.estimated_weights(), guide.membership()) {
        (Some(weights), Some(membership)) => {
            let kind = if membership.estimate {
                "membership ESTIMATES"
            } else {
                "membership figures"
            };
            let source = format!("{kind} ({})", membership.source);
            Ok((weights, source))
        }
        _ => Ok((
            guide.uniform_weights(),
            "one supporter per region (no weights given)".to_owned(),
        )),
    }
}

fn text(a: &Analysis, source: &str) -> String {
    let k = a.k();
    let mut out = String::new();
    out.push_str(&format!(
        "{} orders of {k} candidates; weights: {source}, {} in all.\n",
        a.groups.len(),
        thousands(a.total)
    ));
    let yes_no = |b: bool| if b { "yes" } else { "no" };
    out.push_str(&format!(
        "Latin square: {}. Balanced (Williams) square: {}.\n",
        yes_no(a.latin_square),
        yes_no(a.williams_square)
    ));
    let balanced: Vec<String> = (1..=k)
        .filter(|j| a.unbalanced.iter().all(|u| u.position != *j))
        .map(|j| j.to_string())
        .collect();
    out.push_str(&format!(
        "Balanced positions (every candidate equally often): {}.\n",
        if balanced.is_empty() {
            "none".to_owned()
        } else {
            balanced.join(", ")
        }
    ));
    for u in &a.unbalanced {
        let tallies: Vec<String> = u
            .over
            .iter()
            .chain(&u.under)
            .map(|t| match t.count {
                0 => format!("{} never", t.candidate),
                1 => format!("{} once", t.candidate),
                n => format!("{} {n} times", t.candidate),
            })
            .collect();
        out.push_str(&format!(
            "  position {} is unbalanced: {}\n",
            u.position,
            tallies.join(", ")
        ));
    }

    let width = a
        .candidates
        .iter()
        .map(|c| c.len())
        .max()
        .unwrap_or(0)
        .max(9);
    out.push_str("\nOrders putting each candidate at each position:\n");
    out.push_str(&header(width, k, 4));
    for (c, name) in a.candidates.iter().enumerate() {
        out.push_str(&format!("{name:width$}"));
        for j in 0..k {
            out.push_str(&format!("{:>4}", a.counts[c][j]));
        }
        out.push('\n');
    }

    out.push_str(&format!(
        "\nSupporters putting each candidate at each position (mean {}):\n",
        thousands(a.mean())
    ));
    out.push_str(&header(width, k, 18));
    for (c, name) in a.candidates.iter().enumerate() {
        out.push_str(&format!("{name:width$}"));
        for j in 0..k {
            let cell = format!(
                "{} ({:+.1}%)",
                thousands(a.weights[c][j]),
                100.0 * a.deviation(c, j)
            );
            out.push_str(&format!(" {cell:>17}"));
        }
        out.push('\n');
    }
    if let Some((c, j, d)) = a.worst() {
        out.push_str(&format!(
            "\nLargest deviation from the mean: {:.1}% ({} at position {}).\n",
            100.0 * d.abs(),
            a.candidates[c],
            j + 1
        ));
    }
    out.push_str("\nGroups:\n");
    for g in &a.groups {
        let label = g
            .label
            .as_deref()
            .map(|l| format!("{l}: "))
            .unwrap_or_default();
        out.push_str(&format!(
            "  {label}{} supporters in {}\n",
            thousands(g.supporters),
            g.regions.join(", ")
        ));
    }
    out
}

fn header(width: usize, k: usize, cell: usize) -> String {
    let mut line = format!("{:width$}", "candidate");
    for j in 1..=k {
        line.push_str(&format!("{j:>cell$}"));
    }
    line.push('\n');
    line
}

fn csv(a: &Analysis) -> String {
    let mut out = String::from("candidate,position,orders,supporters,deviation\n");
    for (c, name) in a.candidates.iter().enumerate() {
        for j in 0..a.k() {
            out.push_str(&format!(
                "{},{},{},{},{:.6}\n",
                quote(name),
                j + 1,
                a.counts[c][j],
                a.weights[c][j],
                a.deviation(c, j)
            ));
        }
    }
    out
}

/// Quote a CSV field if it needs it.
pub(crate) fn quote(field: &str) -> String {
    if field.contains([',', '"', '\n']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_owned()
    }
}

/// A count with thousands separators, rounded to a whole number ("552,175").
pub(crate) fn thousands(x: f64) -> String {
    let rounded = x.round();
    let digits = format!("{}", rounded.abs() as u64);
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if rounded < 0.0 {
        out.insert(0, '-');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(552_175.0), "552,175");
        assert_eq!(thousands(92_029.17), "92,029");
        assert_eq!(thousands(999.5), "1,000");
        assert_eq!(thousands(-1234.0), "-1,234");
        assert_eq!(thousands(0.0), "0");
    }
}
