//! A scenario: everything a simulated election is drawn from, as a documented JSON document.
//!
//! ```json
//! {
//!   "name": "toy",
//!   "seats": 3,
//!   "rule": "nec",
//!   "constraints": [{"tag": "women", "min": 1}],
//!   "target": {"slate": "Left", "seats": 2},
//!   "regions": [
//!     {"name": "North", "electorate": 10000, "turnout": {"mean": 0.25, "sd": 0.02}},
//!     {"name": "South", "electorate": 8000, "turnout": 0.3}
//!   ],
//!   "factions": [
//!     {
//!       "name": "Left",
//!       "candidates": [{"name": "Ann", "tags": ["women"], "strength": 2}, {"name": "Bob"}],
//!       "share": {"mean": 0.5, "sd": 0.02, "regional_sd": 0.01, "by_region": {"South": 0.45}},
//!       "recommendation": [{"regions": ["North"], "order": ["Ann", "Bob"]},
//!                          {"regions": ["South"], "order": ["Bob", "Ann"]}],
//!       "adherence": {"mean": 0.7, "sd": 0.05},
//!       "cohesion": 0.9,
//!       "plumpers": 0.03,
//!       "onward": {"rate": 0.3, "to": {"Right": 1}}
//!     },
//!     {"name": "Right", "candidates": [{"name": "Cy"}, {"name": "Di", "tags": ["women"]}],
//!      "share": 0.5}
//!   ]
//! }
//! ```
//!
//! | field | meaning | default |
//! |---|---|---|
//! | `seats` | seats to fill | required |
//! | `rule` | a counting preset of `slatewise-stv`: `scottish`, `wigm`, `meek`, `warren`, `ers97`, `nec` | `nec` |
//! | `constraints` | seat constraints by candidate tag (`{"tag", "min", "max"}`) | none |
//! | `target` | the slate whose strategies are compared and the seat count it hopes for | the first faction, half the seats |
//! | `regions[].electorate` | members who may vote | required |
//! | `regions[].turnout` | share of the electorate casting a valid vote: a number or `{"mean", "sd"}` | required |
//! | `factions[].candidates[]` | `name`, `tags` (e.g. `women`), `strength`: personal-vote weight for voters who do not follow a recommendation | strength 1 |
//! | `factions[].strength_sd` | relative uncertainty of every strength, drawn per election | 0 |
//! | `factions[].share` | first-preference share: a number, or `{"mean", "sd" (national swing), "regional_sd", "by_region": {region: mean}}`; shares are normalised per region | required |
//! | `factions[].recommendation` | the published orders, by region (`null` or absent: unmanaged) | none |
//! | `factions[].adherence` | share of the faction's voters who follow their region's order | 0 |
//! | `factions[].mallows_phi` | Mallows dispersion of adherent voters around the order (0 = exact, at most 8 candidates when > 0) | 0 |
//! | `factions[].cohesion` | for other voters: chance that each next preference stays within the slate | 1 |
//! | `factions[].plumpers` | share of the faction's voters ranking one name only | 0 |
//! | `factions[].exact_preferences` | preferences drawn by Plackett–Luce; later ones follow strength order | 2 |
//! | `factions[].onward` | how far voters rank: `rate` of going on to other factions after the slate, `to` weights by faction | rate 0 |
//!
//! Uncertain values (`{"mean", "sd"}`) are drawn afresh for every simulated election from a
//! normal distribution clipped to the valid range.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};
use slatewise_stv::{Method, SeatConstraint};

use crate::error::ScenarioError;

/// A number known only roughly: drawn per simulated election from a normal distribution with
/// this mean and standard deviation (clipped to the valid range). JSON: a plain number (certain)
/// or `{"mean": m, "sd": s}`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Uncertain {
    /// The central value.
    pub mean: f64,
    /// The standard deviation (0: certain).
    pub sd: f64,
}

impl Uncertain {
    /// A value known exactly.
    pub const fn exact(value: f64) -> Uncertain {
        Uncertain {
            mean: value,
            sd: 0.0,
        }
    }
}

impl<'de> Deserialize<'de> for Uncertain {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Full {
            mean: f64,
            #[serde(default)]
            sd: f64,
        }
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Form {
            Number(f64),
            Full(Full),
        }
        match Form::deserialize(deserializer) {
            Ok(Form::Number(x)) => Ok(Uncertain::exact(x)),
            Ok(Form::Full(f)) => Ok(Uncertain {
                mean: f.mean,
                sd: f.sd,
            }),
            Err(_) => Err(serde::de::Error::custom(
                "expected a number or {\"mean\": number, \"sd\": number}",
            )),
        }
    }
}

/// The complete description of what the simulated elections are drawn from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// A short name, e.g. `gv6-2020`.
    #[serde(default)]
    pub name: String,
    /// What the scenario models and where its numbers come from.
    #[serde(default)]
    pub description: String,
    /// Which numbers are estimates rather than published facts, one note each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub estimates: Vec<String>,
    /// Seats to fill.
    pub seats: usize,
    /// The counting rule (a preset of the counting engine).
    #[serde(default = "default_rule")]
    pub rule: Method,
    /// Seat constraints by candidate tag.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub constraints: Vec<SeatConstraint>,
    /// The slate whose strategies are compared and its seat target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Target>,
    /// The regions voters live in.
    pub regions: Vec<Region>,
    /// The factions (slates, parties, independents) and their voters.
    pub factions: Vec<Faction>,
}

fn default_rule() -> Method {
    Method::Nec
}

/// The slate a simulation advises, and the number of seats it hopes to win.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// The faction's name.
    pub slate: String,
    /// Seats the slate hopes to win: results report P(seats >= this).
    pub seats: usize,
}

/// A region: its electorate and turnout.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Region {
    /// The region's name, as recommendations refer to it.
    pub name: String,
    /// Members entitled to vote.
    pub electorate: u64,
    /// Share of the electorate casting a valid ballot.
    pub turnout: Uncertain,
}

/// A faction: a slate, party or group of independents, with its candidates and its voters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Faction {
    /// Its name, e.g. "Grassroots Voice (GV6)".
    pub name: String,
    /// Its candidates.
    pub candidates: Vec<FactionCandidate>,
    /// Relative uncertainty of the candidates' strengths (e.g. 0.2: each strength is multiplied
    /// by a draw from N(1, 0.2), clipped at 0.05).
    #[serde(default)]
    pub strength_sd: f64,
    /// Its share of first preferences.
    pub share: Share,
    /// The orders it publishes, by region; `None` for an unmanaged faction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recommendation: Option<Vec<RecommendedOrder>>,
    /// Share of its voters following their region's order.
    #[serde(default = "zero")]
    pub adherence: Uncertain,
    /// Mallows dispersion of adherent voters around the order (0: exact).
    #[serde(default)]
    pub mallows_phi: f64,
    /// Chance that each next preference of a non-adherent voter stays within the slate.
    #[serde(default = "one")]
    pub cohesion: Uncertain,
    /// Share of its voters ranking one candidate only.
    #[serde(default)]
    pub plumpers: f64,
    /// Preferences of non-adherent voters drawn by Plackett–Luce; later ones follow the
    /// strength order (keeps the number of distinct ballots small).
    #[serde(default = "default_exact_preferences")]
    pub exact_preferences: usize,
    /// How voters go on after their own slate.
    #[serde(default)]
    pub onward: Onward,
}

fn zero() -> Uncertain {
    Uncertain::exact(0.0)
}
fn one() -> Uncertain {
    Uncertain::exact(1.0)
}
fn default_exact_preferences() -> usize {
    2
}

/// A candidate of a faction.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FactionCandidate {
    /// The name on the ballot paper.
    pub name: String,
    /// Category tags such as `women`, used by seat constraints.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Personal-vote strength: Plackett–Luce weight among the faction's own candidates.
    #[serde(default = "default_strength")]
    pub strength: f64,
}

fn default_strength() -> f64 {
    1.0
}

/// A faction's share of first preferences, with its uncertainty.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Share {
    /// The central share (0 to 1) where `by_region` does not say otherwise.
    pub mean: f64,
    /// A national swing drawn once per election, added in every region.
    pub sd: f64,
    /// Independent noise per region and election.
    pub regional_sd: f64,
    /// Central shares of particular regions.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub by_region: BTreeMap<String, f64>,
}

impl<'de> Deserialize<'de> for Share {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Full {
            mean: f64,
            #[serde(default)]
            sd: f64,
            #[serde(default)]
            regional_sd: f64,
            #[serde(default)]
            by_region: BTreeMap<String, f64>,
        }
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Form {
            Number(f64),
            Full(Full),
        }
        match Form::deserialize(deserializer) {
            Ok(Form::Number(x)) => Ok(Share {
                mean: x,
                sd: 0.0,
                regional_sd: 0.0,
                by_region: BTreeMap::new(),
            }),
            Ok(Form::Full(f)) => Ok(Share {
                mean: f.mean,
                sd: f.sd,
                regional_sd: f.regional_sd,
                by_region: f.by_region,
            }),
            Err(_) => Err(serde::de::Error::custom(
                "expected a number or {\"mean\", \"sd\", \"regional_sd\", \"by_region\"}",
            )),
        }
    }
}

/// One published order and the regions asked to follow it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecommendedOrder {
    /// A short label, e.g. "A".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Region names.
    pub regions: Vec<String>,
    /// Candidate names of the faction, first preference first (every candidate once).
    pub order: Vec<String>,
}

/// How far voters rank beyond their own faction.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Onward {
    /// Chance that a voter who has finished with the own slate ranks another faction next.
    #[serde(default)]
    pub rate: f64,
    /// Relative weights of the factions ranked next (their candidates in strength order).
    #[serde(default)]
    pub to: BTreeMap<String, f64>,
}

impl Scenario {
    /// Parse and validate a scenario. Errors name the JSON path of the value at fault.
    ///
    /// ```
    /// use slatewise_sim::Scenario;
    /// let bad = Scenario::builtin_gv6_2020().to_json().replacen("\"electorate\": 29", "\"electorate\": -29", 1);
    /// let err = Scenario::from_json(&bad).unwrap_err();
    /// assert_eq!(err.path, "regions[0].electorate");
    /// ```
    pub fn from_json(json: &str) -> Result<Scenario, ScenarioError> {
        let de = &mut serde_json::Deserializer::from_str(json);
        let scenario: Scenario = serde_path_to_error::deserialize(de).map_err(|e| {
            let path = e.path().to_string();
            let inner = e.into_inner();
            let mut message = inner.to_string();
            // serde_json appends " at line L column C"; keep it, it helps in big files.
            if message.is_empty() {
                message = "invalid JSON".into();
            }
            ScenarioError::new(if path == "." { String::new() } else { path }, message)
        })?;
        scenario.validate()?;
        Ok(scenario)
    }

    /// The scenario as pretty-printed JSON (parses back to an equal scenario).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The faction whose strategies are compared (the target's, or the first faction).
    pub fn target_faction(&self) -> usize {
        self.target
            .as_ref()
            .and_then(|t| self.factions.iter().position(|f| f.name == t.slate))
            .unwrap_or(0)
    }

    /// The seats the target slate hopes for (default: half the seats, rounded up).
    pub fn target_seats(&self) -> usize {
        self.target
            .as_ref()
            .map_or(self.seats.div_ceil(2), |t| t.seats)
    }

    /// Index of a region by name.
    pub fn region_index(&self, name: &str) -> Option<usize> {
        self.regions.iter().position(|r| r.name == name)
    }

    /// Check everything serde cannot: ranges, names, orders. Called by [`Scenario::from_json`];
    /// call it yourself after changing a scenario in code.
    pub fn validate(&self) -> Result<(), ScenarioError> {
        let err = |path: String, msg: String| Err(ScenarioError::new(path, msg));
        if self.seats == 0 {
            return err("seats".into(), "must be at least 1".into());
        }
        if self.regions.is_empty() {
            return err("regions".into(), "at least one region is needed".into());
        }
        if self.factions.is_empty() {
            return err("factions".into(), "at least one faction is needed".into());
        }
        let total_candidates: usize = self.factions.iter().map(|f| f.candidates.len()).sum();
        if total_candidates < self.seats {
            return err(
                "seats".into(),
                format!(
                    "{} seats but only {total_candidates} candidates",
                    self.seats
                ),
            );
        }
        for (i, r) in self.regions.iter().enumerate() {
            let p = format!("regions[{i}]");
            if r.name.trim().is_empty() {
                return err(format!("{p}.name"), "must not be empty".into());
            }
            if self.regions[..i].iter().any(|o| o.name == r.name) {
                return err(
                    format!("{p}.name"),
                    format!("region {:?} appears twice", r.name),
                );
            }
            check_uncertain(&r.turnout, &format!("{p}.turnout"), 0.0, 1.0)?;
        }
        let mut all_names: Vec<&str> = Vec::new();
        for (fi, f) in self.factions.iter().enumerate() {
            let p = format!("factions[{fi}]");
            if f.name.trim().is_empty() {
                return err(format!("{p}.name"), "must not be empty".into());
            }
            if self.factions[..fi].iter().any(|o| o.name == f.name) {
                return err(
                    format!("{p}.name"),
                    format!("faction {:?} appears twice", f.name),
                );
            }
            if f.candidates.is_empty() {
                return err(
                    format!("{p}.candidates"),
                    "at least one candidate is needed".into(),
                );
            }
            for (ci, c) in f.candidates.iter().enumerate() {
                let cp = format!("{p}.candidates[{ci}]");
                if c.name.trim().is_empty() {
                    return err(format!("{cp}.name"), "must not be empty".into());
                }
                if all_names.contains(&c.name.as_str()) {
                    return err(
                        format!("{cp}.name"),
                        format!("candidate {:?} appears twice", c.name),
                    );
                }
                all_names.push(&c.name);
                if !(c.strength.is_finite() && c.strength > 0.0) {
                    return err(format!("{cp}.strength"), "must be a positive number".into());
                }
            }
            check_range(f.strength_sd, &format!("{p}.strength_sd"), 0.0, 10.0)?;
            check_range(f.share.mean, &format!("{p}.share.mean"), 0.0, 1.0)?;
            check_range(f.share.sd, &format!("{p}.share.sd"), 0.0, 1.0)?;
            check_range(
                f.share.regional_sd,
                &format!("{p}.share.regional_sd"),
                0.0,
                1.0,
            )?;
            for (region, &x) in &f.share.by_region {
                let sp = format!("{p}.share.by_region.{region}");
                if self.region_index(region).is_none() {
                    return err(sp, format!("no region is called {region:?}"));
                }
                check_range(x, &sp, 0.0, 1.0)?;
            }
            check_uncertain(&f.adherence, &format!("{p}.adherence"), 0.0, 1.0)?;
            check_uncertain(&f.cohesion, &format!("{p}.cohesion"), 0.0, 1.0)?;
            check_range(f.plumpers, &format!("{p}.plumpers"), 0.0, 1.0)?;
            check_range(f.mallows_phi, &format!("{p}.mallows_phi"), 0.0, 1.0)?;
            if f.mallows_phi > 0.0 && f.candidates.len() > crate::ballots::MALLOWS_MAX {
                return err(
                    format!("{p}.mallows_phi"),
                    format!(
                        "Mallows noise needs at most {} candidates in the faction",
                        crate::ballots::MALLOWS_MAX
                    ),
                );
            }
            check_range(f.onward.rate, &format!("{p}.onward.rate"), 0.0, 1.0)?;
            for (to, &w) in &f.onward.to {
                let op = format!("{p}.onward.to.{to}");
                if to == &f.name || !self.factions.iter().any(|o| &o.name == to) {
                    return err(op, format!("{to:?} is not another faction"));
                }
                check_range(w, &op, 0.0, f64::MAX)?;
            }
            if let Some(rec) = &f.recommendation {
                validate_recommendation(self, f, rec, &format!("{p}.recommendation"))?;
            }
        }
        if let Some(t) = &self.target {
            if !self.factions.iter().any(|f| f.name == t.slate) {
                return err(
                    "target.slate".into(),
                    format!("no faction is called {:?}", t.slate),
                );
            }
            if t.seats == 0 || t.seats > self.seats {
                return err(
                    "target.seats".into(),
                    format!("must be between 1 and the {} seats", self.seats),
                );
            }
        }
        for (i, c) in self.constraints.iter().enumerate() {
            let tagged = self
                .factions
                .iter()
                .flat_map(|f| &f.candidates)
                .filter(|cand| cand.tags.contains(&c.tag))
                .count();
            if c.min > tagged {
                return err(
                    format!("constraints[{i}].min"),
                    format!(
                        "{} seats for {:?} but only {tagged} such candidates",
                        c.min, c.tag
                    ),
                );
            }
        }
        Ok(())
    }
}

fn check_range(x: f64, path: &str, lo: f64, hi: f64) -> Result<(), ScenarioError> {
    if x.is_finite() && x >= lo && x <= hi {
        Ok(())
    } else {
        Err(ScenarioError::new(
            path,
            format!("must be between {lo} and {hi}, got {x}"),
        ))
    }
}

fn check_uncertain(u: &Uncertain, path: &str, lo: f64, hi: f64) -> Result<(), ScenarioError> {
    check_range(u.mean, path, lo, hi)?;
    if !(u.sd.is_finite() && u.sd >= 0.0) {
        return Err(ScenarioError::new(
            format!("{path}.sd"),
            format!("must be a non-negative number, got {}", u.sd),
        ));
    }
    Ok(())
}

fn validate_recommendation(
    scenario: &Scenario,
    faction: &Faction,
    rec: &[RecommendedOrder],
    path: &str,
) -> Result<(), ScenarioError> {
    let mut seen = vec![false; scenario.regions.len()];
    for (gi, group) in rec.iter().enumerate() {
        let gp = format!("{path}[{gi}]");
        for (ri, region) in group.regions.iter().enumerate() {
            let rp = format!("{gp}.regions[{ri}]");
            let Some(r) = scenario.region_index(region) else {
                return Err(ScenarioError::new(
                    rp,
                    format!("no region is called {region:?}"),
                ));
            };
            if std::mem::replace(&mut seen[r], true) {
                return Err(ScenarioError::new(
                    rp,
                    format!("region {region:?} is given two orders"),
                ));
            }
        }
        if group.order.len() != faction.candidates.len() {
            return Err(ScenarioError::new(
                format!("{gp}.order"),
                format!(
                    "must name each of the {} candidates once, names {}",
                    faction.candidates.len(),
                    group.order.len()
                ),
            ));
        }
        for (oi, name) in group.order.iter().enumerate() {
            if !faction.candidates.iter().any(|c| &c.name == name) {
                return Err(ScenarioError::new(
                    format!("{gp}.order[{oi}]"),
                    format!("{name:?} is not a candidate of {:?}", faction.name),
                ));
            }
            if group.order[..oi].contains(name) {
                return Err(ScenarioError::new(
                    format!("{gp}.order[{oi}]"),
                    format!("{name:?} appears twice"),
                ));
            }
        }
    }
    if let Some(r) = seen.iter().position(|s| !s) {
        return Err(ScenarioError::new(
            path,
            format!("region {:?} has no order", scenario.regions[r].name),
        ));
    }
    Ok(())
}
