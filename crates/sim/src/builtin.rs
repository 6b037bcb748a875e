//! The built-in `gv6-2020` scenario: the 2020 Labour NEC constituency-section election as seen
//! by the Grassroots Voice (GV6) slate, calibrated to the public facts and marked where it
//! estimates (see [`Scenario::estimates`]).

use crate::scenario::Scenario;

/// The built-in scenario as JSON (`data/gv6-2020.json`).
pub const GV6_2020_JSON: &str = include_str!("../data/gv6-2020.json");

/// Names of the built-in scenarios, for `--scenario NAME`.
pub const BUILTIN_NAMES: &[&str] = &["gv6-2020"];

impl Scenario {
    /// The built-in `gv6-2020` scenario.
    ///
    /// ```
    /// let s = slatewise_sim::Scenario::builtin_gv6_2020();
    /// assert_eq!(s.seats, 9);
    /// assert_eq!(s.factions[0].name, "Grassroots Voice (GV6)");
    /// assert!(!s.estimates.is_empty());
    /// ```
    pub fn builtin_gv6_2020() -> Scenario {
        // The file is part of the crate and checked by the tests below; an invalid file is a
        // bug caught before release, and an empty scenario would fail validation loudly.
        Scenario::from_json(GV6_2020_JSON)
            .unwrap_or_else(|e| unreachable!("the built-in gv6-2020 scenario is invalid: {e}"))
    }

    /// A built-in scenario by name (`gv6-2020`), or `None`.
    pub fn builtin(name: &str) -> Option<Scenario> {
        match name {
            "gv6-2020" => Some(Scenario::builtin_gv6_2020()),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_scenario_is_valid_and_round_trips() {
        let s = Scenario::from_json(GV6_2020_JSON).unwrap();
        assert_eq!(Scenario::from_json(&s.to_json()).unwrap(), s);
    }

    #[test]
    fn the_builtin_scenario_matches_the_public_facts() {
        let s = Scenario::builtin_gv6_2020();
        let expected_votes: f64 = s
            .regions
            .iter()
            .map(|r| r.electorate as f64 * r.turnout.mean)
            .sum();
        assert!(
            (expected_votes - 129_549.0).abs() < 50.0,
            "{expected_votes}"
        );
        let gv = &s.factions[s.target_faction()];
        assert_eq!(gv.name, "Grassroots Voice (GV6)");
        assert!((gv.share.mean - 0.37).abs() < 1e-9);
        let ltw = s
            .factions
            .iter()
            .find(|f| f.name == "Labour to Win")
            .unwrap();
        assert!(ltw.recommendation.is_none());
        let total: f64 = s.factions.iter().map(|f| f.share.mean).sum();
        assert!((total - 1.0).abs() < 1e-9);
        let named: usize = s.factions.iter().map(|f| f.candidates.len()).sum();
        assert_eq!(named, 28);
    }
}
