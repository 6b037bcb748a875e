//! Decimal fixed point on `i64`: the fast system used by most official rules.

use std::cmp::Ordering;

use num_bigint::BigInt;

use super::{Arithmetic, format_scaled};
use crate::model::Weight;

/// Decimal fixed point with `places` decimals, stored as an `i64` count of `10^-places`.
///
/// Every result is rounded down (towards minus infinity) to `places` decimals, except in the
/// `_up` operations. Products and quotients use a 128-bit intermediate, so only the *results*
/// must fit in an `i64`; [`Fixed::fits`] tells whether an election's total weight is small
/// enough (otherwise use [`super::BigFixed`], which gives identical results).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fixed {
    places: u32,
    scale: i64,
}

/// The most decimal places [`Fixed`] supports.
pub const MAX_FIXED_PLACES: u32 = 15;

impl Fixed {
    /// Fixed point with `places` decimals (at most [`MAX_FIXED_PLACES`]).
    pub fn new(places: u32) -> Option<Fixed> {
        (places <= MAX_FIXED_PLACES).then(|| Fixed {
            places,
            scale: 10i64.pow(places),
        })
    }

    /// Can counts whose values never exceed `total` votes be done in this system without
    /// overflow? Leaves a safety factor of 16 for intermediate sums.
    pub fn fits(&self, total: &Weight) -> bool {
        match total.to_u64() {
            Some(t) => (t as i128) * (self.scale as i128) * 16 < i64::MAX as i128,
            None => false,
        }
    }

    /// The scale `10^places`.
    pub fn scale(&self) -> i64 {
        self.scale
    }

    /// A raw value (`n × 10^-places`).
    pub fn from_raw(&self, raw: i64) -> i64 {
        raw
    }
}

fn div_floor_128(n: i128, d: i128) -> i128 {
    let q = n / d;
    if (n % d != 0) && ((n < 0) != (d < 0)) {
        q - 1
    } else {
        q
    }
}

fn div_ceil_128(n: i128, d: i128) -> i128 {
    -div_floor_128(-n, d)
}

impl Arithmetic for Fixed {
    type Num = i64;

    fn zero(&self) -> i64 {
        0
    }
    fn one(&self) -> i64 {
        self.scale
    }
    fn from_u64(&self, n: u64) -> i64 {
        n as i64 * self.scale
    }
    fn from_weight(&self, w: &Weight) -> i64 {
        // Callers check `fits` first; saturate rather than wrap if they did not.
        w.to_u64()
            .map_or(i64::MAX, |n| (n as i64).saturating_mul(self.scale))
    }
    #[inline]
    fn add(&self, a: &i64, b: &i64) -> i64 {
        a + b
    }
    #[inline]
    fn add_assign(&self, a: &mut i64, b: &i64) {
        *a += *b;
    }
    #[inline]
    fn sub(&self, a: &i64, b: &i64) -> i64 {
        a - b
    }
    #[inline]
    fn mul(&self, a: &i64, b: &i64) -> i64 {
        match a.checked_mul(*b) {
            Some(p) => p.div_euclid(self.scale),
            None => div_floor_128(*a as i128 * *b as i128, self.scale as i128) as i64,
        }
    }
    #[inline]
    fn mul_up(&self, a: &i64, b: &i64) -> i64 {
        div_ceil_128(*a as i128 * *b as i128, self.scale as i128) as i64
    }
    #[inline]
    fn div(&self, a: &i64, b: &i64) -> i64 {
        match a.checked_mul(self.scale) {
            Some(n) => div_floor_128(n as i128, *b as i128) as i64,
            None => div_floor_128(*a as i128 * self.scale as i128, *b as i128) as i64,
        }
    }
    #[inline]
    fn div_up(&self, a: &i64, b: &i64) -> i64 {
        div_ceil_128(*a as i128 * self.scale as i128, *b as i128) as i64
    }
    #[inline]
    fn mul_div(&self, a: &i64, b: &i64, c: &i64) -> i64 {
        div_floor_128(*a as i128 * *b as i128, *c as i128) as i64
    }
    #[inline]
    fn mul_int(&self, a: &i64, n: &Weight) -> i64 {
        a * n.to_u64().map_or(i64::MAX, |n| n as i64)
    }
    #[inline]
    fn div_int(&self, a: &i64, n: u64) -> i64 {
        a.div_euclid(n as i64)
    }
    fn truncate_to(&self, a: &i64, places: u32) -> i64 {
        if places >= self.places {
            return *a;
        }
        let unit = 10i64.pow(self.places - places);
        a.div_euclid(unit) * unit
    }
    #[inline]
    fn cmp(&self, a: &i64, b: &i64) -> Ordering {
        a.cmp(b)
    }
    fn to_decimal(&self, a: &i64, places: u32) -> String {
        format_scaled(&BigInt::from(*a), self.places, places)
    }
    fn places(&self) -> Option<u32> {
        Some(self.places)
    }
    fn describe(&self) -> String {
        format!("fixed-point decimal, {} places", self.places)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_down_and_up() {
        let f = Fixed::new(5).unwrap();
        let third = f.div(&f.one(), &f.from_u64(3));
        assert_eq!(f.to_decimal(&third, 5), "0.33333");
        assert_eq!(
            f.to_decimal(&f.div_up(&f.one(), &f.from_u64(3)), 5),
            "0.33334"
        );
        let big = f.from_u64(1_000_000_000);
        assert_eq!(f.mul(&big, &third), 33_333_000_000_000);
        assert_eq!(f.to_decimal(&f.sub(&0, &third), 5), "-0.33333");
        assert_eq!(f.div_int(&-1, 3), -1, "floor, not truncation");
        assert_eq!(f.truncate_to(&123_456_789, 2), 123_456_000);
    }

    #[test]
    fn fits_guards_against_overflow() {
        let f = Fixed::new(9).unwrap();
        assert!(f.fits(&Weight::from(5_000_000)));
        assert!(!f.fits(&Weight::from(u64::MAX)));
    }
}
