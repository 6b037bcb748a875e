//! `balanced`: the advisor's design (`slatewise_slate::design`).
//!
//! The slate's expected adherent supporters per region are the weights; the expected first
//! preferences of voters who do not follow the order (Plackett–Luce by strength, and plumpers)
//! are the personal votes, shrunk by the advisor's default factor.

use slatewise_slate::{DesignConfig, Guide, Recommendation, Region, Slate};

use crate::ballots::{Model, Order};

/// The designed order of every region.
pub(super) fn orders(model: &Model) -> Result<Vec<Order>, String> {
    let sc = &model.scenario;
    let f = &sc.factions[model.target];
    let slate = Slate::from_names(f.candidates.iter().map(|c| c.name.clone()));
    let regions: Vec<Region> = sc
        .regions
        .iter()
        .map(|r| Region::new(r.name.clone()))
        .collect();
    let guide = Guide::new(slate, regions, Recommendation::default()).map_err(|e| e.to_string())?;
    let supporters = super::expected_supporters(model);
    let weights = guide
        .weights(
            sc.regions
                .iter()
                .map(|r| r.name.as_str())
                .zip(supporters.iter().copied()),
        )
        .map_err(|e| e.to_string())?;
    // Personal votes: expected first preferences of the slate's voters who ignore the order.
    let adherence = model.overrides.adherence.unwrap_or(f.adherence.mean);
    let voters: f64 = sc
        .regions
        .iter()
        .map(|r| r.electorate as f64 * r.turnout.mean * model.target_share_mean(&r.name))
        .sum();
    let unmanaged = voters * (f.plumpers + (1.0 - f.plumpers) * (1.0 - adherence));
    let total_strength: f64 = f.candidates.iter().map(|c| c.strength).sum();
    let personal = guide
        .personal_votes(
            f.candidates
                .iter()
                .map(|c| (c.name.as_str(), unmanaged * c.strength / total_strength)),
        )
        .map_err(|e| e.to_string())?;
    let config = DesignConfig {
        personal: Some(personal),
        ..DesignConfig::default()
    };
    let design = slatewise_slate::design(&guide, &weights, &config).map_err(|e| e.to_string())?;
    let mut orders: Vec<Option<Order>> = vec![None; sc.regions.len()];
    for group in &design.guide.recommendation().groups {
        let order: Order = group
            .order
            .iter()
            .filter_map(|name| f.candidates.iter().position(|c| &c.name == name))
            .map(|i| i as u8)
            .collect();
        for id in &group.regions {
            let region = design
                .guide
                .region_by_id(id)
                .and_then(|r| sc.region_index(&r.name));
            if let Some(ri) = region {
                orders[ri] = Some(order.clone());
            }
        }
    }
    orders
        .into_iter()
        .enumerate()
        .map(|(ri, o)| {
            o.ok_or_else(|| format!("the design gives region {:?} no order", sc.regions[ri].name))
        })
        .collect()
}
