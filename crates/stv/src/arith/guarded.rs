//! Guarded fixed point: extra hidden digits and comparison with a tolerance.

use std::cmp::Ordering;

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::One;

use super::{Arithmetic, BigFixed, format_scaled};
use crate::model::Weight;

/// Fixed point with `precision` visible and `guard` hidden decimal places, as in Droop's
/// "guarded" arithmetic.
///
/// All arithmetic is done with `precision + guard` places, rounding down. Two numbers that
/// differ by less than half a unit in the last guard digit's position above the precision
/// (`10^guard / 2` raw units) compare *equal*, so the rounding noise that fixed point
/// accumulates cannot decide a tie that exact arithmetic would call a tie. Numbers are shown
/// rounded to the nearest `display` places. With enough guard digits the outcomes equal those of
/// exact rationals, at a fraction of the cost.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Guarded {
    inner: BigFixed,
    precision: u32,
    guard: u32,
    epsilon: BigInt,
}

impl Guarded {
    /// Guarded arithmetic with `precision` places and `guard` guard places.
    pub fn new(precision: u32, guard: u32) -> Guarded {
        let half_unit = BigInt::from(10u8).pow(guard) / 2;
        let epsilon = if half_unit < BigInt::one() {
            BigInt::one()
        } else {
            half_unit
        };
        Guarded {
            inner: BigFixed::new(precision + guard),
            precision,
            guard,
            epsilon,
        }
    }

    /// Visible places.
    pub fn precision(&self) -> u32 {
        self.precision
    }

    /// Guard places.
    pub fn guard(&self) -> u32 {
        self.guard
    }
}

impl Arithmetic for Guarded {
    type Num = BigInt;

    fn zero(&self) -> BigInt {
        self.inner.zero()
    }
    fn one(&self) -> BigInt {
        self.inner.one()
    }
    fn from_u64(&self, n: u64) -> BigInt {
        self.inner.from_u64(n)
    }
    fn from_weight(&self, w: &Weight) -> BigInt {
        self.inner.from_weight(w)
    }
    fn add(&self, a: &BigInt, b: &BigInt) -> BigInt {
        a + b
    }
    fn add_assign(&self, a: &mut BigInt, b: &BigInt) {
        *a += b;
    }
    fn sub(&self, a: &BigInt, b: &BigInt) -> BigInt {
        a - b
    }
    fn mul(&self, a: &BigInt, b: &BigInt) -> BigInt {
        self.inner.mul(a, b)
    }
    /// With guard digits Droop ignores the rounding direction; so do we (when `guard` is 0
    /// this rounds up like [`BigFixed`]).
    fn mul_up(&self, a: &BigInt, b: &BigInt) -> BigInt {
        if self.guard > 0 {
            self.inner.mul(a, b)
        } else {
            self.inner.mul_up(a, b)
        }
    }
    fn div(&self, a: &BigInt, b: &BigInt) -> BigInt {
        self.inner.div(a, b)
    }
    fn div_up(&self, a: &BigInt, b: &BigInt) -> BigInt {
        if self.guard > 0 {
            self.inner.div(a, b)
        } else {
            self.inner.div_up(a, b)
        }
    }
    fn mul_div(&self, a: &BigInt, b: &BigInt, c: &BigInt) -> BigInt {
        self.inner.mul_div(a, b, c)
    }
    fn mul_int(&self, a: &BigInt, n: &Weight) -> BigInt {
        self.inner.mul_int(a, n)
    }
    fn div_int(&self, a: &BigInt, n: u64) -> BigInt {
        self.inner.div_int(a, n)
    }
    fn truncate_to(&self, a: &BigInt, places: u32) -> BigInt {
        self.inner.truncate_to(a, places)
    }
    fn cmp(&self, a: &BigInt, b: &BigInt) -> Ordering {
        let diff = a - b;
        if BigFixed::abs(&diff) < self.epsilon {
            Ordering::Equal
        } else {
            a.cmp(b)
        }
    }
    /// Rounded to the nearest `places` (half up), as Droop displays guarded numbers.
    fn to_decimal(&self, a: &BigInt, places: u32) -> String {
        let total = self.precision + self.guard;
        if places >= total {
            return format_scaled(a, total, places);
        }
        let unit = BigInt::from(10u8).pow(total - places);
        let half = &unit / 2;
        let rounded: BigInt = Integer::div_floor(&(a + half), &unit);
        format_scaled(&rounded, places, places)
    }
    fn places(&self) -> Option<u32> {
        Some(self.precision + self.guard)
    }
    fn describe(&self) -> String {
        format!(
            "guarded fixed-point decimal, {}+{} places",
            self.precision, self.guard
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearly_equal_numbers_compare_equal() {
        let g = Guarded::new(3, 3);
        let third = g.div(&g.one(), &g.from_u64(3));
        let back = g.mul(&third, &g.from_u64(3));
        assert_ne!(back, g.one(), "rounding noise exists");
        assert_eq!(g.cmp(&back, &g.one()), Ordering::Equal, "but is ignored");
        assert_eq!(g.to_decimal(&back, 3), "1.000");
        assert_eq!(g.cmp(&g.zero(), &g.one()), Ordering::Less);
    }
}
