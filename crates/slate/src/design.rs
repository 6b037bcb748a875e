//! Designing balanced regional orders: a Williams square whose rows are assigned to groups of
//! regions so that every group's supporters hit its target.
//!
//! # Why this balances every position at once
//!
//! In a Latin square each candidate stands once in each position, so the supporters a
//! candidate receives in position `j` are exactly the supporters of one row's group. If every
//! group holds `total / k` supporters, every candidate receives `total / k` in every position.
//! Designing orders thus reduces to a partition problem ([`partition`](crate::partition)).
//!
//! A *Williams* square is a Latin square in which, in addition, every ordered pair of
//! candidates is adjacent exactly once, so no candidate always sits just above (and inherits
//! the transfers of) the same other candidate. For even `k` one square does this (the standard
//! construction: first row `0, 1, k-1, 2, k-2, ...`, each next row adding 1 mod k). **For odd
//! `k` no single square is carryover-balanced** (it takes a pair of squares, i.e. `2k` groups);
//! the design then still uses the first square, which balances positions but not adjacencies,
//! and says so in [`Design::carryover_balanced`].
//!
//! # Personal votes
//!
//! Some supporters give their first preference to a well-known name whatever the order says.
//! With `A` managed supporters (the regions' weights), personal votes `p_c` totalling `P` and
//! a shrink factor `s` in `[0, 1]`, the row headed by candidate `c` gets the target
//!
//! ```text
//! T_c = max(0, (A + s·P) / k - s·p_c)
//! ```
//!
//! so that first preferences `T_c + s·p_c` come out equal. This is the formula of the strategy
//! notes applied to *shrunk* personal votes `s·p_c`, which keeps `Σ T_c = A` (nothing is
//! targeted that the regions cannot supply). **The default shrink is 0.5**: personal votes are
//! guesses, and over-correcting for them moves the risk onto the best-known candidate, who
//! then gets too few managed first preferences if the guess was too high.

use serde::Serialize;

use crate::analysis::{self, Analysis, GroupTotal};
use crate::error::SlateError;
use crate::guide::Guide;
use crate::model::{OrderGroup, Recommendation, Region};
use crate::partition::{PartitionConfig, partition};
use crate::weights::{PersonalVotes, Weights};

/// The default shrink factor applied to personal votes.
pub const DEFAULT_SHRINK: f64 = 0.5;

/// Options of [`design`]. `DesignConfig::default()` uses no personal votes, shrink 0.5, no
/// splits and the default node budget.
#[derive(Clone, Debug, PartialEq)]
pub struct DesignConfig {
    /// Personal votes per candidate, if any (see the module docs).
    pub personal: Option<PersonalVotes>,
    /// How much of the personal votes to correct for, in `[0, 1]`.
    pub shrink: f64,
    /// Regions to split into equal parts that may follow different orders, as
    /// (region name, number of parts). The parts are named "Region (part 1 of 3)" and so on;
    /// members are split by a neutral attribute such as birth month.
    pub split: Vec<(String, usize)>,
    /// The exact solver's budget.
    pub partition: PartitionConfig,
}

impl Default for DesignConfig {
    fn default() -> DesignConfig {
        DesignConfig {
            personal: None,
            shrink: DEFAULT_SHRINK,
            split: Vec::new(),
            partition: PartitionConfig::default(),
        }
    }
}

/// A designed recommendation and how balanced it is.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Design {
    /// The slate and regions (split regions replaced by their parts) with the designed orders;
    /// [`Guide::lookup`] works on it as on any slate file.
    pub guide: Guide,
    /// The supporters of each region of `guide`.
    pub weights: Weights,
    /// Group totals against targets, and whether that is the best possible.
    pub balance: Balance,
    /// Whether every ordered pair of candidates is adjacent equally often (false for odd `k`).
    pub carryover_balanced: bool,
    /// The analysis of the designed orders under `weights`.
    pub analysis: Analysis,
}

/// The balance of a design: each row's group total against its target.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Balance {
    /// The candidate heading each row, in slate order.
    pub heads: Vec<String>,
    /// Each row's group total (managed supporters).
    pub totals: Vec<f64>,
    /// Each row's target.
    pub targets: Vec<f64>,
    /// The largest group total.
    pub max_total: f64,
    /// The smallest group total.
    pub min_total: f64,
    /// The objective: `max |total - target|` over rows.
    pub max_deviation: f64,
    /// `max_deviation` as a fraction of the mean group (`A / k`).
    pub relative_deviation: f64,
    /// No assignment of these regions to rows does better than this.
    pub lower_bound: f64,
    /// Whether `max_deviation` is proved to be the best possible.
    pub proved_optimal: bool,
}

impl Balance {
    /// `max_total / min_total` (infinite when a group is empty).
    pub fn ratio(&self) -> f64 {
        if self.min_total > 0.0 {
            self.max_total / self.min_total
        } else {
            f64::INFINITY
        }
    }
}

/// The rows of a `k × k` Williams square: row `r` is headed by candidate `r`.
///
/// For even `k` every ordered pair is adjacent in exactly one row; for odd `k` the square is
/// Latin but not carryover-balanced.
///
/// ```
/// assert_eq!(
///     slatewise_slate::williams_square(4),
///     [[0, 1, 3, 2], [1, 2, 0, 3], [2, 3, 1, 0], [3, 0, 2, 1]]
/// );
/// ```
pub fn williams_square(k: usize) -> Vec<Vec<usize>> {
    // 0, 1, k-1, 2, k-2, 3, ...
    let mut first = Vec::with_capacity(k);
    let (mut low, mut high) = (1, k);
    for j in 0..k {
        if j == 0 {
            first.push(0);
        } else if j % 2 == 1 {
            first.push(low);
            low += 1;
        } else {
            high -= 1;
            first.push(high);
        }
    }
    (0..k)
        .map(|r| first.iter().map(|&c| (c + r) % k).collect())
        .collect()
}

/// Design one order per region of `guide` (its own orders are ignored) from the supporters in
/// `weights`: a Williams square's rows assigned to groups of regions whose totals hit their
/// targets, exactly when the solver can prove it.
///
/// Which row goes to which group is deterministic: the row headed by the `c`-th candidate of
/// the slate has the `c`-th target, and among equal targets the group holding the heaviest
/// region gets the earliest row.
///
/// ```
/// let guide = slatewise_slate::gv6_2020();
/// let design = slatewise_slate::design(&guide, &guide.estimated_weights().unwrap(), &Default::default())?;
/// assert!(design.analysis.max_deviation() < 0.10); // every candidate, every position, within 10%
/// # Ok::<(), slatewise_slate::SlateError>(())
/// ```
pub fn design(
    guide: &Guide,
    weights: &Weights,
    config: &DesignConfig,
) -> Result<Design, SlateError> {
    if !(0.0..=1.0).contains(&config.shrink) {
        return Err(SlateError::InvalidShrink(config.shrink));
    }
    let slate = guide.slate();
    let k = slate.len();
    let (regions, supporters) = split_regions(guide, &weights.aligned(guide)?, &config.split)?;

    let managed: f64 = supporters.iter().sum();
    let personal = match &config.personal {
        Some(votes) => votes.aligned(guide)?,
        None => vec![0.0; k],
    };
    let shrunk: Vec<f64> = personal.iter().map(|p| config.shrink * p).collect();
    let base = (managed + shrunk.iter().sum::<f64>()) / k as f64;
    let targets: Vec<f64> = shrunk.iter().map(|p| (base - p).max(0.0)).collect();

    let solution = partition(&supporters, &targets, &config.partition)?;
    let rows = williams_square(k);
    let mut groups = Vec::new();
    for (row, order) in rows.iter().enumerate() {
        let members: Vec<String> = (0..regions.len())
            .filter(|&i| solution.groups[i] == row)
            .map(|i| regions[i].id.clone())
            .collect();
        if !members.is_empty() {
            groups.push(OrderGroup {
                label: Some(group_label(groups.len())),
                regions: members,
                order: order
                    .iter()
                    .map(|&c| slate.candidates[c].name.clone())
                    .collect(),
            });
        }
    }
    let designed = Guide::new(slate.clone(), regions.clone(), Recommendation { groups })?;
    let mut designed = match guide.name() {
        Some(name) => designed.with_name(
            format!("{name} (designed orders)"),
            guide.description().map(str::to_owned),
        ),
        None => designed,
    };
    if config.split.is_empty() {
        if let Some(membership) = guide.membership() {
            designed = designed.with_membership(membership.clone())?;
        }
    }
    let weights = Weights::from_parts(regions.iter().map(|r| r.id.clone()).collect(), supporters);
    let analysis = analysis::analyse(&designed, &weights)?;

    let mean = managed / k as f64;
    let balance = Balance {
        heads: slate.names().map(str::to_owned).collect(),
        max_total: solution.totals.iter().copied().fold(0.0, f64::max),
        min_total: solution
            .totals
            .iter()
            .copied()
            .fold(f64::INFINITY, f64::min),
        relative_deviation: if mean > 0.0 {
            solution.max_deviation / mean
        } else {
            0.0
        },
        max_deviation: solution.max_deviation,
        lower_bound: solution.lower_bound,
        proved_optimal: solution.proved_optimal,
        totals: solution.totals,
        targets,
    };
    Ok(Design {
        guide: designed,
        weights,
        balance,
        carryover_balanced: k % 2 == 0 || k == 1,
        analysis,
    })
}

/// "A", "B", ..., "Z", "AA", ...
fn group_label(index: usize) -> String {
    let letter = |i: usize| char::from(b'A' + (i % 26) as u8);
    if index < 26 {
        letter(index).to_string()
    } else {
        format!("{}{}", letter(index / 26 - 1), letter(index))
    }
}

/// Replace each region to split by its parts, each with an equal share of its supporters.
fn split_regions(
    guide: &Guide,
    supporters: &[f64],
    split: &[(String, usize)],
) -> Result<(Vec<Region>, Vec<f64>), SlateError> {
    let mut parts = vec![1; guide.regions().len()];
    let mut seen = vec![false; parts.len()];
    for (query, count) in split {
        let index = guide.region_index(query)?;
        let name = &guide.regions()[index].name;
        if *count == 0 || std::mem::replace(&mut seen[index], true) {
            return Err(SlateError::InvalidSplit {
                region: name.clone(),
                parts: *count,
            });
        }
        parts[index] = *count;
    }
    let mut regions = Vec::new();
    let mut weights = Vec::new();
    for ((region, &count), &w) in guide.regions().iter().zip(&parts).zip(supporters) {
        if count == 1 {
            regions.push(region.clone());
            weights.push(w);
            continue;
        }
        for part in 1..=count {
            regions.push(Region {
                id: format!("{}-part-{part}-of-{count}", region.id),
                name: format!("{} (part {part} of {count})", region.name),
                aliases: Vec::new(),
            });
            weights.push(w / count as f64);
        }
    }
    Ok((regions, weights))
}

impl Design {
    /// The designed groups with their supporters, in order.
    pub fn groups(&self) -> &[GroupTotal] {
        &self.analysis.groups
    }

    /// The Williams row (and so the target) each group follows: the row its first candidate
    /// heads.
    pub fn group_rows(&self) -> Vec<usize> {
        self.groups()
            .iter()
            .map(|g| {
                g.order
                    .first()
                    .and_then(|head| self.balance.heads.iter().position(|h| h == head))
                    .unwrap_or(0)
            })
            .collect()
    }

    /// The design as the JSON document of `slatewise advise --format json` (also returned by
    /// the web page's bindings): `orders` (each with `label`, `regions`, `order`, `supporters`,
    /// `target`), `balance` and `carryover_balanced`. `published_position_deviation` is the
    /// largest deviation of the slate file's own orders, when it has any.
    pub fn report_json(&self, published_position_deviation: Option<f64>) -> serde_json::Value {
        use serde_json::json;
        let b = &self.balance;
        let orders: Vec<serde_json::Value> = self
            .groups()
            .iter()
            .zip(self.group_rows())
            .map(|(g, row)| {
                json!({
                    "label": g.label,
                    "regions": g.regions,
                    "order": g.order,
                    "supporters": g.supporters,
                    "target": b.targets.get(row).copied().unwrap_or(0.0),
                })
            })
            .collect();
        json!({
            "orders": orders,
            "balance": {
                "max_total": b.max_total,
                "min_total": b.min_total,
                "ratio": if b.min_total > 0.0 { json!(b.ratio()) } else { json!(null) },
                "max_deviation": b.max_deviation,
                "relative_deviation": b.relative_deviation,
                "lower_bound": b.lower_bound,
                "proved_optimal": b.proved_optimal,
                "position_deviation": self.analysis.max_deviation(),
                "published_position_deviation": published_position_deviation,
            },
            "carryover_balanced": self.carryover_balanced,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Slate;

    fn adjacency_counts(rows: &[Vec<usize>]) -> Vec<Vec<usize>> {
        let k = rows.len();
        let mut counts = vec![vec![0; k]; k];
        for row in rows {
            for pair in row.windows(2) {
                counts[pair[0]][pair[1]] += 1;
            }
        }
        counts
    }

    #[test]
    fn williams_squares_of_even_order_are_carryover_balanced() {
        for k in [2, 4, 6, 8, 10] {
            let rows = williams_square(k);
            let counts = adjacency_counts(&rows);
            for a in 0..k {
                for (b, &count) in counts[a].iter().enumerate() {
                    assert_eq!(count, usize::from(a != b), "k={k} {a}->{b}");
                }
                for j in 0..k {
                    assert_eq!(rows.iter().filter(|r| r[j] == a).count(), 1);
                }
                assert_eq!(rows[a][0], a, "row {a} is headed by candidate {a}");
            }
        }
    }

    #[test]
    fn for_six_every_precedence_appears_in_three_rows() {
        let rows = williams_square(6);
        for a in 0..6 {
            for b in (0..6).filter(|&b| b != a) {
                let above = rows
                    .iter()
                    .filter(|r| r.iter().position(|&c| c == a) < r.iter().position(|&c| c == b))
                    .count();
                assert_eq!(above, 3, "{a} above {b}");
            }
        }
    }

    #[test]
    fn williams_squares_of_odd_order_are_latin_only() {
        let rows = williams_square(5);
        let counts = adjacency_counts(&rows);
        assert!(counts.iter().flatten().any(|&c| c > 1));
        for a in 0..5 {
            for j in 0..5 {
                assert_eq!(rows.iter().filter(|r| r[j] == a).count(), 1);
            }
        }
    }

    fn small_guide() -> Guide {
        Guide::new(
            Slate::from_names(["A", "B"]),
            vec![
                Region::new("North"),
                Region::new("South"),
                Region::new("East"),
            ],
            Recommendation::default(),
        )
        .unwrap()
    }

    #[test]
    fn splitting_a_region_lets_its_parts_follow_different_orders() {
        let guide = small_guide();
        let weights = guide
            .weights([("North", 100.0), ("South", 10.0), ("East", 10.0)])
            .unwrap();
        let plain = design(&guide, &weights, &DesignConfig::default()).unwrap();
        assert_eq!(plain.balance.max_deviation, 40.0);
        let config = DesignConfig {
            split: vec![("north".into(), 2)],
            ..DesignConfig::default()
        };
        let split = design(&guide, &weights, &config).unwrap();
        assert_eq!(split.balance.max_deviation, 0.0);
        assert!(split.balance.proved_optimal);
        assert!(split.guide.lookup("North (part 2 of 2)").is_ok());
        assert_eq!(split.guide.regions().len(), 4);
        let err = design(
            &guide,
            &weights,
            &DesignConfig {
                split: vec![("north".into(), 0)],
                ..DesignConfig::default()
            },
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "cannot split North into 0 parts");
    }

    #[test]
    fn personal_votes_lower_the_target_of_the_row_they_head() {
        let guide = small_guide();
        let weights = guide
            .weights([("North", 50.0), ("South", 30.0), ("East", 20.0)])
            .unwrap();
        let personal = guide.personal_votes([("A", 40.0)]).unwrap();
        let config = DesignConfig {
            personal: Some(personal),
            shrink: 1.0,
            ..DesignConfig::default()
        };
        let d = design(&guide, &weights, &config).unwrap();
        // T_A = (100 + 40)/2 - 40 = 30, T_B = 70: A's row gets South, B's the rest.
        assert_eq!(d.balance.targets, [30.0, 70.0]);
        assert_eq!(d.balance.totals, [30.0, 70.0]);
        assert_eq!(d.balance.max_deviation, 0.0);
        assert_eq!(d.guide.lookup("south").unwrap().order[0], "A");
        let bad = DesignConfig {
            shrink: 1.5,
            ..DesignConfig::default()
        };
        assert_eq!(
            design(&guide, &weights, &bad).unwrap_err(),
            SlateError::InvalidShrink(1.5)
        );
    }

    #[test]
    fn odd_slates_say_they_are_not_carryover_balanced() {
        let guide = Guide::new(
            Slate::from_names(["A", "B", "C"]),
            vec![
                Region::new("North"),
                Region::new("South"),
                Region::new("East"),
            ],
            Recommendation::default(),
        )
        .unwrap();
        let d = design(&guide, &guide.uniform_weights(), &DesignConfig::default()).unwrap();
        assert!(!d.carryover_balanced);
        assert!(d.analysis.latin_square);
        assert!(!d.analysis.williams_square);
        let even = design(
            &small_guide(),
            &small_guide().uniform_weights(),
            &DesignConfig::default(),
        )
        .unwrap();
        assert!(even.carryover_balanced);
    }

    #[test]
    fn group_labels_go_past_z() {
        assert_eq!(group_label(0), "A");
        assert_eq!(group_label(25), "Z");
        assert_eq!(group_label(26), "AA");
    }
}
