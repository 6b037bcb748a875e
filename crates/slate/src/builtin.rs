//! The built-in dataset: the #GV6 slate's published regional orders for the 2020 Labour NEC
//! (constituency section) election, with the 2018 membership estimates.

use crate::guide::Guide;

/// The built-in slate file as JSON (`data/gv6-2020.json`): six candidates, fifteen regions with
/// aliases, the six published orders, and 2018 membership *estimates*.
pub const GV6_2020_JSON: &str = include_str!("../data/gv6-2020.json");

/// The 2018 membership estimates as a weights table (`data/gv6-2018-members.csv`, header
/// `region,supporters`): Greater London split evenly in three, the 5,302 members not broken
/// down split evenly between Northern Ireland and International. Equal to
/// `gv6_2020().estimated_weights()`.
pub const GV6_2018_MEMBERS_CSV: &str = include_str!("../data/gv6-2018-members.csv");

/// The built-in #GV6 2020 guide, parsed from [`GV6_2020_JSON`].
///
/// ```
/// let guide = slatewise_slate::gv6_2020();
/// assert_eq!(guide.lookup("abroad")?.order[0], "Yasmine Dar");
/// assert!(guide.membership().unwrap().estimate);
/// # Ok::<(), slatewise_slate::SlateError>(())
/// ```
pub fn gv6_2020() -> Guide {
    // The file is part of the crate and checked by the tests below: it cannot fail to load.
    Guide::from_json(GV6_2020_JSON).expect("the built-in #GV6 2020 slate file is valid")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_file_is_valid_and_round_trips() {
        let guide = Guide::from_json(GV6_2020_JSON).unwrap();
        assert_eq!(Guide::from_json(&guide.to_json()).unwrap(), guide);
    }

    #[test]
    fn the_members_csv_equals_the_estimates_in_the_json() {
        let guide = gv6_2020();
        let from_csv = guide.weights_from_csv(GV6_2018_MEMBERS_CSV).unwrap();
        assert_eq!(Some(from_csv.clone()), guide.estimated_weights());
        assert_eq!(from_csv.total(), 552_175.0);
        assert_eq!(from_csv.get("northern-ireland"), Some(2_651.0));
        assert_eq!(from_csv.get("west-london"), Some(112_308.0 / 3.0));
    }

    #[test]
    fn the_membership_figures_are_marked_as_estimates() {
        let membership = gv6_2020().membership().cloned().unwrap();
        assert!(membership.estimate);
        assert_eq!(membership.source, "internal figures reported January 2018");
        assert_eq!(membership.total, Some(552_175));
    }
}
