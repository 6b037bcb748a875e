//! Sensitivity: sweep one number of the scenario and report how the target slate fares.
//!
//! Every point uses the same seed, so the curve is smooth under common random numbers, and
//! every strategy keeps the orders it had at the scenario's own values (the question is how
//! robust those orders are).

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use crate::ballots::{Model, Order};
use crate::error::SimError;
use crate::montecarlo::{SimulationOptions, run_all};
use crate::strategy::Strategy;

/// The numbers a sweep can vary.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SweepParameter {
    /// The target slate's adherence (mean).
    Adherence,
    /// The target slate's share of first preferences (mean, every region).
    Share,
    /// A multiplier of every region's turnout standard deviation.
    TurnoutSpread,
}

impl SweepParameter {
    /// The name used in `--sweep NAME=FROM:TO:STEP`.
    pub fn name(self) -> &'static str {
        match self {
            SweepParameter::Adherence => "adherence",
            SweepParameter::Share => "share",
            SweepParameter::TurnoutSpread => "turnout_spread",
        }
    }
}

/// A sweep: `parameter` from `from` to `to` (inclusive) in steps of `step`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SweepSpec {
    /// What to vary.
    pub parameter: SweepParameter,
    /// First value.
    pub from: f64,
    /// Last value (included when reached within rounding).
    pub to: f64,
    /// Increment (positive).
    pub step: f64,
}

/// The most points a sweep may have.
pub const MAX_SWEEP_POINTS: usize = 200;

impl SweepSpec {
    /// The values swept, `from + i * step`.
    pub fn values(&self) -> Vec<f64> {
        let mut out = Vec::new();
        let mut i = 0u32;
        loop {
            let v = self.from + f64::from(i) * self.step;
            if v > self.to + self.step * 1e-9 || out.len() >= MAX_SWEEP_POINTS {
                break;
            }
            out.push(v);
            i += 1;
        }
        out
    }
}

impl FromStr for SweepSpec {
    type Err = String;
    /// Parse `adherence=0.5:0.9:0.1` (also `share`, `turnout_spread` or `turnout-spread`).
    ///
    /// ```
    /// let s: slatewise_sim::SweepSpec = "adherence=0.5:0.9:0.1".parse()?;
    /// assert_eq!(s.values().len(), 5);
    /// # Ok::<(), String>(())
    /// ```
    fn from_str(s: &str) -> Result<SweepSpec, String> {
        let (name, range) = s
            .split_once('=')
            .ok_or_else(|| format!("expected PARAM=FROM:TO:STEP, got {s:?}"))?;
        let parameter = match name.trim().to_ascii_lowercase().replace('-', "_").as_str() {
            "adherence" => SweepParameter::Adherence,
            "share" | "slate_share" => SweepParameter::Share,
            "turnout_spread" => SweepParameter::TurnoutSpread,
            other => {
                return Err(format!(
                    "unknown sweep parameter {other:?}; expected adherence, share or turnout_spread"
                ));
            }
        };
        let parts: Vec<&str> = range.split(':').collect();
        let [from, to, step] = parts.as_slice() else {
            return Err(format!("expected FROM:TO:STEP after '=', got {range:?}"));
        };
        let num = |t: &str| {
            t.trim()
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .ok_or_else(|| format!("expected a number, got {t:?}"))
        };
        let (from, to, step) = (num(from)?, num(to)?, num(step)?);
        if step <= 0.0 {
            return Err("the step must be positive".into());
        }
        if to < from {
            return Err("TO must not be less than FROM".into());
        }
        let (lo, hi) = match parameter {
            SweepParameter::TurnoutSpread => (0.0, 100.0),
            _ => (0.0, 1.0),
        };
        if from < lo || to > hi {
            return Err(format!(
                "{} must stay between {lo} and {hi}",
                parameter.name()
            ));
        }
        Ok(SweepSpec {
            parameter,
            from,
            to,
            step,
        })
    }
}

impl fmt::Display for SweepSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}={}:{}:{}",
            self.parameter.name(),
            self.from,
            self.to,
            self.step
        )
    }
}

/// The curve of a sweep.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SweepResult {
    /// What was varied.
    pub parameter: SweepParameter,
    /// One point per value.
    pub points: Vec<SweepPoint>,
}

/// One value of the swept parameter.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SweepPoint {
    /// The value.
    pub value: f64,
    /// Per strategy, in report order.
    pub strategies: Vec<SweepStrategy>,
}

/// One strategy at one point of a sweep.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SweepStrategy {
    /// The strategy's name.
    pub name: String,
    /// P(target slate reaches its target).
    pub p_target: f64,
    /// Expected seats of the target slate.
    pub expected_seats: f64,
}

impl SweepResult {
    /// The swept parameter's name.
    pub fn parameter_name(&self) -> &'static str {
        self.parameter.name()
    }
}

pub(crate) fn run(
    model: &Model,
    spec: &SweepSpec,
    strategies: &[Strategy],
    plans: &[Vec<Order>],
    options: &SimulationOptions,
    tick: &(dyn Fn() + Sync),
) -> Result<SweepResult, SimError> {
    let mut points = Vec::new();
    for value in spec.values() {
        let mut overrides = model.overrides;
        match spec.parameter {
            SweepParameter::Adherence => overrides.adherence = Some(value),
            SweepParameter::Share => overrides.share = Some(value),
            SweepParameter::TurnoutSpread => overrides.turnout_spread = Some(value),
        }
        let mut m = model.clone();
        m.overrides = overrides;
        let tally = run_all(&m, plans, options.runs, options.seed, false, tick)?;
        let runs = tally.runs.max(1) as f64;
        points.push(SweepPoint {
            value,
            strategies: strategies
                .iter()
                .zip(&tally.strategies)
                .map(|(s, st)| SweepStrategy {
                    name: s.name().into(),
                    p_target: st.hits as f64 / runs,
                    expected_seats: st.target_seat_sum as f64 / runs,
                })
                .collect(),
        });
    }
    Ok(SweepResult {
        parameter: spec.parameter,
        points,
    })
}
