//! [`Guide`]: a slate, its regions, the recommended orders and (optionally) membership figures,
//! checked to be consistent. This is what a slate file holds.

use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use crate::error::{Listing, SlateError};
use crate::model::{Candidate, Membership, OrderGroup, Recommendation, Region, Slate};
use crate::names::{self, Entry, Miss};

/// A validated slate file: the slate, the regions, one order per region, membership figures.
///
/// Every name inside is canonical: candidate names as in the slate, regions of each order and of
/// each membership figure as region ids. Build one with [`Guide::from_json`], [`Guide::new`] or
/// [`gv6_2020`](crate::gv6_2020).
///
/// ```
/// let guide = slatewise_slate::gv6_2020();
/// assert_eq!(guide.slate().len(), 6);
/// assert_eq!(guide.regions().len(), 15);
/// assert_eq!(guide.region("NI")?.name, "Northern Ireland");
/// # Ok::<(), slatewise_slate::SlateError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Guide {
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    slate: Slate,
    regions: Vec<Region>,
    orders: Recommendation,
    #[serde(skip_serializing_if = "Option::is_none")]
    membership: Option<Membership>,
}

/// The JSON form of a [`Guide`], before validation.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GuideFile {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    description: Option<String>,
    slate: Slate,
    regions: Vec<Region>,
    #[serde(default)]
    orders: Recommendation,
    #[serde(default)]
    membership: Option<Membership>,
}

impl Guide {
    /// Check a slate, its regions and a recommendation against each other.
    ///
    /// Region names in the orders may be any name or alias of a region, and candidate names
    /// may be misspelt slightly (`"Yasmin Dar"`); both are replaced by their canonical forms.
    /// The recommendation may be empty (regions not yet given orders); otherwise every region
    /// must be in exactly one group and every order must name every candidate exactly once.
    pub fn new(
        slate: Slate,
        regions: Vec<Region>,
        orders: Recommendation,
    ) -> Result<Guide, SlateError> {
        let slate = check_slate(slate)?;
        let regions = check_regions(regions)?;
        let mut guide = Guide {
            name: None,
            description: None,
            slate,
            regions,
            orders: Recommendation::default(),
            membership: None,
        };
        guide.orders = guide.check_orders(orders)?;
        Ok(guide)
    }

    /// Read a slate file's JSON (schema in the crate docs) and validate it.
    ///
    /// ```
    /// let json = r#"{
    ///   "slate": {"candidates": [{"name": "Ada"}, {"name": "Grace"}]},
    ///   "regions": [{"name": "North"}, {"name": "South"}],
    ///   "orders": [
    ///     {"regions": ["north"], "order": ["Ada", "Grace"]},
    ///     {"regions": ["South"], "order": ["grace", "ada"]}
    ///   ]
    /// }"#;
    /// let guide = slatewise_slate::Guide::from_json(json)?;
    /// assert_eq!(guide.lookup("south")?.order, ["Grace", "Ada"]);
    /// # Ok::<(), slatewise_slate::SlateError>(())
    /// ```
    pub fn from_json(json: &str) -> Result<Guide, SlateError> {
        let file: GuideFile =
            serde_json::from_str(json).map_err(|e| SlateError::Json(e.to_string()))?;
        let mut guide = Guide::new(file.slate, file.regions, file.orders)?;
        guide.name = file.name;
        guide.description = file.description;
        if let Some(membership) = file.membership {
            guide = guide.with_membership(membership)?;
        }
        Ok(guide)
    }

    /// The guide as pretty-printed JSON, readable again by [`Guide::from_json`].
    pub fn to_json(&self) -> String {
        // A Guide holds only strings, integers and vectors: serialising it cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The same guide with a name and a description.
    pub fn with_name(mut self, name: impl Into<String>, description: Option<String>) -> Guide {
        self.name = Some(name.into());
        self.description = description;
        self
    }

    /// The same guide with membership figures, checked to cover every region exactly once.
    pub fn with_membership(mut self, membership: Membership) -> Result<Guide, SlateError> {
        self.membership = Some(self.check_membership(membership)?);
        Ok(self)
    }

    /// The same slate and regions with another recommendation (validated like [`Guide::new`]).
    pub fn with_orders(&self, orders: Recommendation) -> Result<Guide, SlateError> {
        let mut guide = self.clone();
        guide.orders = self.check_orders(orders)?;
        Ok(guide)
    }

    /// The guide's name, e.g. "#GV6: Grassroots Voice, Labour NEC (CLP section) 2020".
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// A free-text description (sources, caveats).
    pub fn description(&self) -> Option<&str> {
        self.description.as_deref()
    }

    /// The slate.
    pub fn slate(&self) -> &Slate {
        &self.slate
    }

    /// All regions, in the slate file's order (the list a web page shows).
    pub fn regions(&self) -> &[Region] {
        &self.regions
    }

    /// The recommended orders (empty when the file gives none).
    pub fn recommendation(&self) -> &Recommendation {
        &self.orders
    }

    /// The membership figures, when the file has them.
    pub fn membership(&self) -> Option<&Membership> {
        self.membership.as_ref()
    }

    /// The region a member means by `query`, matched forgivingly: any case, `&` or `and`,
    /// slugs, aliases, small typos. An unknown name is an error listing close matches.
    pub fn region(&self, query: &str) -> Result<&Region, SlateError> {
        self.region_index(query).map(|i| &self.regions[i])
    }

    /// The candidate meant by `query`, matched as forgivingly as regions (`"Yasmin Dar"`,
    /// `"pidcock"`).
    pub fn candidate(&self, query: &str) -> Result<&Candidate, SlateError> {
        self.candidate_index(query)
            .map(|i| &self.slate.candidates[i])
    }

    /// The group whose order the region with this id follows.
    pub fn group_of(&self, region_id: &str) -> Option<&OrderGroup> {
        self.orders
            .groups
            .iter()
            .find(|g| g.regions.iter().any(|r| r == region_id))
    }

    /// The region with exactly this id.
    pub fn region_by_id(&self, id: &str) -> Option<&Region> {
        self.regions.iter().find(|r| r.id == id)
    }

    /// Display names of the given region ids (ids pass through when unknown).
    pub(crate) fn region_names(&self, ids: &[String]) -> Vec<String> {
        ids.iter()
            .map(|id| {
                self.region_by_id(id)
                    .map_or_else(|| id.clone(), |r| r.name.clone())
            })
            .collect()
    }

    pub(crate) fn region_index(&self, query: &str) -> Result<usize, SlateError> {
        names::resolve(query, &region_entries(&self.regions)).map_err(|miss| match miss {
            Miss::Unknown(suggestions) => SlateError::UnknownRegion {
                query: query.to_owned(),
                suggestions,
            },
            Miss::Ambiguous(matches) => SlateError::AmbiguousRegion {
                query: query.to_owned(),
                matches,
            },
        })
    }

    pub(crate) fn candidate_index(&self, query: &str) -> Result<usize, SlateError> {
        names::resolve(query, &candidate_entries(&self.slate)).map_err(|miss| match miss {
            Miss::Unknown(suggestions) => SlateError::UnknownCandidate {
                query: query.to_owned(),
                suggestions,
            },
            Miss::Ambiguous(matches) => SlateError::AmbiguousCandidate {
                query: query.to_owned(),
                matches,
            },
        })
    }

    fn check_orders(&self, orders: Recommendation) -> Result<Recommendation, SlateError> {
        let mut seen = vec![false; self.regions.len()];
        let mut groups = Vec::with_capacity(orders.groups.len());
        for group in orders.groups {
            if group.regions.is_empty() {
                return Err(SlateError::OrderWithoutRegions {
                    order: group.order.join(", "),
                });
            }
            let mut regions = Vec::with_capacity(group.regions.len());
            for query in &group.regions {
                let index = self.region_index(query)?;
                if std::mem::replace(&mut seen[index], true) {
                    return Err(SlateError::RegionInTwoOrders(
                        self.regions[index].name.clone(),
                    ));
                }
                regions.push(self.regions[index].id.clone());
            }
            let label = Listing(&self.region_names(&regions)).to_string();
            let order = self.check_order(&group.order, &label)?;
            groups.push(OrderGroup {
                label: group.label,
                regions,
                order,
            });
        }
        if !groups.is_empty() {
            if let Some(i) = seen.iter().position(|s| !s) {
                return Err(SlateError::RegionWithoutOrder(self.regions[i].name.clone()));
            }
        }
        Ok(Recommendation { groups })
    }

    /// Resolve an order's names; every candidate exactly once.
    fn check_order(&self, order: &[String], group: &str) -> Result<Vec<String>, SlateError> {
        let mut seen = vec![false; self.slate.len()];
        let mut names = Vec::with_capacity(order.len());
        for query in order {
            let index = self.candidate_index(query)?;
            let name = &self.slate.candidates[index].name;
            if std::mem::replace(&mut seen[index], true) {
                return Err(SlateError::DuplicateInOrder {
                    group: group.to_owned(),
                    candidate: name.clone(),
                });
            }
            names.push(name.clone());
        }
        let missing: Vec<String> = self
            .slate
            .candidates
            .iter()
            .zip(&seen)
            .filter(|(_, seen)| !**seen)
            .map(|(c, _)| c.name.clone())
            .collect();
        if !missing.is_empty() {
            return Err(SlateError::MissingFromOrder {
                group: group.to_owned(),
                missing,
            });
        }
        Ok(names)
    }

    fn check_membership(&self, mut membership: Membership) -> Result<Membership, SlateError> {
        let mut counted = vec![false; self.regions.len()];
        let mut count = |query: &String| -> Result<String, SlateError> {
            let index = self.region_index(query)?;
            if std::mem::replace(&mut counted[index], true) {
                return Err(SlateError::Membership(format!(
                    "region {} is counted twice",
                    self.regions[index].name
                )));
            }
            Ok(self.regions[index].id.clone())
        };
        for figure in &mut membership.figures {
            if figure.regions.is_empty() {
                return Err(SlateError::Membership(format!(
                    "{} covers no region",
                    figure.area
                )));
            }
            figure.regions = figure
                .regions
                .iter()
                .map(&mut count)
                .collect::<Result<_, _>>()?;
        }
        membership.remainder = membership
            .remainder
            .iter()
            .map(&mut count)
            .collect::<Result<_, _>>()?;
        if let Some(i) = counted.iter().position(|c| !c) {
            return Err(SlateError::Membership(format!(
                "no figure covers region {}",
                self.regions[i].name
            )));
        }
        let listed: u64 = membership.figures.iter().map(|f| f.members).sum();
        match membership.total {
            Some(total) if total < listed => {
                return Err(SlateError::Membership(format!(
                    "the total {total} is less than the figures' sum {listed}"
                )));
            }
            None if !membership.remainder.is_empty() => {
                return Err(SlateError::Membership(
                    "a remainder needs a total to be taken from".into(),
                ));
            }
            _ => {}
        }
        Ok(membership)
    }
}

fn check_slate(mut slate: Slate) -> Result<Slate, SlateError> {
    if slate.candidates.is_empty() {
        return Err(SlateError::EmptySlate);
    }
    let mut keys = BTreeSet::new();
    for candidate in &mut slate.candidates {
        candidate.name = candidate.name.trim().to_owned();
        let key = names::key(&candidate.name);
        if key.is_empty() {
            return Err(SlateError::EmptyName { kind: "candidate" });
        }
        if !keys.insert(key) {
            return Err(SlateError::DuplicateCandidate(candidate.name.clone()));
        }
    }
    Ok(slate)
}

fn check_regions(mut regions: Vec<Region>) -> Result<Vec<Region>, SlateError> {
    if regions.is_empty() {
        return Err(SlateError::NoRegions);
    }
    for region in &mut regions {
        region.name = region.name.trim().to_owned();
        if names::key(&region.name).is_empty() {
            return Err(SlateError::EmptyName { kind: "region" });
        }
        region.id = if region.id.trim().is_empty() {
            names::slug(&region.name)
        } else {
            region.id.trim().to_owned()
        };
    }
    let mut owner: HashMap<String, usize> = HashMap::new();
    for (i, entry) in region_entries(&regions).iter().enumerate() {
        for (written, key) in entry.named_keys() {
            if key.is_empty() {
                continue;
            }
            match owner.insert(key.to_owned(), i) {
                Some(j) if j != i => {
                    return Err(SlateError::AmbiguousRegionName {
                        name: written.to_owned(),
                        first: regions[j].name.clone(),
                        second: regions[i].name.clone(),
                    });
                }
                _ => {}
            }
        }
    }
    Ok(regions)
}

fn region_entries(regions: &[Region]) -> Vec<Entry<'_>> {
    regions
        .iter()
        .map(|r| {
            Entry::new(
                &r.name,
                std::iter::once(r.id.as_str()).chain(r.aliases.iter().map(String::as_str)),
            )
        })
        .collect()
}

fn candidate_entries(slate: &Slate) -> Vec<Entry<'_>> {
    slate
        .candidates
        .iter()
        .map(|c| Entry::new(&c.name, std::iter::empty()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn two_regions() -> Vec<Region> {
        vec![Region::new("North"), Region::new("South")]
    }

    fn group(regions: &[&str], order: &[&str]) -> OrderGroup {
        OrderGroup {
            label: None,
            regions: regions.iter().map(|s| s.to_string()).collect(),
            order: order.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn orders(groups: Vec<OrderGroup>) -> Recommendation {
        Recommendation { groups }
    }

    #[test]
    fn names_are_made_canonical() {
        let guide = Guide::new(
            Slate::from_names(["Yasmine Dar", "Laura Pidcock"]),
            two_regions(),
            orders(vec![
                group(&["NORTH"], &["Yasmin Dar", "pidcock"]),
                group(&["south"], &["laura pidcock", "Dar"]),
            ]),
        )
        .unwrap();
        assert_eq!(guide.recommendation().groups[0].regions, ["north"]);
        assert_eq!(
            guide.recommendation().groups[0].order,
            ["Yasmine Dar", "Laura Pidcock"]
        );
    }

    #[test]
    fn duplicate_and_missing_candidates_are_errors() {
        let slate = Slate::from_names(["A One", "B Two", "C Three"]);
        let err = Guide::new(
            slate.clone(),
            two_regions(),
            orders(vec![group(
                &["North", "South"],
                &["A One", "B Two", "A One"],
            )]),
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "the order for North and South names A One twice"
        );
        let err = Guide::new(
            slate,
            two_regions(),
            orders(vec![group(&["North", "South"], &["A One"])]),
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "the order for North and South leaves out B Two, C Three"
        );
    }

    #[test]
    fn every_region_needs_exactly_one_order() {
        let slate = Slate::from_names(["A", "B"]);
        let err = Guide::new(
            slate.clone(),
            two_regions(),
            orders(vec![group(&["North"], &["A", "B"])]),
        )
        .unwrap_err();
        assert_eq!(err, SlateError::RegionWithoutOrder("South".into()));
        let err = Guide::new(
            slate.clone(),
            two_regions(),
            orders(vec![
                group(&["North", "South"], &["A", "B"]),
                group(&["north"], &["B", "A"]),
            ]),
        )
        .unwrap_err();
        assert_eq!(err, SlateError::RegionInTwoOrders("North".into()));
        // No orders at all is fine: regions waiting for a design.
        assert!(Guide::new(slate, two_regions(), Recommendation::default()).is_ok());
    }

    #[test]
    fn clashing_region_names_are_rejected() {
        let mut regions = two_regions();
        regions[1].aliases.push("the north".into());
        let err =
            Guide::new(Slate::from_names(["A"]), regions, Recommendation::default()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "\"the north\" could mean region North or region South"
        );
    }

    #[test]
    fn bad_json_is_one_line() {
        let err = Guide::from_json("{\"slate\": 3}").unwrap_err();
        let message = err.to_string();
        assert!(message.starts_with("invalid slate file: "), "{message}");
        assert!(!message.contains('\n'));
    }
}
