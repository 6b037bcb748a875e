//! `slatewise advise`: design balanced regional orders (a Williams square whose rows are
//! assigned to groups of regions with equal supporters) and compare them with the slate
//! file's own orders.

use std::path::PathBuf;

use clap::ValueEnum;
use slatewise_slate::{Design, DesignConfig, Guide, Weights, analyse, design};

use super::analyse::{load_weights, quote, thousands};
use super::lookup::{json_line, load_guide, read};
use crate::error::CliError;
use crate::output;

/// How to print the design.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// The orders, group by group, and the balance figures.
    Text,
    /// `{"orders": [{"regions": [...], "order": [...]}, ...], "balance": {...}}`.
    Json,
    /// One row per region: `group,region,1,2,...`.
    Csv,
}

/// Arguments of `slatewise advise`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A slate file (JSON) instead of the built-in #GV6 2020 data; its orders, if any, are
    /// only used for comparison.
    #[arg(long, value_name = "FILE")]
    pub slate: Option<PathBuf>,
    /// Supporters per region, a CSV table with the header `region,supporters` (default: the
    /// slate file's membership figures; for the built-in data, the 2018 estimates with London
    /// split in three).
    #[arg(long, value_name = "FILE.csv")]
    pub weights: Option<PathBuf>,
    /// Personal votes per candidate, a CSV table with the header `candidate,votes`: first
    /// preferences they get whatever the order says.
    #[arg(long, value_name = "FILE.csv")]
    pub personal: Option<PathBuf>,
    /// How much of the personal votes to correct for, from 0 to 1.
    #[arg(long, default_value_t = slatewise_slate::DEFAULT_SHRINK)]
    pub shrink: f64,
    /// Split a region into equal parts that may follow different orders (repeatable), e.g.
    /// --split "North West=2".
    #[arg(long, value_name = "REGION=PARTS", value_parser = parse_split)]
    pub split: Vec<(String, usize)>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Write the output to this file (atomically) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Also write the designed orders as a slate file, for `slatewise lookup --slate`.
    #[arg(long, value_name = "FILE")]
    pub save_slate: Option<PathBuf>,
}

fn parse_split(s: &str) -> Result<(String, usize), String> {
    let (region, parts) = s
        .rsplit_once('=')
        .ok_or_else(|| format!("expected REGION=PARTS, found \"{s}\""))?;
    let parts = parts
        .trim()
        .parse()
        .map_err(|_| format!("not a number of parts: \"{}\"", parts.trim()))?;
    Ok((region.trim().to_owned(), parts))
}

/// Run `slatewise advise`.
pub fn run(args: Args) -> Result<(), CliError> {
    let guide = load_guide(args.slate.as_deref())?;
    let (weights, source) = load_weights(&guide, args.weights.as_deref())?;
    let personal = match &args.personal {
        Some(path) => Some(
            guide
                .personal_votes_from_csv(&read(path)?)
                .map_err(|e| CliError::msg(format!("{}: {e}", path.display())))?,
        ),
        None => None,
    };
    let config = DesignConfig {
        personal,
        shrink: args.shrink,
        split: args.split.clone(),
        ..DesignConfig::default()
    };
    let design = design(&guide, &weights, &config).map_err(CliError::msg)?;
    let published = published_deviation(&guide, &weights);
    let text = match args.format {
        Format::Text => text(&design, &source, published),
        Format::Json => json_line(&json_report(&design, published)),
        Format::Csv => csv(&design),
    };
    if let Some(path) = &args.save_slate {
        let mut json = design.guide.to_json();
        json.push('\n');
        output::write_atomically(path, json.as_bytes())?;
    }
    output::emit(args.out.as_deref(), &text)
}

/// The balance measure of the slate file's own orders, when it has some.
fn published_deviation(guide: &Guide, weights: &Weights) -> Option<Published> {
    let analysis = analyse(guide, weights).ok()?;
    let (c, j, _) = analysis.worst()?;
    Some(Published {
        deviation: analysis.max_deviation(),
        candidate: analysis.candidates[c].clone(),
        position: j + 1,
        supporters: analysis.weights[c][j],
    })
}

/// Where the slate file's own orders are least balanced.
struct Published {
    deviation: f64,
    candidate: String,
    position: usize,
    supporters: f64,
}

fn percent(fraction: f64) -> String {
    format!("{:.1}%", 100.0 * fraction)
}

fn text(d: &Design, source: &str, published: Option<Published>) -> String {
    let b = &d.balance;
    let k = d.guide.slate().len();
    let mean = d.weights.total() / k as f64;
    let mut out = format!(
        "Balanced orders: a Williams square of {k} candidates, its rows assigned to groups of \
         regions.\nWeights: {source}; {} supporters in {} regions.\n",
        thousands(d.weights.total()),
        d.guide.regions().len()
    );
    if !d.carryover_balanced {
        out.push_str(
            "Note: with an odd number of candidates one square balances positions but not \
             who stands just above whom.\n",
        );
    }
    for (group, row) in d.groups().iter().zip(d.group_rows()) {
        let label = group.label.as_deref().unwrap_or("?");
        let target = b.targets[row];
        out.push_str(&format!(
            "\nGroup {label}: {} supporters (target {}, {:+.1}%)\n  regions: {}\n",
            thousands(group.supporters),
            thousands(target),
            if target > 0.0 {
                100.0 * (group.supporters - target) / target
            } else {
                0.0
            },
            group.regions.join(", ")
        ));
        for (i, name) in group.order.iter().enumerate() {
            out.push_str(&format!("  {}. {name}\n", i + 1));
        }
    }
    out.push_str(&format!(
        "\nBalance:\n  group totals from {} to {} (largest / smallest = {:.3})\n",
        thousands(b.min_total),
        thousands(b.max_total),
        b.ratio()
    ));
    out.push_str(&format!(
        "  largest deviation from a target: {} supporters ({} of the mean group, {})\n",
        thousands(b.max_deviation),
        percent(b.relative_deviation),
        thousands(mean)
    ));
    if b.proved_optimal {
        out.push_str("  best possible: yes, no assignment of these regions does better (proved)\n");
    } else {
        out.push_str(&format!(
            "  best possible: not proved; no assignment can do better than {} supporters\n",
            thousands(b.lower_bound)
        ));
    }
    out.push_str(&format!(
        "  every candidate's weight in every position is within {} of the mean\n",
        percent(d.analysis.max_deviation())
    ));
    if let Some(p) = published {
        out.push_str(&format!(
            "  the slate file's own orders: within {} ({} at position {} gets {})\n",
            percent(p.deviation),
            p.candidate,
            p.position,
            thousands(p.supporters)
        ));
    }
    out
}

fn json_report(d: &Design, published: Option<Published>) -> serde_json::Value {
    d.report_json(published.map(|p| p.deviation))
}

fn csv(d: &Design) -> String {
    let k = d.guide.slate().len();
    let mut out = String::from("group,region");
    for j in 1..=k {
        out.push_str(&format!(",{j}"));
    }
    out.push('\n');
    for group in d.groups() {
        for region in &group.regions {
            out.push_str(&format!(
                "{},{}",
                quote(group.label.as_deref().unwrap_or("")),
                quote(region)
            ));
            for name in &group.order {
                out.push_str(&format!(",{}", quote(name)));
            }
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_are_region_equals_parts() {
        assert_eq!(parse_split("North West=2"), Ok(("North West".into(), 2)));
        assert_eq!(parse_split(" a=b = 3 "), Ok(("a=b".into(), 3)));
        assert!(parse_split("North West").is_err());
        assert!(parse_split("North West=two").is_err());
    }
}
