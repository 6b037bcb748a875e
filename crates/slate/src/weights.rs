//! Supporters per region ([`Weights`]) and personal votes per candidate ([`PersonalVotes`]).

use serde::Serialize;

use crate::error::SlateError;
use crate::guide::Guide;
use crate::table;

/// Header of a weights table.
pub const WEIGHTS_HEADER: &str = "region,supporters";
/// Header of a personal-votes table.
pub const PERSONAL_HEADER: &str = "candidate,votes";

/// How many supporters in each region will follow the order recommended to it.
///
/// Built against a [`Guide`], so that every region of the guide has exactly one figure:
/// [`Guide::weights`], [`Guide::weights_from_csv`], [`Guide::estimated_weights`],
/// [`Guide::uniform_weights`].
///
/// ```
/// let guide = slatewise_slate::gv6_2020();
/// let weights = guide.weights_from_csv(slatewise_slate::GV6_2018_MEMBERS_CSV)?;
/// assert_eq!(weights.get("south-london"), Some(37_436.0));
/// assert_eq!(weights.total(), 552_175.0);
/// # Ok::<(), slatewise_slate::SlateError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Weights {
    /// Region ids, in the guide's order.
    regions: Vec<String>,
    /// Supporters, aligned with `regions`.
    supporters: Vec<f64>,
}

impl Weights {
    /// Supporters of the region with this id.
    pub fn get(&self, region_id: &str) -> Option<f64> {
        self.regions
            .iter()
            .position(|r| r == region_id)
            .map(|i| self.supporters[i])
    }

    /// (region id, supporters) pairs, in the guide's region order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, f64)> {
        self.regions
            .iter()
            .map(String::as_str)
            .zip(self.supporters.iter().copied())
    }

    /// All supporters.
    pub fn total(&self) -> f64 {
        self.supporters.iter().sum()
    }

    /// The number of regions.
    pub fn len(&self) -> usize {
        self.regions.len()
    }

    /// Whether there are no regions (never, for weights built from a valid guide).
    pub fn is_empty(&self) -> bool {
        self.regions.is_empty()
    }

    /// The table as CSV (`region,supporters`, display names), readable by
    /// [`Guide::weights_from_csv`].
    pub fn to_csv(&self, guide: &Guide) -> String {
        let mut csv = format!("{WEIGHTS_HEADER}\n");
        for (name, supporters) in guide
            .region_names(&self.regions)
            .iter()
            .zip(&self.supporters)
        {
            csv.push_str(&format!("{},{supporters}\n", quote(name)));
        }
        csv
    }

    /// Weights from ids and figures that are already checked.
    pub(crate) fn from_parts(regions: Vec<String>, supporters: Vec<f64>) -> Weights {
        Weights {
            regions,
            supporters,
        }
    }

    /// The figures aligned with `guide.regions()`, or an error if these weights belong to
    /// other regions.
    pub(crate) fn aligned(&self, guide: &Guide) -> Result<Vec<f64>, SlateError> {
        guide
            .regions()
            .iter()
            .map(|region| {
                self.get(&region.id)
                    .ok_or_else(|| SlateError::WeightsMismatch(region.name.clone()))
            })
            .collect::<Result<Vec<f64>, SlateError>>()
            .and_then(|aligned| {
                if self.regions.len() == aligned.len() {
                    Ok(aligned)
                } else {
                    let extra = self
                        .regions
                        .iter()
                        .find(|id| guide.region_by_id(id).is_none())
                        .cloned()
                        .unwrap_or_default();
                    Err(SlateError::WeightsMismatch(extra))
                }
            })
    }
}

/// Votes that candidates receive as first preferences whatever the order says (well-known
/// names attract them), aligned with the slate. Candidates not given are taken as 0.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PersonalVotes {
    /// Candidate names, in slate order.
    candidates: Vec<String>,
    /// Votes, aligned with `candidates`.
    votes: Vec<f64>,
}

impl PersonalVotes {
    /// The personal vote of the candidate with this (canonical) name.
    pub fn get(&self, candidate: &str) -> Option<f64> {
        self.candidates
            .iter()
            .position(|c| c == candidate)
            .map(|i| self.votes[i])
    }

    /// All personal votes.
    pub fn total(&self) -> f64 {
        self.votes.iter().sum()
    }

    /// Votes in slate order, or an error if these votes belong to another slate.
    pub(crate) fn aligned(&self, guide: &Guide) -> Result<Vec<f64>, SlateError> {
        if self
            .candidates
            .iter()
            .map(String::as_str)
            .eq(guide.slate().names())
        {
            Ok(self.votes.clone())
        } else {
            let stranger = self
                .candidates
                .iter()
                .find(|c| guide.slate().index_of(c).is_none())
                .or(self.candidates.first())
                .cloned()
                .unwrap_or_default();
            Err(SlateError::PersonalVotesMismatch(stranger))
        }
    }
}

impl Guide {
    /// Weights from (region name, supporters) pairs; names are matched forgivingly.
    ///
    /// Every region needs exactly one figure, and no figure may be negative.
    pub fn weights<'q>(
        &self,
        pairs: impl IntoIterator<Item = (&'q str, f64)>,
    ) -> Result<Weights, SlateError> {
        self.collect_weights(
            pairs
                .into_iter()
                .map(|(name, value)| (None, name, Ok(value))),
        )
    }

    /// Weights from a CSV table with the header `region,supporters` (errors name the line).
    pub fn weights_from_csv(&self, csv: &str) -> Result<Weights, SlateError> {
        let rows = table::rows(csv, WEIGHTS_HEADER)?;
        self.collect_weights(
            rows.iter()
                .map(|row| (Some(row.line), row.name.as_str(), table::number(&row.value))),
        )
    }

    fn collect_weights<'q>(
        &self,
        rows: impl Iterator<Item = (Option<usize>, &'q str, Result<f64, SlateError>)>,
    ) -> Result<Weights, SlateError> {
        let mut supporters: Vec<Option<f64>> = vec![None; self.regions().len()];
        for (line, name, value) in rows {
            let at = |e: SlateError| match line {
                Some(line) => e.at_line(line),
                None => e,
            };
            let index = self.region_index(name).map_err(at)?;
            let region = &self.regions()[index].name;
            let value = value.and_then(|v| table::checked(v, region)).map_err(at)?;
            if supporters[index].replace(value).is_some() {
                return Err(at(SlateError::Duplicate(region.clone())));
            }
        }
        let supporters = supporters
            .into_iter()
            .zip(self.regions())
            .map(|(s, r)| s.ok_or_else(|| SlateError::MissingWeight(r.name.clone())))
            .collect::<Result<Vec<f64>, SlateError>>()?;
        Ok(Weights::from_parts(
            self.regions().iter().map(|r| r.id.clone()).collect(),
            supporters,
        ))
    }

    /// Weights from the guide's membership figures, when it has them: a figure covering
    /// several regions is shared evenly between them, and what the stated total leaves over is
    /// shared evenly by the `remainder` regions.
    ///
    /// For the built-in data these are *estimates* (2018 figures; London split in three).
    pub fn estimated_weights(&self) -> Option<Weights> {
        let membership = self.membership()?;
        let mut supporters = vec![0.0; self.regions().len()];
        let index = |id: &String| self.regions().iter().position(|r| &r.id == id);
        for figure in &membership.figures {
            let share = figure.members as f64 / figure.regions.len() as f64;
            for i in figure.regions.iter().filter_map(index) {
                supporters[i] += share;
            }
        }
        let listed: u64 = membership.figures.iter().map(|f| f.members).sum();
        let left = membership.total.unwrap_or(listed).saturating_sub(listed) as f64;
        for i in membership.remainder.iter().filter_map(index) {
            supporters[i] += left / membership.remainder.len() as f64;
        }
        Some(Weights::from_parts(
            self.regions().iter().map(|r| r.id.clone()).collect(),
            supporters,
        ))
    }

    /// One supporter per region: what analyses use when nothing better is known.
    pub fn uniform_weights(&self) -> Weights {
        Weights::from_parts(
            self.regions().iter().map(|r| r.id.clone()).collect(),
            vec![1.0; self.regions().len()],
        )
    }

    /// Personal votes from (candidate name, votes) pairs; names are matched forgivingly and
    /// candidates left out count 0.
    pub fn personal_votes<'q>(
        &self,
        pairs: impl IntoIterator<Item = (&'q str, f64)>,
    ) -> Result<PersonalVotes, SlateError> {
        self.collect_personal(
            pairs
                .into_iter()
                .map(|(name, value)| (None, name, Ok(value))),
        )
    }

    /// Personal votes from a CSV table with the header `candidate,votes`.
    pub fn personal_votes_from_csv(&self, csv: &str) -> Result<PersonalVotes, SlateError> {
        let rows = table::rows(csv, PERSONAL_HEADER)?;
        self.collect_personal(
            rows.iter()
                .map(|row| (Some(row.line), row.name.as_str(), table::number(&row.value))),
        )
    }

    fn collect_personal<'q>(
        &self,
        rows: impl Iterator<Item = (Option<usize>, &'q str, Result<f64, SlateError>)>,
    ) -> Result<PersonalVotes, SlateError> {
        let mut votes: Vec<Option<f64>> = vec![None; self.slate().len()];
        for (line, name, value) in rows {
            let at = |e: SlateError| match line {
                Some(line) => e.at_line(line),
                None => e,
            };
            let index = self.candidate_index(name).map_err(at)?;
            let candidate = &self.slate().candidates[index].name;
            let value = value
                .and_then(|v| table::checked(v, candidate))
                .map_err(at)?;
            if votes[index].replace(value).is_some() {
                return Err(at(SlateError::Duplicate(candidate.clone())));
            }
        }
        Ok(PersonalVotes {
            candidates: self.slate().names().map(str::to_owned).collect(),
            votes: votes.into_iter().map(|v| v.unwrap_or(0.0)).collect(),
        })
    }
}

/// Quote a CSV field if it needs it.
fn quote(field: &str) -> String {
    if field.contains([',', '"', '\n']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use crate::{SlateError, gv6_2020};

    #[test]
    fn weights_need_every_region_once() {
        let guide = gv6_2020();
        let csv = "region,supporters\nWales,10\n";
        assert_eq!(
            guide.weights_from_csv(csv).unwrap_err(),
            SlateError::MissingWeight("Northern".into())
        );
        let csv = "region,supporters\nWales,10\ncymru,3\n";
        assert_eq!(
            guide.weights_from_csv(csv).unwrap_err().to_string(),
            "line 3: Wales is given twice"
        );
    }

    #[test]
    fn unknown_regions_and_negative_figures_name_the_line() {
        let guide = gv6_2020();
        let err = guide
            .weights_from_csv("region,supporters\nAtlantis,5\n")
            .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("line 2: unknown region \"Atlantis\""),
            "{err}"
        );
        let err = guide
            .weights_from_csv("region,supporters\nWales,-5\n")
            .unwrap_err();
        assert_eq!(err.to_string(), "line 2: negative supporters for Wales: -5");
        let err = guide.weights([("Wales", -1.0)]).unwrap_err();
        assert_eq!(err.to_string(), "negative supporters for Wales: -1");
    }

    #[test]
    fn csv_round_trips() {
        let guide = gv6_2020();
        let weights = guide.estimated_weights().unwrap();
        let again = guide.weights_from_csv(&weights.to_csv(&guide)).unwrap();
        assert_eq!(weights, again);
    }

    #[test]
    fn personal_votes_default_to_zero() {
        let guide = gv6_2020();
        let votes = guide
            .personal_votes_from_csv("candidate,votes\nPidcock,5000\n")
            .unwrap();
        assert_eq!(votes.get("Laura Pidcock"), Some(5000.0));
        assert_eq!(votes.get("Yasmine Dar"), Some(0.0));
        assert_eq!(votes.total(), 5000.0);
        let err = guide
            .personal_votes_from_csv("candidate,votes\nAnn Black,5\n")
            .unwrap_err();
        assert!(
            err.to_string().starts_with("line 2: unknown candidate"),
            "{err}"
        );
    }
}
