//! Counting rules: named presets and their parameters.
//!
//! A [`Rules`] value says everything a count needs besides the election: the method, the number
//! system, precision, iteration tolerance, seat constraints and the seed for ties by lot. Start
//! from a preset ([`Rules::preset`]) and override fields as needed.
//!
//! | preset | method | default arithmetic | source |
//! |---|---|---|---|
//! | `scottish` | WIGM, all papers re-weighted, transfer values truncated to 5 dp; quota ⌊v/(s+1)⌋+1 | fixed, 5 dp | The Scottish Local Government Elections Order 2007 (SSI 2007/42), rules 45–52 |
//! | `wigm` | weighted inclusive Gregory, as the PR Foundation reference WIGM in Droop | fixed, 4 dp | Droop (J. Lundell), `wigm_prf` rule |
//! | `meek` | Meek's method, as the PR Foundation reference | fixed, 9 dp, ω = 10⁻⁶ | Hill, Wichmann & Woodall, *Algorithm 123*, Computer Journal 30(3) 1987; Droop `meek_prf` |
//! | `warren` | Warren's method (keep value paid in proportion to the voter's unspent value) | fixed, 9 dp, ω = 10⁻⁶ | C. Warren, *Counting in STV elections*, Voting matters 1 (1994) |
//! | `ers97` | last-parcel Gregory with the ERS97 stages, deferred surpluses and 2 dp values | fixed, 2 dp | Electoral Reform Society, *How to conduct an election by the Single Transferable Vote*, 3rd ed. (Newland & Britton, 1997) |
//! | `nec` | ERS97 stages with the quota votes/(seats+1) exactly (not rounded up) | fixed, 2 dp | Labour NEC CLP section 2020 — the exact variant is **unpublished**; this is our documented default |

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::arith::ArithmeticKind;

/// The counting method of a preset.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// Scottish STV (SSI 2007/42).
    Scottish,
    /// Weighted inclusive Gregory method (PR Foundation reference WIGM).
    Wigm,
    /// Meek's method.
    Meek,
    /// Warren's method.
    Warren,
    /// ERS97 rules.
    Ers97,
    /// Labour NEC constituency section (ERS97-style with the fractional quota).
    Nec,
}

impl Method {
    /// Every preset, in the order the documentation lists them.
    pub const ALL: [Method; 6] = [
        Method::Scottish,
        Method::Wigm,
        Method::Meek,
        Method::Warren,
        Method::Ers97,
        Method::Nec,
    ];

    /// The preset's name as used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Method::Scottish => "scottish",
            Method::Wigm => "wigm",
            Method::Meek => "meek",
            Method::Warren => "warren",
            Method::Ers97 => "ers97",
            Method::Nec => "nec",
        }
    }

    /// Is this an iterative method (Meek or Warren) rather than a Gregory method?
    pub fn is_iterative(self) -> bool {
        matches!(self, Method::Meek | Method::Warren)
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Method {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let lower = s.to_ascii_lowercase();
        Method::ALL
            .into_iter()
            .find(|m| m.name() == lower)
            .ok_or_else(|| {
                let names: Vec<_> = Method::ALL.iter().map(|m| m.name()).collect();
                format!("unknown rule {s:?}; expected one of {}", names.join(", "))
            })
    }
}

/// Which candidates Meek and Warren may defeat together in one round (`--defeat-batch`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DefeatBatch {
    /// One candidate at a time.
    #[default]
    None,
    /// All hopeful candidates with zero votes at once.
    Zero,
    /// Every group of lowest candidates whose combined votes (plus the surplus) are below the
    /// next candidate's: they cannot all survive, so defeating them together is safe.
    Safe,
}

impl FromStr for DefeatBatch {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "none" => Ok(DefeatBatch::None),
            "zero" => Ok(DefeatBatch::Zero),
            "safe" => Ok(DefeatBatch::Safe),
            _ => Err(format!(
                "unknown defeat batch {s:?}; expected none, zero or safe"
            )),
        }
    }
}

/// A limit on how many elected candidates may carry a category tag (`--min women=4`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SeatConstraint {
    /// The tag, as in [`crate::Candidate::tags`].
    pub tag: String,
    /// At least this many seats must go to candidates with the tag.
    #[serde(default)]
    pub min: usize,
    /// At most this many seats may go to candidates with the tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<usize>,
}

/// Everything a count needs besides the election.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rules {
    /// The counting method.
    pub method: Method,
    /// The number system.
    pub arithmetic: ArithmeticKind,
    /// Decimal places kept by fixed and guarded arithmetic.
    pub precision: u32,
    /// Guard places (guarded arithmetic only).
    pub guard: u32,
    /// Decimal places shown in the transcript.
    pub display: u32,
    /// Meek/Warren: iterate until the total surplus is below `10^-omega`.
    pub omega: u32,
    /// Meek/Warren: batch defeats.
    pub defeat_batch: DefeatBatch,
    /// Seat constraints by category.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub constraints: Vec<SeatConstraint>,
    /// Seed for ties broken by lot.
    pub seed: u64,
}

impl Rules {
    /// The preset for a method, with its documented defaults.
    pub fn preset(method: Method) -> Rules {
        let (precision, omega) = match method {
            Method::Scottish => (5, 0),
            Method::Wigm => (4, 0),
            Method::Meek | Method::Warren => (9, 6),
            Method::Ers97 | Method::Nec => (2, 0),
        };
        Rules {
            method,
            arithmetic: ArithmeticKind::Fixed,
            precision,
            guard: 0,
            display: precision,
            omega,
            defeat_batch: DefeatBatch::None,
            constraints: Vec::new(),
            seed: 0,
        }
    }

    /// The NEC preset with its gender rule: at least `min_women` seats for candidates tagged
    /// `women` (4 of 9 in 2020).
    pub fn nec_with_gender_rule(min_women: usize) -> Rules {
        let mut rules = Rules::preset(Method::Nec);
        rules.constraints.push(SeatConstraint {
            tag: "women".into(),
            min: min_women,
            max: None,
        });
        rules
    }

    /// One line describing the rule and its parameters, for transcripts.
    pub fn describe(&self) -> String {
        let base = match self.method {
            Method::Scottish => {
                "Scottish STV (SSI 2007/42): WIGM, transfer values truncated, quota floor(v/(s+1))+1"
            }
            Method::Wigm => "weighted inclusive Gregory (PR Foundation reference WIGM)",
            Method::Meek => "Meek's method (PR Foundation reference)",
            Method::Warren => "Warren's method",
            Method::Ers97 => {
                "ERS97 (Newland-Britton 3rd ed.): last-parcel Gregory, deferred surpluses"
            }
            Method::Nec => {
                "Labour NEC: ERS97-style transfers, quota votes/(seats+1) exactly (variant unpublished; ERS97 assumed)"
            }
        };
        let mut text = base.to_string();
        if self.method.is_iterative() {
            text.push_str(&format!(
                ", omega 1e-{}, defeat batch {:?}",
                self.omega, self.defeat_batch
            ));
        }
        for c in &self.constraints {
            text.push_str(&format!(", at least {} {}", c.min, c.tag));
            if let Some(max) = c.max {
                text.push_str(&format!(" and at most {max}"));
            }
        }
        text
    }
}

impl Default for Rules {
    fn default() -> Self {
        Rules::preset(Method::Meek)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_round_trip_through_their_names() {
        for m in Method::ALL {
            assert_eq!(m.name().parse::<Method>(), Ok(m));
            assert_eq!(Rules::preset(m).method, m);
        }
        assert!("borda".parse::<Method>().unwrap_err().contains("scottish"));
    }
}
