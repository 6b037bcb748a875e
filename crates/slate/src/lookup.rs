//! Region → recommended order: what a member asks ("how should I rank, I'm in Yorkshire?").

use serde::ser::{Serialize, SerializeStruct, Serializer};

use crate::error::SlateError;
use crate::guide::Guide;
use crate::model::{OrderGroup, Region};

/// What to do after the slate, in one sentence: the answer to "may I rank anyone else?".
pub const AFTER_THE_SLATE: &str = "After the slate you may go on ranking other candidates in \
any order you like: under STV a later preference is only looked at once every earlier choice \
has been elected or excluded, so it can never hurt them.";

/// The answer to a lookup: a region and the order its members are asked to follow.
///
/// Serialises as `{"region": "<display name>", "order": ["<name>", ...]}`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Advice<'a> {
    /// The region, as the guide names it.
    pub region: &'a Region,
    /// The group of regions sharing the order (its label, e.g. "A", if the file has one).
    pub group: &'a OrderGroup,
    /// Every candidate of the slate, first preference first.
    pub order: &'a [String],
}

impl Guide {
    /// The order recommended to members of the region `query` names.
    ///
    /// The region is matched forgivingly ([`Guide::region`]). It is an error for the region to
    /// be unknown, ambiguous (`"London"`), or without an order.
    ///
    /// ```
    /// let guide = slatewise_slate::gv6_2020();
    /// let advice = guide.lookup("yorkshire and humber")?;
    /// assert_eq!(advice.region.name, "Yorkshire & the Humber");
    /// assert_eq!(advice.order[0], "Nadia Jama");
    /// # Ok::<(), slatewise_slate::SlateError>(())
    /// ```
    pub fn lookup(&self, query: &str) -> Result<Advice<'_>, SlateError> {
        let region = self.region(query)?;
        let group = self
            .group_of(&region.id)
            .ok_or_else(|| SlateError::RegionWithoutOrder(region.name.clone()))?;
        Ok(Advice {
            region,
            group,
            order: &group.order,
        })
    }
}

impl Serialize for Advice<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Advice", 2)?;
        s.serialize_field("region", &self.region.name)?;
        s.serialize_field("order", self.order)?;
        s.end()
    }
}

#[cfg(test)]
mod tests {
    use crate::gv6_2020;

    #[test]
    fn after_the_slate_is_one_sentence() {
        let sentence = super::AFTER_THE_SLATE;
        assert!(sentence.ends_with('.'));
        assert_eq!(sentence.matches(". ").count(), 0);
    }

    #[test]
    fn advice_serialises_as_region_and_order() {
        let guide = gv6_2020();
        let advice = guide.lookup("Wales").unwrap();
        let json = serde_json::to_value(advice).unwrap();
        assert_eq!(json["region"], "Wales");
        assert_eq!(json["order"][0], "Ann Henderson");
        assert_eq!(json.as_object().unwrap().len(), 2);
    }
}
