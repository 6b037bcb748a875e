//! Exact rational arithmetic.

use std::cmp::Ordering;

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Signed, Zero};

use super::Arithmetic;
use crate::model::Weight;

/// Exact fractions: no rounding at all. Rounding operations (`mul_up`, `truncate_to`) are
/// exact too, except [`Arithmetic::truncate_to`], which truncates as asked, and
/// [`Arithmetic::to_decimal`], which truncates for display only.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Rational;

impl Arithmetic for Rational {
    type Num = BigRational;

    fn zero(&self) -> BigRational {
        BigRational::zero()
    }
    fn one(&self) -> BigRational {
        BigRational::one()
    }
    fn from_u64(&self, n: u64) -> BigRational {
        BigRational::from_integer(BigInt::from(n))
    }
    fn from_weight(&self, w: &Weight) -> BigRational {
        BigRational::from_integer(BigInt::from(w.to_biguint()))
    }
    fn add(&self, a: &BigRational, b: &BigRational) -> BigRational {
        a + b
    }
    fn add_assign(&self, a: &mut BigRational, b: &BigRational) {
        *a += b;
    }
    fn sub(&self, a: &BigRational, b: &BigRational) -> BigRational {
        a - b
    }
    fn mul(&self, a: &BigRational, b: &BigRational) -> BigRational {
        a * b
    }
    fn mul_up(&self, a: &BigRational, b: &BigRational) -> BigRational {
        a * b
    }
    fn div(&self, a: &BigRational, b: &BigRational) -> BigRational {
        a / b
    }
    fn div_up(&self, a: &BigRational, b: &BigRational) -> BigRational {
        a / b
    }
    fn mul_div(&self, a: &BigRational, b: &BigRational, c: &BigRational) -> BigRational {
        a * b / c
    }
    fn mul_int(&self, a: &BigRational, n: &Weight) -> BigRational {
        a * BigInt::from(n.to_biguint())
    }
    fn div_int(&self, a: &BigRational, n: u64) -> BigRational {
        a / BigInt::from(n)
    }
    fn truncate_to(&self, a: &BigRational, places: u32) -> BigRational {
        let unit = BigInt::from(10u8).pow(places);
        let scaled = (a * &unit).floor();
        scaled / unit
    }
    fn cmp(&self, a: &BigRational, b: &BigRational) -> Ordering {
        a.cmp(b)
    }
    fn is_zero(&self, a: &BigRational) -> bool {
        a.is_zero()
    }
    fn to_decimal(&self, a: &BigRational, places: u32) -> String {
        let unit = BigInt::from(10u8).pow(places);
        let scaled = (a.abs() * &unit).floor().to_integer();
        let text = super::format_scaled(&scaled, places, places);
        if a.is_negative() && !scaled.is_zero() {
            format!("-{text}")
        } else {
            text
        }
    }
    fn places(&self) -> Option<u32> {
        None
    }
    fn describe(&self) -> String {
        "exact rational arithmetic".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_and_displayed_truncated() {
        let r = Rational;
        let third = r.div(&r.one(), &r.from_u64(3));
        assert_eq!(r.mul(&third, &r.from_u64(3)), r.one());
        assert_eq!(r.to_decimal(&third, 4), "0.3333");
        assert_eq!(r.to_decimal(&r.sub(&r.zero(), &third), 2), "-0.33");
        assert_eq!(r.to_decimal(&r.truncate_to(&third, 2), 4), "0.3300");
    }
}
