//! Exact arithmetic for counting: one trait, several number systems.
//!
//! Every rule is written once against [`Arithmetic`]; a count picks the number system its rule
//! prescribes:
//!
//! | type | numbers | use |
//! |---|---|---|
//! | [`Fixed`] | decimal fixed point, `i64` with `places` decimals, results truncated | Scottish STV (5 dp), ERS97 (2 dp), Meek PRF (9 dp) |
//! | [`BigFixed`] | the same on unbounded integers | high precision, huge weights |
//! | [`Guarded`] | fixed point carried with extra guard digits, compared with a tolerance | Droop's "guarded" arithmetic |
//! | [`Rational`] | exact fractions | reference counts, Droop's "rational" |
//!
//! No floating point is used anywhere in counting.
//!
//! The context object (`&self`) carries the precision, so numbers stay small values (an `i64`
//! for [`Fixed`]). All operations round the way the rules do: *down* (towards minus infinity)
//! unless the method name says `_up`.

mod big_fixed;
mod fixed;
mod guarded;
mod rational;

use std::cmp::Ordering;
use std::fmt::Debug;

pub use big_fixed::BigFixed;
pub use fixed::{Fixed, MAX_FIXED_PLACES};
pub use guarded::Guarded;
pub use rational::Rational;

use crate::model::Weight;

/// A number system for counting votes.
///
/// Implementations are cheap to clone contexts; `Num` is the number type. Comparisons go through
/// [`Arithmetic::cmp`] because some systems ([`Guarded`]) compare with a tolerance.
///
/// Constructors such as [`Arithmetic::from_u64`] take `&self` because the context carries the
/// precision that the new number is scaled to.
#[allow(clippy::wrong_self_convention)]
pub trait Arithmetic: Clone + Debug + Send + Sync + 'static {
    /// The number type.
    type Num: Clone + Debug + Send + Sync + PartialEq;

    /// Zero.
    fn zero(&self) -> Self::Num;
    /// One.
    fn one(&self) -> Self::Num;
    /// An integer.
    fn from_u64(&self, n: u64) -> Self::Num;
    /// An integer ballot weight of any size.
    fn from_weight(&self, w: &Weight) -> Self::Num;
    /// `a + b`.
    fn add(&self, a: &Self::Num, b: &Self::Num) -> Self::Num;
    /// `a += b` (override for speed with heap-allocated numbers).
    fn add_assign(&self, a: &mut Self::Num, b: &Self::Num) {
        *a = self.add(a, b);
    }
    /// `a - b`.
    fn sub(&self, a: &Self::Num, b: &Self::Num) -> Self::Num;
    /// `a × b`, rounded down to the system's precision.
    fn mul(&self, a: &Self::Num, b: &Self::Num) -> Self::Num;
    /// `a × b`, rounded up.
    fn mul_up(&self, a: &Self::Num, b: &Self::Num) -> Self::Num;
    /// `a ÷ b`, rounded down. `b` must not be zero (callers check).
    fn div(&self, a: &Self::Num, b: &Self::Num) -> Self::Num;
    /// `a ÷ b`, rounded up.
    fn div_up(&self, a: &Self::Num, b: &Self::Num) -> Self::Num;
    /// `a × b ÷ c` with a single rounding down at the end (the product keeps full precision).
    fn mul_div(&self, a: &Self::Num, b: &Self::Num, c: &Self::Num) -> Self::Num;
    /// `a × n` for an integer `n` (exact).
    fn mul_int(&self, a: &Self::Num, n: &Weight) -> Self::Num;
    /// `a ÷ n` for a positive integer `n`, rounded down.
    fn div_int(&self, a: &Self::Num, n: u64) -> Self::Num;
    /// Truncate `a` to `places` decimal places (down), or return it unchanged if the system
    /// has no more places than that.
    fn truncate_to(&self, a: &Self::Num, places: u32) -> Self::Num;
    /// The largest integer not above `a`.
    fn floor(&self, a: &Self::Num) -> Self::Num {
        self.truncate_to(a, 0)
    }
    /// Compare two numbers.
    fn cmp(&self, a: &Self::Num, b: &Self::Num) -> Ordering;
    /// Is `a` zero (under this system's comparison)?
    fn is_zero(&self, a: &Self::Num) -> bool {
        self.cmp(a, &self.zero()) == Ordering::Equal
    }
    /// `a` as a decimal string with exactly `places` decimals, truncated (`"12.34500"`).
    fn to_decimal(&self, a: &Self::Num, places: u32) -> String;
    /// The number of decimal places results are kept to, or `None` when exact.
    fn places(&self) -> Option<u32>;
    /// A short description for transcripts, e.g. `"fixed-point decimal, 5 places"`.
    fn describe(&self) -> String;

    /// The larger of two numbers (the first when equal).
    fn max<'a>(&self, a: &'a Self::Num, b: &'a Self::Num) -> &'a Self::Num {
        if self.cmp(b, a) == Ordering::Greater {
            b
        } else {
            a
        }
    }
}

/// Which number system a count uses (the `--arithmetic` option).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ArithmeticKind {
    /// Decimal fixed point ([`Fixed`], or [`BigFixed`] when `i64` could overflow).
    Fixed,
    /// Fixed point with guard digits ([`Guarded`]).
    Guarded,
    /// Exact rationals ([`Rational`]).
    Rational,
}

impl std::str::FromStr for ArithmeticKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "fixed" => Ok(ArithmeticKind::Fixed),
            "guarded" => Ok(ArithmeticKind::Guarded),
            "rational" => Ok(ArithmeticKind::Rational),
            other => Err(format!(
                "unknown arithmetic {other:?}; expected fixed, guarded or rational"
            )),
        }
    }
}

impl std::fmt::Display for ArithmeticKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ArithmeticKind::Fixed => "fixed",
            ArithmeticKind::Guarded => "guarded",
            ArithmeticKind::Rational => "rational",
        })
    }
}

/// Format an integer `raw` scaled by `10^places` as a decimal string, truncating to `shown`
/// places (used by the fixed-point systems).
pub(crate) fn format_scaled(raw: &num_bigint::BigInt, places: u32, shown: u32) -> String {
    use num_bigint::Sign;
    let negative = raw.sign() == Sign::Minus;
    let digits = raw.magnitude().to_string();
    let places = places as usize;
    let padded = if digits.len() <= places {
        format!("{}{}", "0".repeat(places + 1 - digits.len()), digits)
    } else {
        digits
    };
    let (int_part, frac_part) = padded.split_at(padded.len() - places);
    let mut frac = frac_part.to_string();
    let shown = shown as usize;
    if frac.len() > shown {
        frac.truncate(shown);
    } else {
        frac.push_str(&"0".repeat(shown - frac.len()));
    }
    let all_zero = int_part.bytes().all(|b| b == b'0') && frac.bytes().all(|b| b == b'0');
    let sign = if negative && !all_zero { "-" } else { "" };
    if shown == 0 {
        format!("{sign}{int_part}")
    } else {
        format!("{sign}{int_part}.{frac}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_bigint::BigInt;

    #[test]
    fn format_scaled_pads_and_truncates() {
        assert_eq!(format_scaled(&BigInt::from(12345), 5, 5), "0.12345");
        assert_eq!(format_scaled(&BigInt::from(12345), 5, 2), "0.12");
        assert_eq!(format_scaled(&BigInt::from(12345), 2, 4), "123.4500");
        assert_eq!(format_scaled(&BigInt::from(-5), 2, 2), "-0.05");
        assert_eq!(format_scaled(&BigInt::from(7), 0, 0), "7");
    }
}
