//! The variant of Meek's (or Warren's) method a [`Rules`] value selects, and its arithmetic:
//! quota, election test, keep-factor update and the end of an iteration.

use std::cmp::Ordering;

use super::walk::Split;
use crate::arith::{Arithmetic, ArithmeticKind};
use crate::rules::{Method, Rules};

/// The rounding conventions of one variant.
pub(super) struct Rule<A: Arithmetic> {
    /// How a keep factor splits a ballot's value.
    pub split: Split,
    /// PR Foundation reference conventions (fixed point): the total surplus is never negative
    /// and an iteration ends when it is *below* omega.
    reference: bool,
    /// Droop's "exact" arithmetic (rational, or guarded with guard digits): the quota is the
    /// exact share votes/(seats+1), and a candidate is elected only *above* it. Otherwise the
    /// quota is the share rounded down plus one unit of the last place, and reaching it elects.
    exact: bool,
    /// One unit of the last decimal place (zero when exact).
    unit: A::Num,
    /// The iteration tolerance 10^-omega.
    pub omega: A::Num,
    seats_plus_one: u64,
}

impl<A: Arithmetic> Rule<A> {
    /// The variant for `rules` counted in `a` with `seats` seats.
    pub fn new(a: &A, rules: &Rules, seats: usize) -> Rule<A> {
        let reference = rules.arithmetic == ArithmeticKind::Fixed;
        let exact = match rules.arithmetic {
            ArithmeticKind::Fixed => false,
            ArithmeticKind::Guarded => rules.guard > 0,
            ArithmeticKind::Rational => true,
        };
        let split = match (rules.method, reference) {
            (Method::Warren, _) => Split::Warren,
            (_, true) => Split::KeepUp,
            (_, false) => Split::Down,
        };
        let unit = match (exact, a.places()) {
            (false, Some(places)) => tenth_power(a, places),
            _ => a.zero(),
        };
        Rule {
            split,
            reference,
            exact,
            unit,
            omega: tenth_power(a, rules.omega),
            seats_plus_one: seats as u64 + 1,
        }
    }

    /// The quota for `votes` votes held by continuing candidates.
    pub fn quota(&self, a: &A, votes: &A::Num) -> A::Num {
        let share = a.div_int(votes, self.seats_plus_one);
        if self.exact {
            share
        } else {
            a.add(&share, &self.unit)
        }
    }

    /// Does `vote` elect, against `quota`?
    pub fn reaches(&self, a: &A, vote: &A::Num, quota: &A::Num) -> bool {
        match a.cmp(vote, quota) {
            Ordering::Greater => true,
            Ordering::Equal => !self.exact,
            Ordering::Less => false,
        }
    }

    /// The total surplus from the sum of the elected candidates' surpluses.
    pub fn surplus(&self, a: &A, sum: A::Num) -> A::Num {
        if self.reference && a.cmp(&sum, &a.zero()) == Ordering::Less {
            a.zero()
        } else {
            sum
        }
    }

    /// Is the total surplus small enough to end the iteration?
    pub fn converged(&self, a: &A, surplus: &A::Num) -> bool {
        match a.cmp(surplus, &self.omega) {
            Ordering::Less => true,
            Ordering::Equal => !self.reference,
            Ordering::Greater => false,
        }
    }

    /// The next keep factor of an elected candidate: `keep × quota ÷ vote`, each step rounded
    /// up (Hill–Wichmann–Woodall; exact or guarded arithmetic ignores the direction).
    pub fn next_keep(&self, a: &A, keep: &A::Num, quota: &A::Num, vote: &A::Num) -> A::Num {
        if a.is_zero(vote) {
            return keep.clone();
        }
        a.div_up(&a.mul_up(keep, quota), vote)
    }
}

/// `10^-places` in `a` (zero if `a` keeps fewer places).
fn tenth_power<A: Arithmetic>(a: &A, places: u32) -> A::Num {
    let mut x = a.one();
    for _ in 0..places {
        x = a.div_int(&x, 10);
    }
    x
}
