//! `rotation`: a naive Latin square. Row `i` is the listed order shifted by `i`; regions take
//! rows in turn, in the scenario's order, whatever their size.

use crate::ballots::{Model, Order};

/// Cyclic rows dealt to regions in turn.
pub(super) fn orders(model: &Model) -> Vec<Order> {
    let k = model.factions[model.target].ids.len();
    (0..model.scenario.regions.len())
        .map(|r| (0..k).map(|j| ((j + r) % k) as u8).collect())
        .collect()
}
