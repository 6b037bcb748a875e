//! `slatewise lookup REGION`: the order recommended to a region's members.
//!
//! Also home of [`load_guide`], which `analyse` and `advise` share: `--slate FILE` or the
//! built-in #GV6 2020 data.

use std::path::{Path, PathBuf};

use clap::ValueEnum;
use slatewise_slate::{AFTER_THE_SLATE, Guide, gv6_2020};

use crate::error::CliError;
use crate::output;

/// How to print the answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A numbered list and a sentence on ranking after the slate.
    Text,
    /// `{"region": "<canonical name>", "order": ["<name>", ...]}`.
    Json,
}

/// Arguments of `slatewise lookup`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The region, written any way you like: "south west", "Yorkshire", "NI", "abroad",
    /// "north-and-east-london".
    #[arg(required_unless_present = "list")]
    pub region: Option<String>,
    /// A slate file (JSON) instead of the built-in #GV6 2020 data.
    #[arg(long, value_name = "FILE")]
    pub slate: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// List the regions (names, ids and aliases) instead of looking one up.
    #[arg(long, conflicts_with = "region")]
    pub list: bool,
}

/// Run `slatewise lookup`.
pub fn run(args: Args) -> Result<(), CliError> {
    let guide = load_guide(args.slate.as_deref())?;
    // clap makes REGION and --list exclusive, and one of them required.
    let text = match &args.region {
        Some(region) => advice(&guide, region, args.format)?,
        None => list(&guide, args.format),
    };
    output::emit(None, &text)
}

/// The guide in `path`, or the built-in #GV6 2020 data.
pub(crate) fn load_guide(path: Option<&Path>) -> Result<Guide, CliError> {
    let Some(path) = path else {
        return Ok(gv6_2020());
    };
    let json = read(path)?;
    Guide::from_json(&json).map_err(|e| CliError::msg(format!("{}: {e}", path.display())))
}

/// A file's text, or an error naming it.
pub(crate) fn read(path: &Path) -> Result<String, CliError> {
    std::fs::read_to_string(path).map_err(|source| CliError::Io {
        path: path.display().to_string(),
        source,
    })
}

fn advice(guide: &Guide, region: &str, format: Format) -> Result<String, CliError> {
    let advice = guide.lookup(region).map_err(CliError::msg)?;
    Ok(match format {
        Format::Json => json_line(&advice),
        Format::Text => {
            let mut text = format!("Recommended order for {}:\n", advice.region.name);
            for (i, name) in advice.order.iter().enumerate() {
                text.push_str(&format!("  {}. {name}\n", i + 1));
            }
            text.push('\n');
            text.push_str(AFTER_THE_SLATE);
            text.push('\n');
            text
        }
    })
}

fn list(guide: &Guide, format: Format) -> String {
    match format {
        Format::Json => json_line(&guide.regions()),
        Format::Text => {
            let width = guide
                .regions()
                .iter()
                .map(|r| r.name.len())
                .max()
                .unwrap_or(0);
            let mut text = String::new();
            for region in guide.regions() {
                let mut line = format!("{:width$}  {}", region.name, region.id);
                if !region.aliases.is_empty() {
                    line.push_str(&format!("  (also: {})", region.aliases.join(", ")));
                }
                text.push_str(line.trim_end());
                text.push('\n');
            }
            text
        }
    }
}

/// Pretty JSON and a newline. Serialising these plain data types cannot fail.
pub(crate) fn json_line(value: &impl serde::Serialize) -> String {
    let mut json = serde_json::to_string_pretty(value).unwrap_or_default();
    json.push('\n');
    json
}
