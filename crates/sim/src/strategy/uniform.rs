//! `uniform`: the same order in every region (the slate's candidates as listed), what a slate
//! that does not manage its vote effectively asks for.

use crate::ballots::{Model, Order};

/// The listed order, in every region.
pub(super) fn orders(model: &Model) -> Vec<Order> {
    let k = model.factions[model.target].ids.len();
    let listed: Order = (0..k as u8).collect();
    vec![listed; model.scenario.regions.len()]
}
