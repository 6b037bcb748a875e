//! Conformance with the reference reports of Droop.py (J. Lundell, `jklundell/droop`).
//!
//! Data: `../shared/corpus/droop` — ballots in `blt/`, and for each count Droop made a report
//! (`ref/report/`), a tab-separated dump with one row per action (`ref/dump/`) and a JSON form,
//! all named `<ballots>-<rule tag>-<arithmetic tag>.txt`, e.g. `42-meek-prf-o6-fixed-p9-d9`,
//! with the ballots at `blt/<same folder>/<ballots>.blt`.
//!
//! For every report whose rule we count ([`rules_for`], the one place that maps Droop's tags to
//! our [`Rules`]), [`check_report`] counts the ballots and checks:
//!
//! - the winners, in Droop's order of election (its `Elect` and `Elect remaining` actions);
//! - the defeated candidates in order (every `Defeat` action except `Defeat remaining`);
//! - one stage per Droop round: stage 1 is Droop's `begin` row, stage `r + 1` is round `r`;
//! - at each of those, the quota and every candidate's vote and keep factor against the first
//!   decision row (`elect` or `defeat`) of the round, to the digits Droop displays. Fixed and
//!   guarded numbers are displayed the same way by both programs, so they must be equal; Droop
//!   rounds rational numbers to the display digits where we truncate, so there Droop's digits
//!   must be ours or ours plus one unit in the last place.
//!
//! For the Gregory rules (Droop's `wigm-prf`, `wigm` and `scotland`), [`check_gregory_report`]
//! checks the winners in order, the defeated in order, the quota, and every candidate's vote
//! and the non-transferable total at the end of every round, to the digits Droop displays.
//! Droop's Scottish rule transfers a surplus of exactly zero as a round of its own, which the
//! Order does not (rule 48(1): only a total that *exceeds* the quota has a surplus), so rounds
//! that change nothing are dropped from both sides before the comparison.
//!
//! Droop's tie order is the ballot file's candidate order unless the file gives `[tie]`; we
//! give the election that order explicitly, since our own default is a seeded lot.
//!
//! Every failure names its file; all files are checked before the test fails.

use std::fs;
use std::path::{Path, PathBuf};

use slatewise_stv::arith::ArithmeticKind;
use slatewise_stv::transcript::Stage;
use slatewise_stv::{CandidateId, DefeatBatch, Method, Rules, Transcript, count, io};

fn corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/droop")
}

/// A reference file's name, split into its parts.
#[derive(Debug, PartialEq, Eq)]
struct Tag {
    /// Ballot file stem (`SC-Vm-12`).
    ballots: String,
    /// Rule tag (`meek-prf-o6`, `warren-o9`).
    rule: String,
    /// Arithmetic tag (`fixed-p9-d9`, `guarded-p18-g9-d18`, `rational-d12`).
    arithmetic: String,
}

const RULE_NAMES: [&str; 7] = ["meek", "warren", "wigm", "scotland", "cfer", "mpls", "qpq"];
const ARITHMETIC_NAMES: [&str; 3] = ["fixed", "guarded", "rational"];

/// Split `<ballots>-<rule tag>-<arithmetic tag>` (ballot names may contain `-`).
fn parse_tag(stem: &str) -> Option<Tag> {
    let parts: Vec<&str> = stem.split('-').collect();
    let rule_at = (1..parts.len()).find(|&i| RULE_NAMES.contains(&parts[i]))?;
    let arith_at = (rule_at + 1..parts.len()).find(|&i| ARITHMETIC_NAMES.contains(&parts[i]))?;
    Some(Tag {
        ballots: parts[..rule_at].join("-"),
        rule: parts[rule_at..arith_at].join("-"),
        arithmetic: parts[arith_at..].join("-"),
    })
}

/// The value of a `<letter><number>` part of a tag (`p18` → 18).
fn tag_number(parts: &[&str], letter: char) -> Option<u32> {
    parts
        .iter()
        .find_map(|p| p.strip_prefix(letter).and_then(|n| n.parse().ok()))
}

/// Our rules for a Droop rule and arithmetic tag, or `None` for rules this harness skips.
fn rules_for(rule: &str, arithmetic: &str) -> Option<Rules> {
    let rule_parts: Vec<&str> = rule.split('-').collect();
    let mut rules = match rule_parts[0] {
        // Droop's `meek-prf`: the PR Foundation reference (fixed 9 places, omega 6, no batches).
        "meek" if rule_parts.get(1) == Some(&"prf") => {
            let mut r = Rules::preset(Method::Meek);
            r.defeat_batch = DefeatBatch::None;
            r
        }
        // Droop's generic `meek` and `warren`: batch defeats `safe` by default.
        "meek" | "warren" => {
            let method = if rule_parts[0] == "meek" {
                Method::Meek
            } else {
                Method::Warren
            };
            let mut r = Rules::preset(method);
            r.defeat_batch = DefeatBatch::Safe;
            r
        }
        // Droop's `wigm-prf` (fixed) and generic `wigm` (guarded, rational) are both our `wigm`:
        // the arithmetic selects the variant. `scotland` is our `scottish`.
        "wigm" => {
            let mut r = Rules::preset(Method::Wigm);
            if rule_parts.contains(&"batch") {
                r.defeat_batch = DefeatBatch::Safe;
            }
            r
        }
        "scotland" => Rules::preset(Method::Scottish),
        // CfER, Minneapolis and QPQ are out of scope.
        "cfer" | "mpls" | "qpq" => return None,
        _ => return None,
    };
    if let Some(omega) = tag_number(&rule_parts, 'o') {
        rules.omega = omega;
    }
    let arith_parts: Vec<&str> = arithmetic.split('-').collect();
    rules.arithmetic = arith_parts[0].parse::<ArithmeticKind>().ok()?;
    if let Some(p) = tag_number(&arith_parts, 'p') {
        rules.precision = p;
    }
    rules.guard = tag_number(&arith_parts, 'g').unwrap_or(0);
    rules.display = tag_number(&arith_parts, 'd').unwrap_or(rules.precision);
    Some(rules)
}

/// One data row of a Droop dump.
struct Row {
    round: String,
    action: String,
    quota: String,
    /// The fixed columns by header name (`Quota`, `Non-Transferable`, ...).
    fixed: Vec<(String, String)>,
    /// `(name, state, vote, keep factor)` for every eligible candidate (no keep factor for
    /// the Gregory rules).
    candidates: Vec<(String, String, String, String)>,
}

fn parse_dump(text: &str) -> Vec<Row> {
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
    // Fixed columns come before `1.name`; then each candidate has name, state, vote and, for
    // Meek and Warren, a keep factor.
    let first = header
        .iter()
        .position(|h| h.ends_with(".name"))
        .unwrap_or(header.len());
    let per = if header.iter().any(|h| h.ends_with(".kf")) {
        4
    } else {
        3
    };
    let mut rows = Vec::new();
    for line in lines {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < first || (f.len() - first) % per != 0 || f.len() == first {
            continue; // log, round and iterate lines
        }
        rows.push(Row {
            round: f[0].to_string(),
            action: f[1].to_string(),
            quota: f[2].to_string(),
            fixed: header[..first]
                .iter()
                .zip(&f[..first])
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect(),
            candidates: f[first..]
                .chunks(per)
                .map(|c| {
                    let kf = c.get(3).map_or(String::new(), |k| k.to_string());
                    (c[0].to_string(), c[1].to_string(), c[2].to_string(), kf)
                })
                .collect(),
        });
    }
    rows
}

/// The candidates Droop elected and defeated, in order, from its report.
fn parse_report(text: &str) -> (Vec<String>, Vec<String>) {
    let mut elected = Vec::new();
    let mut defeated = Vec::new();
    for line in text.lines() {
        let Some(action) = line.strip_prefix("Action: ") else {
            continue;
        };
        let Some((what, name)) = action.rsplit_once(": ") else {
            continue;
        };
        if what.starts_with("Elect") {
            elected.push(name.to_string());
        } else if what.starts_with("Defeat") && !what.starts_with("Defeat remaining") {
            defeated.push(name.to_string());
        }
    }
    (elected, defeated)
}

/// Does our `ours` show Droop's `droop`? Equal, or for rational numbers (Droop rounds, we
/// truncate) Droop's digits may be one unit in the last place above ours.
fn same_number(ours: &str, droop: &str, rounding_allowed: bool) -> bool {
    if ours == droop {
        return true;
    }
    if !rounding_allowed {
        return false;
    }
    let digits = |s: &str| -> Option<i128> { s.replace('.', "").parse().ok() };
    match (digits(ours), digits(droop)) {
        (Some(o), Some(d)) => ours.len() == droop.len() && (d - o == 1),
        _ => false,
    }
}

/// Compare one of our stages with Droop's row.
fn compare_stage(stage: &Stage, row: &Row, rational: bool) -> Result<(), String> {
    let at = format!("stage {} (Droop round {})", stage.number, row.round);
    if !same_number(&stage.quota, &row.quota, rational) {
        return Err(format!(
            "{at}: quota {} but Droop has {}",
            stage.quota, row.quota
        ));
    }
    let keep = stage
        .keep_factors
        .as_ref()
        .ok_or_else(|| format!("{at}: no keep factors"))?;
    for (name, _, vote, kf) in &row.candidates {
        let ours = stage
            .tallies
            .get(name)
            .ok_or_else(|| format!("{at}: no tally for {name}"))?;
        if !same_number(ours, vote, rational) {
            return Err(format!("{at}: {name} has {ours} but Droop has {vote}"));
        }
        let ours_kf = keep
            .get(name)
            .ok_or_else(|| format!("{at}: no keep factor for {name}"))?;
        if !same_number(ours_kf, kf, rational) {
            return Err(format!(
                "{at}: {name}'s keep factor is {ours_kf} but Droop has {kf}"
            ));
        }
    }
    Ok(())
}

/// Count `ballots` under the rules of `tag` and check the winners and the defeated, in order,
/// against Droop's report. Returns our transcript and the rules used.
fn count_reference(
    ballots: &Path,
    tag: &Tag,
    report: &Path,
) -> Result<(Transcript, Rules), String> {
    let rules = rules_for(&tag.rule, &tag.arithmetic)
        .ok_or_else(|| format!("no rules for {}-{}", tag.rule, tag.arithmetic))?;
    let bytes = fs::read(ballots).map_err(|e| format!("{}: {e}", ballots.display()))?;
    let mut election =
        io::blt::read(&bytes, &ballots.display().to_string()).map_err(|e| e.to_string())?;
    if election.tie_order.is_none() {
        election.tie_order = Some(
            (0..election.candidates.len())
                .map(CandidateId::from)
                .collect(),
        );
    }
    let transcript: Transcript = count(&election, &rules).map_err(|e| e.to_string())?;
    let report = fs::read_to_string(report).map_err(|e| e.to_string())?;
    // Droop shows names with runs of spaces collapsed (though it may keep a trailing one); we
    // keep them exactly as in the file.
    let squeeze = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let (elected, defeated) = parse_report(&report);
    let elected: Vec<String> = elected.iter().map(|n| squeeze(n)).collect();
    let defeated: Vec<String> = defeated.iter().map(|n| squeeze(n)).collect();
    let ours: Vec<String> = transcript.winners().iter().map(|s| squeeze(s)).collect();
    if ours != elected {
        return Err(format!("winners {ours:?} but Droop elects {elected:?}"));
    }
    let ours_defeated: Vec<String> = transcript
        .excluded
        .iter()
        .map(|e| squeeze(&e.name))
        .collect();
    if ours_defeated != defeated {
        return Err(format!(
            "defeated {ours_defeated:?} but Droop defeats {defeated:?}"
        ));
    }
    Ok((transcript, rules))
}

/// Meek and Warren: compare with Droop's report and dump round by round.
/// Returns the number of stages compared.
fn check_report(ballots: &Path, tag: &Tag, report: &Path, dump: &Path) -> Result<usize, String> {
    let (transcript, rules) = count_reference(ballots, tag, report)?;
    let dump = fs::read_to_string(dump).map_err(|e| e.to_string())?;

    // The row on which each round decided: the first elect/defeat row (or the begin row).
    let rows = parse_dump(&dump);
    let mut decisions: Vec<&Row> = Vec::new();
    for row in &rows {
        let decides = matches!(row.action.as_str(), "begin" | "elect" | "defeat");
        if decides && decisions.last().is_none_or(|last| last.round != row.round) {
            decisions.push(row);
        }
    }
    if decisions.len() != transcript.stages.len() {
        return Err(format!(
            "{} stages but Droop decided in {} rounds after its first count",
            transcript.stages.len(),
            decisions.len().saturating_sub(1)
        ));
    }
    let rational = rules.arithmetic == ArithmeticKind::Rational;
    for (stage, row) in transcript.stages.iter().zip(&decisions) {
        compare_stage(stage, row, rational)?;
    }
    Ok(decisions.len())
}

/// WIGM and Scottish STV: compare every candidate's vote and the non-transferable total at the
/// end of each round (the last row Droop dumps for it) with the end of our stages, after
/// dropping rounds that change nothing. Returns the number of rounds compared.
fn check_gregory_report(
    ballots: &Path,
    tag: &Tag,
    report: &Path,
    dump: &Path,
) -> Result<usize, String> {
    let (transcript, rules) = count_reference(ballots, tag, report)?;
    let dump = fs::read_to_string(dump).map_err(|e| e.to_string())?;
    let rows = parse_dump(&dump);
    let squeeze = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let rational = rules.arithmetic == ArithmeticKind::Rational;

    // Droop: the last row of every round, as (non-transferable, [(name, vote)]).
    let mut droop: Vec<(String, Vec<(String, String)>)> = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let last_of_round = rows.get(i + 1).is_none_or(|next| next.round != row.round);
        if !last_of_round || row.round == "X" || row.action == "end" {
            continue;
        }
        let nt = row
            .fixed
            .iter()
            .find(|(h, _)| h == "Non-Transferable")
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        let votes = row
            .candidates
            .iter()
            .map(|(n, _, v, _)| (squeeze(n), v.clone()))
            .collect();
        droop.push((nt, votes));
    }
    droop.dedup();
    let mut ours: Vec<&slatewise_stv::transcript::Stage> = Vec::new();
    for stage in &transcript.stages {
        if ours
            .last()
            .is_none_or(|last| last.tallies != stage.tallies || last.exhausted != stage.exhausted)
        {
            ours.push(stage);
        }
    }
    if let Some(first) = rows.first() {
        if !same_number(&transcript.quota, &first.quota, rational) {
            return Err(format!(
                "quota {} but Droop has {}",
                transcript.quota, first.quota
            ));
        }
    }
    if droop.len() != ours.len() {
        return Err(format!(
            "{} distinct stages but Droop has {} distinct rounds",
            ours.len(),
            droop.len()
        ));
    }
    for (round, (stage, (nt, votes))) in ours.iter().zip(&droop).enumerate() {
        let at = format!("stage {} (Droop's distinct round {round})", stage.number);
        if !nt.is_empty() && !same_number(&stage.exhausted, nt, rational) {
            return Err(format!(
                "{at}: non-transferable {} but Droop has {nt}",
                stage.exhausted
            ));
        }
        for (name, vote) in votes {
            let tally = stage
                .tallies
                .iter()
                .find(|(n, _)| squeeze(n) == *name)
                .map(|(_, v)| v)
                .ok_or_else(|| format!("{at}: no tally for {name}"))?;
            if !same_number(tally, vote, rational) {
                return Err(format!("{at}: {name} has {tally} but Droop has {vote}"));
            }
        }
    }
    Ok(droop.len())
}

/// Every reference report under `ref/report`, with its ballots, tag and dump.
fn references() -> Vec<(PathBuf, Tag, PathBuf, PathBuf)> {
    let root = corpus();
    let mut found = Vec::new();
    let mut dirs = vec![PathBuf::new()];
    while let Some(rel) = dirs.pop() {
        let dir = root.join("ref/report").join(&rel);
        let mut entries: Vec<PathBuf> = fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.map(|e| e.path()).unwrap_or_default())
            .collect();
        entries.sort();
        for path in entries {
            let name = path.file_name().unwrap_or_default().to_os_string();
            if path.is_dir() {
                dirs.push(rel.join(name));
                continue;
            }
            let stem = path.file_stem().unwrap_or_default().to_string_lossy();
            let Some(tag) = parse_tag(&stem) else {
                continue;
            };
            let ballots = root
                .join("blt")
                .join(&rel)
                .join(format!("{}.blt", tag.ballots));
            let dump = root.join("ref/dump").join(&rel).join(&name);
            found.push((ballots, tag, path, dump));
        }
    }
    found
}

/// Check every reference whose rule tag starts with `family`; returns files checked and
/// stages compared, or panics listing every failing file.
fn check_family(family: &str) -> (usize, usize) {
    let mut failures = Vec::new();
    let mut files = 0;
    let mut stages = 0;
    for (ballots, tag, report, dump) in references() {
        if !tag.rule.starts_with(family) || rules_for(&tag.rule, &tag.arithmetic).is_none() {
            continue;
        }
        files += 1;
        let checked = if family == "wigm" || family == "scotland" {
            check_gregory_report(&ballots, &tag, &report, &dump)
        } else {
            check_report(&ballots, &tag, &report, &dump)
        };
        match checked {
            Ok(n) => stages += n,
            Err(e) => {
                let root = corpus();
                let name = report.strip_prefix(&root).unwrap_or(&report);
                failures.push(format!("{}: {e}", name.display()));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {files} {family} reports differ from Droop:\n{}",
        failures.len(),
        failures.join("\n")
    );
    (files, stages)
}

#[test]
fn droop_tags_parse_into_rules() {
    let tag = parse_tag("SC-Vm-12-meek-o9-guarded-p18-g9-d18").unwrap();
    assert_eq!(tag.ballots, "SC-Vm-12");
    assert_eq!(tag.rule, "meek-o9");
    assert_eq!(tag.arithmetic, "guarded-p18-g9-d18");
    let rules = rules_for(&tag.rule, &tag.arithmetic).unwrap();
    assert_eq!(
        (rules.method, rules.arithmetic, rules.precision, rules.guard),
        (Method::Meek, ArithmeticKind::Guarded, 18, 9)
    );
    assert_eq!((rules.display, rules.omega), (18, 9));
    assert_eq!(rules.defeat_batch, DefeatBatch::Safe);

    let prf = rules_for("meek-prf-o6", "fixed-p9-d9").unwrap();
    assert_eq!(
        (prf.arithmetic, prf.precision, prf.omega, prf.defeat_batch),
        (ArithmeticKind::Fixed, 9, 6, DefeatBatch::None)
    );
    let warren = rules_for("warren-o10", "rational-d12").unwrap();
    assert_eq!(
        (
            warren.method,
            warren.arithmetic,
            warren.display,
            warren.omega
        ),
        (Method::Warren, ArithmeticKind::Rational, 12, 10)
    );
    let wigm = rules_for("wigm-prf", "fixed-p4-d4").unwrap();
    assert_eq!(
        (wigm.method, wigm.arithmetic, wigm.precision),
        (Method::Wigm, ArithmeticKind::Fixed, 4)
    );
    assert_eq!(
        rules_for("scotland", "fixed-p5-d5").unwrap().method,
        Method::Scottish
    );
    assert!(rules_for("cfer-batch", "fixed-p5-d5").is_none());
}

#[test]
fn droop_meek_reports_match() {
    let (files, stages) = check_family("meek");
    // 23 reports for the ballot files at the top level and 2 for equal rankings (meek/eq*).
    assert_eq!(files, 25, "Meek reference reports checked");
    assert!(stages > 100, "only {stages} stages compared");
}

#[test]
fn droop_warren_reports_match() {
    let (files, stages) = check_family("warren");
    assert_eq!(files, 13, "Warren reference reports checked");
    assert!(stages > 50, "only {stages} stages compared");
}

#[test]
fn droop_wigm_reports_match() {
    let (files, rounds) = check_family("wigm");
    // PRF reference (fixed: 9, and 9 with batch defeats), generic with guarded (9) and
    // rational (5).
    assert_eq!(files, 32, "WIGM reference reports checked");
    assert!(rounds > 100, "only {rounds} rounds compared");
}

#[test]
fn droop_scottish_reports_match() {
    let (files, rounds) = check_family("scotland");
    // 9 for the ballot files at the top level and 23 under scotland/ (Glasgow 2007 and two
    // weak-tie cases).
    assert_eq!(files, 32, "Scottish STV reference reports checked");
    assert!(rounds > 200, "only {rounds} rounds compared");
}
