//! Exact single-transferable-vote counting.
//! (Crate docs are completed as the modules land.)

pub mod arith;
pub mod count;
pub mod io;
pub mod model;
pub mod rules;
pub mod transcript;

pub use count::{CountError, Outcome, count, count_outcome};
pub use model::{
    Ballot, Candidate, CandidateId, Election, ElectionError, Profile, Ranking, Weight,
};
pub use rules::{DefeatBatch, Method, Rules, SeatConstraint};
pub use transcript::Transcript;
