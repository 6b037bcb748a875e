//! Exact single-transferable-vote counting.
//! (Crate docs are completed as the modules land.)

pub mod arith;
pub mod model;

pub use model::{
    Ballot, Candidate, CandidateId, Election, ElectionError, Profile, Ranking, Weight,
};
