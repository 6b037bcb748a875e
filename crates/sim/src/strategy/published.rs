//! `published`: the recommendation the scenario says the slate publishes.

use crate::ballots::{Model, Order};

/// The published order of every region, or `None` when the slate publishes none.
pub(super) fn orders(model: &Model) -> Option<Vec<Order>> {
    model.factions[model.target].published.clone()
}
