//! Decimal fixed point on unbounded integers.

use std::cmp::Ordering;

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, Zero};

use super::{Arithmetic, format_scaled};
use crate::model::Weight;

/// Decimal fixed point with any number of places and no overflow: the same results as
/// [`super::Fixed`], for huge weights or high precision.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BigFixed {
    places: u32,
    scale: BigInt,
}

impl BigFixed {
    /// Fixed point with `places` decimals.
    pub fn new(places: u32) -> BigFixed {
        BigFixed {
            places,
            scale: BigInt::from(10u8).pow(places),
        }
    }

    /// Round `n / d` down (floor).
    fn floor_div(n: &BigInt, d: &BigInt) -> BigInt {
        n.div_floor(d)
    }

    fn ceil_div(n: &BigInt, d: &BigInt) -> BigInt {
        let (q, r) = n.div_mod_floor(d);
        if r.is_zero() { q } else { q + 1 }
    }
}

impl Arithmetic for BigFixed {
    type Num = BigInt;

    fn zero(&self) -> BigInt {
        BigInt::zero()
    }
    fn one(&self) -> BigInt {
        self.scale.clone()
    }
    fn from_u64(&self, n: u64) -> BigInt {
        BigInt::from(n) * &self.scale
    }
    fn from_weight(&self, w: &Weight) -> BigInt {
        BigInt::from(w.to_biguint()) * &self.scale
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
        Self::floor_div(&(a * b), &self.scale)
    }
    fn mul_up(&self, a: &BigInt, b: &BigInt) -> BigInt {
        Self::ceil_div(&(a * b), &self.scale)
    }
    fn div(&self, a: &BigInt, b: &BigInt) -> BigInt {
        Self::floor_div(&(a * &self.scale), b)
    }
    fn div_up(&self, a: &BigInt, b: &BigInt) -> BigInt {
        Self::ceil_div(&(a * &self.scale), b)
    }
    fn mul_div(&self, a: &BigInt, b: &BigInt, c: &BigInt) -> BigInt {
        Self::floor_div(&(a * b), c)
    }
    fn mul_int(&self, a: &BigInt, n: &Weight) -> BigInt {
        a * BigInt::from(n.to_biguint())
    }
    fn div_int(&self, a: &BigInt, n: u64) -> BigInt {
        Self::floor_div(a, &BigInt::from(n))
    }
    fn truncate_to(&self, a: &BigInt, places: u32) -> BigInt {
        if places >= self.places {
            return a.clone();
        }
        let unit = BigInt::from(10u8).pow(self.places - places);
        Self::floor_div(a, &unit) * unit
    }
    fn cmp(&self, a: &BigInt, b: &BigInt) -> Ordering {
        a.cmp(b)
    }
    fn is_zero(&self, a: &BigInt) -> bool {
        a.is_zero()
    }
    fn to_decimal(&self, a: &BigInt, places: u32) -> String {
        format_scaled(a, self.places, places)
    }
    fn places(&self) -> Option<u32> {
        Some(self.places)
    }
    fn describe(&self) -> String {
        format!("fixed-point decimal, {} places", self.places)
    }
}

impl BigFixed {
    /// `|a|` (used by tolerance comparisons).
    pub(crate) fn abs(a: &BigInt) -> BigInt {
        a.abs()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arith::Fixed;

    #[test]
    fn agrees_with_fixed() {
        let f = Fixed::new(5).unwrap();
        let b = BigFixed::new(5);
        for (x, y) in [(7u64, 3u64), (1, 7), (123_456, 789), (10, 10)] {
            let (fx, fy) = (f.from_u64(x), f.from_u64(y));
            let (bx, by) = (b.from_u64(x), b.from_u64(y));
            assert_eq!(
                f.to_decimal(&f.div(&fx, &fy), 5),
                b.to_decimal(&b.div(&bx, &by), 5)
            );
            let q = f.div(&fx, &fy);
            let bq = b.div(&bx, &by);
            assert_eq!(
                f.to_decimal(&f.mul(&q, &fy), 5),
                b.to_decimal(&b.mul(&bq, &by), 5)
            );
            assert_eq!(
                f.to_decimal(&f.div_up(&fx, &fy), 5),
                b.to_decimal(&b.div_up(&bx, &by), 5)
            );
        }
    }
}
