//! The bindings' logic as plain Rust: strings in, `Result<String, String>` out, with the same
//! JSON the `slatewise` command prints. Nothing here knows about JavaScript, so it is tested
//! natively like any other code; `lib.rs` only wraps these functions for wasm-bindgen.

use serde::Deserialize;
use serde_json::{Value, json};
use slatewise_slate::{AFTER_THE_SLATE, DesignConfig, Guide, SlateError, Weights, gv6_2020};
use slatewise_stv::io::{self, CsvOptions, Format};
use slatewise_stv::{Method, Rules};

/// The largest election file the page accepts (16 MiB): bigger ones are refused before parsing.
pub const MAX_FILE_BYTES: usize = 16 << 20;

/// The most seats a pasted file may ask for through the `seats` override.
const MAX_SEATS: usize = 10_000;

/// The guide in `slate` (a slate file's JSON), or the built-in #GV6 2020 data when it is blank.
pub fn guide(slate: Option<&str>) -> Result<Guide, String> {
    match slate.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(gv6_2020()),
        Some(json) => Guide::from_json(json).map_err(|e| e.to_string()),
    }
}

/// `slatewise lookup --list --format json`: every region with its id and aliases.
pub fn regions(slate: Option<&str>) -> Result<String, String> {
    let guide = guide(slate)?;
    Ok(to_json(&guide.regions()))
}

/// `slatewise lookup REGION --format json`: `{"region": "...", "order": [...]}`.
pub fn lookup(query: &str, slate: Option<&str>) -> Result<String, String> {
    let guide = guide(slate)?;
    let advice = guide.lookup(query).map_err(|e| e.to_string())?;
    Ok(to_json(&advice))
}

/// What the page shows for a region: the lookup's answer plus the region's id (for links), its
/// group's label and the sentence on ranking after the slate.
pub fn advice(query: &str, slate: Option<&str>) -> Result<String, String> {
    let guide = guide(slate)?;
    let advice = guide.lookup(query).map_err(|e| e.to_string())?;
    Ok(to_json(&json!({
        "region": advice.region.name,
        "id": advice.region.id,
        "group": advice.group.label,
        "order": advice.order,
        "after_the_slate": AFTER_THE_SLATE,
    })))
}

/// The regions a query could mean, best first, as `{"matches": [...], "exact": bool}`:
/// the one region when it is recognised, otherwise the suggestions of the error (possibly none).
pub fn suggest(query: &str, slate: Option<&str>) -> Result<String, String> {
    let guide = guide(slate)?;
    let (matches, exact) = match guide.region(query) {
        Ok(region) => (vec![region.name.clone()], true),
        Err(SlateError::UnknownRegion { suggestions, .. }) => (suggestions, false),
        Err(SlateError::AmbiguousRegion { matches, .. }) => (matches, false),
        Err(_) => (Vec::new(), false),
    };
    Ok(to_json(&json!({ "matches": matches, "exact": exact })))
}

/// `slatewise analyse --format json`, with weights from a `region,supporters` CSV table, else
/// the slate file's membership figures, else one per region.
pub fn analyse(slate: Option<&str>, weights_csv: Option<&str>) -> Result<String, String> {
    let guide = guide(slate)?;
    let weights = weights(&guide, weights_csv)?;
    let analysis = slatewise_slate::analyse(&guide, &weights).map_err(|e| e.to_string())?;
    Ok(to_json(&analysis))
}

/// Options of [`design`], as JSON: every field may be left out.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct DesignOptions {
    /// Supporters per region, a CSV table with the header `region,supporters`.
    #[serde(default)]
    weights: Option<String>,
    /// Personal votes, a CSV table with the header `candidate,votes`.
    #[serde(default)]
    personal: Option<String>,
    /// How much of the personal votes to correct for (0 to 1).
    #[serde(default)]
    shrink: Option<f64>,
    /// Regions to split: `[["North West", 2], ...]`.
    #[serde(default)]
    split: Vec<(String, usize)>,
}

/// `slatewise advise --format json`: balanced orders for the slate's regions, and how balanced
/// they and the slate file's own orders are. `options` is blank or JSON: `{"weights": CSV,
/// "personal": CSV, "shrink": 0.5, "split": [["North West", 2]]}`, every field optional.
pub fn design(slate: Option<&str>, options: Option<&str>) -> Result<String, String> {
    let guide = guide(slate)?;
    let options: DesignOptions = match options.map(str::trim).filter(|s| !s.is_empty()) {
        None => DesignOptions::default(),
        Some(json) => serde_json::from_str(json).map_err(|e| format!("design options: {e}"))?,
    };
    let weights = weights(&guide, options.weights.as_deref())?;
    let personal = match options.personal.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(csv) => Some(
            guide
                .personal_votes_from_csv(csv)
                .map_err(|e| format!("personal votes: {e}"))?,
        ),
        None => None,
    };
    let config = DesignConfig {
        personal,
        shrink: options.shrink.unwrap_or(slatewise_slate::DEFAULT_SHRINK),
        split: options.split,
        ..DesignConfig::default()
    };
    let design = slatewise_slate::design(&guide, &weights, &config).map_err(|e| e.to_string())?;
    Ok(to_json(&design_report(&guide, &weights, &design)))
}

/// The JSON of `slatewise advise --format json` (the same document, built by the same code).
fn design_report(guide: &Guide, weights: &Weights, d: &slatewise_slate::Design) -> Value {
    let published = slatewise_slate::analyse(guide, weights)
        .ok()
        .filter(|a| a.worst().is_some())
        .map(|a| a.max_deviation());
    d.report_json(published)
}

/// Weights from a CSV table, or the guide's membership figures, or one per region (as the CLI).
fn weights(guide: &Guide, csv: Option<&str>) -> Result<Weights, String> {
    match csv.filter(|s| !s.trim().is_empty()) {
        Some(csv) => guide
            .weights_from_csv(csv)
            .map_err(|e| format!("weights: {e}")),
        None => Ok(guide
            .estimated_weights()
            .unwrap_or_else(|| guide.uniform_weights())),
    }
}

/// `slatewise count FILE --rule RULE --format json` for an election file's text: the
/// transcript. `format` is `blt`, `csv`, `json` or blank (guessed from the content); `seats`
/// overrides the file's number (and is required for CSV).
pub fn count(
    text: &str,
    rule: &str,
    format: Option<&str>,
    seats: Option<usize>,
) -> Result<String, String> {
    if text.len() > MAX_FILE_BYTES {
        return Err(format!(
            "the file is too large ({} bytes); the page counts files of up to {} MiB",
            text.len(),
            MAX_FILE_BYTES >> 20
        ));
    }
    if text.trim().is_empty() {
        return Err("the election file is empty".to_owned());
    }
    let method: Method = match rule.trim() {
        "" => Method::Meek,
        name => name.parse()?,
    };
    let bytes = text.as_bytes();
    let format = match format.map(str::trim).filter(|s| !s.is_empty()) {
        Some(name) => name.parse::<Format>().map_err(|e| e.to_string())?,
        None => Format::sniff(bytes),
    };
    if let Some(s) = seats {
        if s == 0 || s > MAX_SEATS {
            return Err(format!("seats must be from 1 to {MAX_SEATS}, not {s}"));
        }
    }
    let csv_seats = match (format, seats) {
        (Format::Csv, None) => {
            return Err("a CSV file does not say how many seats; give the number of seats".into());
        }
        (_, seats) => seats.unwrap_or(1),
    };
    let source = format!("pasted.{}", format.name());
    let mut election =
        io::read(format, bytes, &source, &CsvOptions::new(csv_seats)).map_err(|e| e.to_string())?;
    if let Some(seats) = seats {
        election.seats = seats;
    }
    let transcript = slatewise_stv::count(&election, &Rules::preset(method))
        .map_err(|e| format!("{source}: {e}"))?;
    Ok(transcript.to_json())
}

/// The counting rules the page offers, as `[{"name": "meek", "description": "..."}]`.
pub fn rules() -> String {
    let list: Vec<Value> = Method::ALL
        .iter()
        .map(|&m| json!({ "name": m.name(), "description": Rules::preset(m).describe() }))
        .collect();
    to_json(&list)
}

/// Pretty JSON, as the CLI prints it (without its final newline). Plain data cannot fail to
/// serialise.
fn to_json(value: &impl serde::Serialize) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWINS: &str =
        "3 2\n4 1 2 0\n2 3 0\n1 2 0\n0\n\"Castor\"\n\"Pollux\"\n\"Helen\"\n\"Twins\"\n";

    fn parse(json: &str) -> Value {
        serde_json::from_str(json).expect("valid JSON")
    }

    #[test]
    fn lookup_matches_the_cli_schema() {
        let v = parse(&lookup("wales", None).unwrap());
        assert_eq!(v["region"], "Wales");
        assert_eq!(v["order"][0], "Ann Henderson");
        assert_eq!(v.as_object().unwrap().len(), 2);
    }

    #[test]
    fn lookup_forgives_spellings() {
        for (query, region) in [
            ("south-west", "South West"),
            ("northern-ireland", "Northern Ireland"),
            ("NI", "Northern Ireland"),
            ("yorkshire", "Yorkshire & the Humber"),
            ("Sout West", "South West"),
        ] {
            let v = parse(&lookup(query, None).unwrap());
            assert_eq!(v["region"], region, "{query}");
        }
    }

    #[test]
    fn unknown_region_is_a_one_line_error_with_suggestions() {
        let err = lookup("Sout Wst", None).unwrap_err();
        assert_eq!(
            err,
            r#"unknown region "Sout Wst"; did you mean: South West, South East?"#
        );
        let v = parse(&suggest("Sout Wst", None).unwrap());
        assert_eq!(v["matches"][0], "South West");
        assert_eq!(v["exact"], false);
    }

    #[test]
    fn advice_has_id_and_the_sentence_after_the_slate() {
        let v = parse(&advice("north west", None).unwrap());
        assert_eq!(v["id"], "north-west");
        assert_eq!(v["after_the_slate"], AFTER_THE_SLATE);
        assert_eq!(v["order"].as_array().unwrap().len(), 6);
    }

    #[test]
    fn regions_lists_fifteen() {
        let v = parse(&regions(None).unwrap());
        assert_eq!(v.as_array().unwrap().len(), 15);
    }

    #[test]
    fn analyse_and_design_run_on_the_builtin_data() {
        let a = parse(&analyse(None, None).unwrap());
        assert_eq!(a["latin_square"], false);
        let d = parse(&design(None, Some("")).unwrap());
        assert_eq!(d["orders"].as_array().unwrap().len(), 6);
        assert!(d["balance"]["published_position_deviation"].is_number());
        assert!(design(None, Some("{\"shrink\": 2}")).is_err());
        assert!(design(None, Some("{\"nope\": 1}")).is_err());
    }

    #[test]
    fn count_gives_the_cli_transcript() {
        let t = parse(&count(TWINS, "scottish", None, None).unwrap());
        assert_eq!(t["rule"], "scottish");
        assert_eq!(t["elected"].as_array().unwrap().len(), 2);
    }

    #[test]
    fn bad_input_is_an_error_not_a_panic() {
        for text in [
            "",
            "   ",
            "x",
            "3 2\n",
            "99999999999999999999 1\n",
            "2 1\n1 1 2 0\n0\n",
            "{",
            "\u{0}\u{1}\u{2}",
            "2 1\n1 3 0\n0\n\"a\"\n\"b\"\n\"t\"\n",
            "2 1\n-1 1 0\n0\n\"a\"\n\"b\"\n\"t\"\n",
        ] {
            assert!(count(text, "meek", None, None).is_err(), "{text:?}");
        }
        assert!(count(TWINS, "nonsense", None, None).is_err());
        assert!(count(TWINS, "meek", Some("xml"), None).is_err());
        assert!(count(TWINS, "meek", None, Some(0)).is_err());
        assert!(count("a,b\n1,2\n", "meek", Some("csv"), None).is_err());
        assert!(lookup("", None).is_err());
        assert!(guide(Some("{")).is_err());
        assert!(regions(Some("[]")).is_err());
    }

    #[test]
    fn names_are_kept_as_text() {
        let blt = "2 1\n3 1 0\n1 2 0\n0\n\"<img src=x onerror=alert(1)>\"\n\"Bob\"\n\"T\"\n";
        let t = parse(&count(blt, "scottish", None, None).unwrap());
        assert_eq!(t["elected"][0]["name"], "<img src=x onerror=alert(1)>");
    }

    #[test]
    fn rules_are_listed() {
        let v = parse(&rules());
        assert_eq!(v.as_array().unwrap().len(), Method::ALL.len());
    }
}
