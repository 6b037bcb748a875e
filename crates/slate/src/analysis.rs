//! Analysis of any set of orders: which candidate stands where how often, what supporter
//! weight each candidate receives in each position, and whether the orders form a Latin
//! square or a balanced (Williams) square.

use serde::Serialize;

use crate::error::SlateError;
use crate::guide::Guide;
use crate::weights::Weights;

/// What a set of orders does to each candidate, by position.
///
/// With `n` orders of a slate of `k` candidates, the orders are *balanced in position j* when
/// every candidate stands at `j` equally often (`n / k` times); a *Latin square* is `k` orders
/// balanced in every position; a *Williams square* is a Latin square in which every ordered
/// pair of candidates is adjacent (one immediately above the other) equally often.
///
/// The weights (`weights[c][j]`: supporters whose order puts candidate `c` at position `j`)
/// show what the counts hide: a Latin square is only as balanced as its groups' totals.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Analysis {
    /// Candidate names, in slate order (the row order of `counts` and `weights`).
    pub candidates: Vec<String>,
    /// For each order (group), its label and the display names of its regions.
    pub groups: Vec<GroupTotal>,
    /// `counts[c][j]`: how many orders put candidate `c` at position `j` (0-based).
    pub counts: Vec<Vec<usize>>,
    /// `weights[c][j]`: supporters whose order puts candidate `c` at position `j`.
    pub weights: Vec<Vec<f64>>,
    /// All supporters.
    pub total: f64,
    /// The orders are `k` orders with each candidate once in each position.
    pub latin_square: bool,
    /// A Latin square in which every ordered pair of candidates is adjacent exactly once.
    pub williams_square: bool,
    /// The positions where some candidate stands more often than another, with the details.
    pub unbalanced: Vec<UnbalancedPosition>,
}

/// One order's group of regions and its supporters.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GroupTotal {
    /// The group's label, if it has one.
    pub label: Option<String>,
    /// Display names of its regions.
    pub regions: Vec<String>,
    /// Its order.
    pub order: Vec<String>,
    /// Supporters in its regions.
    pub supporters: f64,
}

/// A position (1-based) at which the orders are not balanced.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UnbalancedPosition {
    /// The position, counting from 1.
    pub position: usize,
    /// Candidates standing there more often than the fair share `n / k`.
    pub over: Vec<Tally>,
    /// Candidates standing there less often than the fair share.
    pub under: Vec<Tally>,
}

/// How many times a candidate stands at a position.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// The candidate.
    pub candidate: String,
    /// The number of orders.
    pub count: usize,
}

impl Analysis {
    /// The number of candidates.
    pub fn k(&self) -> usize {
        self.candidates.len()
    }

    /// The weight every cell would have if all were equal: `total / k`.
    pub fn mean(&self) -> f64 {
        if self.candidates.is_empty() {
            0.0
        } else {
            self.total / self.k() as f64
        }
    }

    /// `(weights[c][j] - mean) / mean`: how far one cell is from fair, as a fraction (0 when
    /// there are no supporters).
    pub fn deviation(&self, candidate: usize, position: usize) -> f64 {
        let mean = self.mean();
        if mean > 0.0 {
            (self.weights[candidate][position] - mean) / mean
        } else {
            0.0
        }
    }

    /// The largest `|deviation|` over every candidate and position, with where it is:
    /// `(candidate, position (0-based), deviation)`.
    pub fn worst(&self) -> Option<(usize, usize, f64)> {
        let mut worst: Option<(usize, usize, f64)> = None;
        for c in 0..self.k() {
            for j in 0..self.k() {
                let d = self.deviation(c, j);
                if worst.is_none_or(|(_, _, w)| d.abs() > w.abs()) {
                    worst = Some((c, j, d));
                }
            }
        }
        worst
    }

    /// The balance measure: the largest `|weights[c][j] - mean| / mean` (0 is perfect).
    pub fn max_deviation(&self) -> f64 {
        self.worst().map_or(0.0, |(_, _, d)| d.abs())
    }
}

/// Analyse the guide's recommended orders, with `weights` supporters in each region.
///
/// ```
/// let guide = slatewise_slate::gv6_2020();
/// let analysis = slatewise_slate::analyse(&guide, &guide.uniform_weights())?;
/// assert!(!analysis.latin_square); // Henderson 4th twice, Dar 5th twice, Rahman 6th twice
/// # Ok::<(), slatewise_slate::SlateError>(())
/// ```
pub fn analyse(guide: &Guide, weights: &Weights) -> Result<Analysis, SlateError> {
    let supporters = weights.aligned(guide)?;
    let groups = &guide.recommendation().groups;
    if groups.is_empty() {
        return Err(SlateError::NoOrders);
    }
    let slate = guide.slate();
    let k = slate.len();
    let mut rows = Vec::with_capacity(groups.len());
    let mut totals = Vec::with_capacity(groups.len());
    for group in groups {
        // A valid guide names every candidate once per order, by canonical name.
        let row: Vec<usize> = group
            .order
            .iter()
            .filter_map(|name| slate.index_of(name))
            .collect();
        let total: f64 = group
            .regions
            .iter()
            .filter_map(|id| guide.regions().iter().position(|r| &r.id == id))
            .map(|i| supporters[i])
            .sum();
        totals.push(GroupTotal {
            label: group.label.clone(),
            regions: guide.region_names(&group.regions),
            order: group.order.clone(),
            supporters: total,
        });
        rows.push(row);
    }
    debug_assert!(rows.iter().all(|r| r.len() == k));
    let names: Vec<String> = slate.names().map(str::to_owned).collect();
    Ok(analyse_rows(names, &rows, totals))
}

/// The analysis of orders given as rows of candidate indices, each with its group.
pub(crate) fn analyse_rows(
    candidates: Vec<String>,
    rows: &[Vec<usize>],
    groups: Vec<GroupTotal>,
) -> Analysis {
    let k = candidates.len();
    let n = rows.len();
    let mut counts = vec![vec![0usize; k]; k];
    let mut weights = vec![vec![0.0; k]; k];
    let mut adjacent = vec![vec![0usize; k]; k];
    for (row, group) in rows.iter().zip(&groups) {
        for (j, &c) in row.iter().enumerate() {
            counts[c][j] += 1;
            weights[c][j] += group.supporters;
        }
        for pair in row.windows(2) {
            adjacent[pair[0]][pair[1]] += 1;
        }
    }
    let fair = n as f64 / k as f64;
    let unbalanced: Vec<UnbalancedPosition> = (0..k)
        .filter(|&j| (0..k).any(|c| counts[c][j] != counts[0][j]) || n % k != 0)
        .map(|j| {
            let tally = |keep: &dyn Fn(f64) -> bool| -> Vec<Tally> {
                (0..k)
                    .filter(|&c| keep(counts[c][j] as f64))
                    .map(|c| Tally {
                        candidate: candidates[c].clone(),
                        count: counts[c][j],
                    })
                    .collect()
            };
            UnbalancedPosition {
                position: j + 1,
                over: tally(&|count| count > fair),
                under: tally(&|count| count < fair),
            }
        })
        .collect();
    let latin_square = n == k && unbalanced.is_empty();
    let carryover = (0..k).all(|a| (0..k).all(|b| a == b || adjacent[a][b] == 1));
    let total = groups.iter().map(|g| g.supporters).sum();
    Analysis {
        candidates,
        groups,
        counts,
        weights,
        total,
        latin_square,
        williams_square: latin_square && carryover,
        unbalanced,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(supporters: f64) -> GroupTotal {
        GroupTotal {
            label: None,
            regions: Vec::new(),
            order: Vec::new(),
            supporters,
        }
    }

    fn names(k: usize) -> Vec<String> {
        (0..k).map(|c| format!("C{c}")).collect()
    }

    #[test]
    fn a_williams_square_with_equal_groups_is_perfect() {
        let rows = vec![
            vec![0, 1, 3, 2],
            vec![1, 2, 0, 3],
            vec![2, 3, 1, 0],
            vec![3, 0, 2, 1],
        ];
        let a = analyse_rows(names(4), &rows, (0..4).map(|_| group(10.0)).collect());
        assert!(a.latin_square);
        assert!(a.williams_square);
        assert!(a.unbalanced.is_empty());
        assert_eq!(a.max_deviation(), 0.0);
        assert_eq!(a.mean(), 10.0);
    }

    #[test]
    fn a_cyclic_square_is_latin_but_not_williams() {
        let rows = vec![vec![0, 1, 2], vec![1, 2, 0], vec![2, 0, 1]];
        let a = analyse_rows(names(3), &rows, vec![group(1.0), group(2.0), group(3.0)]);
        assert!(a.latin_square);
        assert!(!a.williams_square);
        // Position 1: C0 gets 1, C1 2, C2 3 supporters; mean 2.
        assert_eq!(a.worst(), Some((0, 0, -0.5)));
        assert_eq!(a.max_deviation(), 0.5);
    }

    #[test]
    fn repeated_rows_are_reported_by_position() {
        let rows = vec![vec![0, 1], vec![0, 1]];
        let a = analyse_rows(names(2), &rows, vec![group(1.0), group(1.0)]);
        assert!(!a.latin_square);
        assert_eq!(a.unbalanced.len(), 2);
        assert_eq!(a.unbalanced[0].position, 1);
        assert_eq!(a.unbalanced[0].over[0].candidate, "C0");
        assert_eq!(a.unbalanced[0].over[0].count, 2);
        assert_eq!(a.unbalanced[0].under[0].count, 0);
    }
}
