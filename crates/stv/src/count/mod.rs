//! Running a count: pick the number system, run the rule, return the result.
//!
//! [`count`] returns a full [`Transcript`]; [`count_outcome`] returns only who was elected and
//! excluded when (no strings are built), for simulations that count thousands of elections.

mod ers97;
mod meek;
mod papers;
mod state;
mod wigm;

use serde::{Deserialize, Serialize};

#[cfg(feature = "guarded")]
use crate::arith::Guarded;
use crate::arith::{Arithmetic, ArithmeticKind, BigFixed, Fixed, Rational};
use crate::model::{CandidateId, Election, ElectionError};
use crate::rules::{Method, Rules};
use crate::transcript::Transcript;

use state::CountState;

/// Why a count could not be run.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CountError {
    /// The election itself is invalid.
    #[error(transparent)]
    Election(#[from] ElectionError),
    /// A rule parameter is out of range.
    #[error("invalid rule parameter: {0}")]
    Parameter(String),
    /// The rule is not available yet.
    #[error("the {0} rule is not implemented yet")]
    Unsupported(&'static str),
    /// The election is larger than the count can hold.
    #[error("the election is too large to count: {0}")]
    TooLarge(&'static str),
    /// A bug: an invariant of the counting code failed. Please report it.
    #[error("internal error in the count: {0}")]
    Internal(&'static str),
}

/// Who was elected and excluded, at which stage, without the stage-by-stage transcript.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    /// Elected candidates with the stage of election, in order of election.
    pub elected: Vec<(CandidateId, usize)>,
    /// Excluded candidates with the stage of exclusion, in order.
    pub excluded: Vec<(CandidateId, usize)>,
    /// Number of stages.
    pub stages: usize,
}

/// Count `election` under `rules` and return the full transcript.
///
/// ```
/// use slatewise_stv::{count, Ballot, Candidate, CandidateId, Election, Profile, Ranking, Rules, Method};
///
/// let ids = |v: &[u32]| Ranking::strict(v.iter().map(|&i| CandidateId(i)).collect());
/// let election = Election {
///     title: "Toy".into(),
///     seats: 1,
///     candidates: vec![Candidate::new("Ann"), Candidate::new("Bob"), Candidate::new("Cy")],
///     withdrawn: vec![],
///     tie_order: None,
///     ballots: Profile::from_ballots([
///         Ballot::new(4, ids(&[0])),
///         Ballot::new(3, ids(&[1])),
///         Ballot::new(2, ids(&[2, 1])),
///     ]),
/// };
/// let transcript = count(&election, &Rules::preset(Method::Scottish))?;
/// assert_eq!(transcript.winners(), ["Bob"]);
/// # Ok::<(), slatewise_stv::CountError>(())
/// ```
pub fn count(election: &Election, rules: &Rules) -> Result<Transcript, CountError> {
    let description = rules.describe();
    dispatch(election, rules, Recording::Transcript).map(|r| match r {
        Finished::Transcript(t) => *t,
        Finished::Outcome(_) => unreachable_transcript(description),
    })
}

/// Count `election` under `rules`, returning only the outcome (faster: no transcript).
pub fn count_outcome(election: &Election, rules: &Rules) -> Result<Outcome, CountError> {
    dispatch(election, rules, Recording::Outcome).map(|r| match r {
        Finished::Outcome(o) => o,
        Finished::Transcript(t) => outcome_of(&t),
    })
}

fn unreachable_transcript(description: String) -> Transcript {
    // `dispatch` returns what it was asked for; this keeps the types total without a panic.
    Transcript {
        rule: String::new(),
        rule_description: description,
        arithmetic: String::new(),
        title: String::new(),
        seats: 0,
        candidates: Vec::new(),
        valid_votes: String::new(),
        quota: String::new(),
        elected: Vec::new(),
        excluded: Vec::new(),
        stages: Vec::new(),
        exhausted: String::new(),
        rounding_loss: String::new(),
        ties: Vec::new(),
        seed: 0,
        notes: Vec::new(),
    }
}

fn outcome_of(t: &Transcript) -> Outcome {
    Outcome {
        elected: t
            .elected
            .iter()
            .map(|e| (CandidateId::from(e.index), e.stage))
            .collect(),
        excluded: t
            .excluded
            .iter()
            .map(|e| (CandidateId::from(e.index), e.stage))
            .collect(),
        stages: t.stages.len(),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Recording {
    Transcript,
    Outcome,
}

enum Finished {
    Transcript(Box<Transcript>),
    Outcome(Outcome),
}

/// The most decimal places any arithmetic accepts (keeps numbers and time bounded).
pub const MAX_PRECISION: u32 = 60;

fn dispatch(
    election: &Election,
    rules: &Rules,
    recording: Recording,
) -> Result<Finished, CountError> {
    election.validate()?;
    if rules.precision > MAX_PRECISION || rules.guard > MAX_PRECISION {
        return Err(CountError::Parameter(format!(
            "precision and guard must be at most {MAX_PRECISION} places"
        )));
    }
    if rules.method.is_iterative() && (rules.omega == 0 || rules.omega > MAX_PRECISION) {
        return Err(CountError::Parameter(format!(
            "omega must be between 1 and {MAX_PRECISION}"
        )));
    }
    match rules.arithmetic {
        ArithmeticKind::Fixed => match Fixed::new(rules.precision) {
            Some(fixed) if fixed.fits(&election.ballots.total_weight()) => {
                run(fixed, election, rules, recording)
            }
            _ => run(BigFixed::new(rules.precision), election, rules, recording),
        },
        #[cfg(feature = "guarded")]
        ArithmeticKind::Guarded => run(
            Guarded::new(rules.precision, rules.guard),
            election,
            rules,
            recording,
        ),
        // The web page's build leaves Droop's guarded arithmetic out to stay small.
        #[cfg(not(feature = "guarded"))]
        ArithmeticKind::Guarded => Err(CountError::Unsupported(
            "guarded arithmetic (this build has no `guarded` feature)",
        )),
        ArithmeticKind::Rational => run(Rational, election, rules, recording),
    }
}

fn run<A: Arithmetic>(
    a: A,
    election: &Election,
    rules: &Rules,
    recording: Recording,
) -> Result<Finished, CountError> {
    let mut cs = CountState::new(a, election, rules, recording == Recording::Transcript);
    match rules.method {
        Method::Scottish | Method::Wigm => wigm::run(&mut cs)?,
        Method::Meek | Method::Warren => {
            // On a thread of rayon's pool, which then walks one shard of each iteration
            // itself instead of waking two others and waiting (5–8% faster with the
            // corpus's 100,000 ballots on 2 cores).
            #[cfg(feature = "parallel")]
            rayon::scope(|_| meek::run(&mut cs))?;
            #[cfg(not(feature = "parallel"))]
            meek::run(&mut cs)?;
        }
        Method::Ers97 | Method::Nec => ers97::run(&mut cs)?,
    }
    Ok(match recording {
        Recording::Transcript => {
            Finished::Transcript(Box::new(cs.into_transcript(rules.describe())))
        }
        Recording::Outcome => Finished::Outcome(cs.outcome()),
    })
}
