//! Strategies: which order of the target slate each region is asked to follow.
//!
//! | name | orders |
//! |---|---|
//! | `uniform` | one order everywhere: the slate's candidates as the scenario lists them |
//! | `published` | the recommendation the scenario says the slate publishes |
//! | `rotation` | a naive Latin square: cyclic shifts of the listed order, dealt to regions in turn |
//! | `balanced` | the advisor's design (`slatewise_slate::design`): Williams-square rows assigned so that every row's expected adherent supporters are equal, corrected for personal votes |
//! | `optimised` | a search over region-to-order assignments that maximises P(slate >= target), starting from `balanced`, on draws of the scenario's uncertainty (see [`optimised`]) |

mod balanced;
pub mod optimised;
mod published;
mod rotation;
mod uniform;

use std::fmt;
use std::str::FromStr;

use crate::ballots::{Model, Order};
use crate::error::SimError;

pub(crate) use optimised::SearchOptions;

/// A way of assigning the target slate's orders to regions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Strategy {
    /// One order everywhere.
    Uniform,
    /// The scenario's published recommendation.
    Published,
    /// A naive Latin square dealt to regions in turn.
    Rotation,
    /// The advisor's balanced Williams design.
    Balanced,
    /// A search for the assignment winning the target most often.
    Optimised,
}

impl Strategy {
    /// Every strategy, in the order reports list them.
    pub const ALL: [Strategy; 5] = [
        Strategy::Uniform,
        Strategy::Published,
        Strategy::Rotation,
        Strategy::Balanced,
        Strategy::Optimised,
    ];

    /// The name used on the command line and in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Strategy::Uniform => "uniform",
            Strategy::Published => "published",
            Strategy::Rotation => "rotation",
            Strategy::Balanced => "balanced",
            Strategy::Optimised => "optimised",
        }
    }

    /// Parse a comma-separated list such as `uniform,balanced`.
    ///
    /// ```
    /// use slatewise_sim::Strategy;
    /// assert_eq!(Strategy::parse_list("uniform, balanced")?, [Strategy::Uniform, Strategy::Balanced]);
    /// assert!(Strategy::parse_list("random").is_err());
    /// # Ok::<(), String>(())
    /// ```
    pub fn parse_list(text: &str) -> Result<Vec<Strategy>, String> {
        let mut out = Vec::new();
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let s: Strategy = part.parse()?;
            if !out.contains(&s) {
                out.push(s);
            }
        }
        if out.is_empty() {
            return Err("no strategy given".into());
        }
        Ok(out)
    }
}

impl fmt::Display for Strategy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Strategy {
    type Err = String;
    fn from_str(s: &str) -> Result<Strategy, String> {
        let lower = s.trim().to_ascii_lowercase();
        let lower = if lower == "optimized" {
            "optimised".to_string()
        } else {
            lower
        };
        Strategy::ALL
            .into_iter()
            .find(|st| st.name() == lower)
            .ok_or_else(|| {
                let names: Vec<_> = Strategy::ALL.iter().map(|s| s.name()).collect();
                format!(
                    "unknown strategy {s:?}; expected one of {}",
                    names.join(", ")
                )
            })
    }
}

/// The orders a non-searching strategy gives each region (one [`Order`] per region).
pub(crate) fn fixed_orders(model: &Model, strategy: Strategy) -> Result<Vec<Order>, SimError> {
    let err = |message: String| SimError::Strategy {
        strategy: strategy.name().into(),
        message,
    };
    match strategy {
        Strategy::Uniform => Ok(uniform::orders(model)),
        Strategy::Published => published::orders(model).ok_or_else(|| {
            err(format!(
                "{:?} publishes no recommendation in this scenario",
                model.scenario.factions[model.target].name
            ))
        }),
        Strategy::Rotation => Ok(rotation::orders(model)),
        Strategy::Balanced => balanced::orders(model).map_err(err),
        Strategy::Optimised => Err(err("is found by a search, not fixed".into())),
    }
}

/// Expected adherent supporters of the target slate in each region (the design's weights).
pub(crate) fn expected_supporters(model: &Model) -> Vec<f64> {
    let sc = &model.scenario;
    let f = &sc.factions[model.target];
    let adherence = model.overrides.adherence.unwrap_or(f.adherence.mean);
    sc.regions
        .iter()
        .map(|r| {
            let share = model.target_share_mean(&r.name);
            r.electorate as f64 * r.turnout.mean * share * (1.0 - f.plumpers) * adherence
        })
        .collect()
}

/// Group regions by order, for reports: (order, region indices), orders in first-seen order.
pub(crate) fn groups(orders: &[Order]) -> Vec<(Order, Vec<usize>)> {
    let mut out: Vec<(Order, Vec<usize>)> = Vec::new();
    for (r, o) in orders.iter().enumerate() {
        match out.iter_mut().find(|(order, _)| order == o) {
            Some((_, regions)) => regions.push(r),
            None => out.push((o.clone(), vec![r])),
        }
    }
    out
}
