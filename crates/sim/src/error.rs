//! The errors of this crate: a scenario that makes no sense, and a simulation that cannot run.

use std::fmt;

/// Something wrong with a scenario, with the JSON path of the value at fault.
///
/// ```
/// let json = r#"{"seats": 0}"#;
/// let err = slatewise_sim::Scenario::from_json(json).unwrap_err();
/// assert!(err.to_string().starts_with("scenario"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioError {
    /// Where in the JSON: `regions[3].turnout`, or empty for the document as a whole.
    pub path: String,
    /// What is wrong there, in one sentence.
    pub message: String,
}

impl ScenarioError {
    /// An error at `path`.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> ScenarioError {
        ScenarioError {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() || self.path == "." {
            write!(f, "scenario: {}", self.message)
        } else {
            write!(f, "scenario: {}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for ScenarioError {}

/// Why a simulation could not run.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SimError {
    /// The scenario is invalid.
    #[error(transparent)]
    Scenario(#[from] ScenarioError),
    /// The options ask for something impossible (no runs, an unknown strategy, ...).
    #[error("{0}")]
    Options(String),
    /// A strategy cannot be built for this scenario (e.g. `published` when the slate publishes
    /// no recommendation).
    #[error("strategy {strategy}: {message}")]
    Strategy {
        /// The strategy's name.
        strategy: String,
        /// Why it cannot be built.
        message: String,
    },
    /// The counting engine refused an election built from the scenario.
    #[error("count failed: {0}")]
    Count(#[from] slatewise_stv::CountError),
}
