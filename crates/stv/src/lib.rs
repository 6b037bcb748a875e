//! Exact single-transferable-vote counting: elections, ballot files, STV rules and transcripts.
//!
//! This crate counts an STV election the way an official count does — with the rule's own
//! arithmetic (decimal fixed point, guarded fixed point or exact rationals; never floats), its
//! own quota, transfer and tie rules — and records every stage in a [`Transcript`] whose totals
//! always add up. It reads the common ballot formats (BLT in every dialect we have met, CSV and
//! JSON) and writes BLT and JSON.
//!
//! Rules are named presets with documented, cited parameters (see [`rules`]): `scottish`
//! (verified against the official sheets of 39 Scottish wards), `wigm`, `meek`, `warren`
//! (verified against Droop's reference reports), `ers97` and `nec`.
//!
//! # What it is not for
//!
//! It does not know about slates, regions or recommendations (that is `slatewise-slate`), does
//! not simulate (`slatewise-sim`), and does no I/O of its own: readers take bytes and a source
//! name for messages, so the crate builds for `wasm32-unknown-unknown`. It does not implement
//! random-sample rules such as the Irish Dáil count.
//!
//! # Example
//!
//! Read a BLT file's bytes, count it under Scottish STV and look at the result:
//!
//! ```
//! use slatewise_stv::{count, io, Method, Rules};
//!
//! let blt = b"5 3\n4 1 0\n2 2 1 0\n8 3 4 0\n4 3 5 0\n1 4 0\n1 5 0\n0\n\
//!             Orange\nPear\nChocolate\nStrawberry\nSweets\n\"Desserts\"\n";
//! let election = io::blt::read(blt, "desserts.blt")?;
//! let transcript = count(&election, &Rules::preset(Method::Scottish))?;
//! assert_eq!(transcript.winners(), ["Chocolate", "Orange", "Strawberry"]);
//! assert_eq!(transcript.quota, "6.00000");
//! assert_eq!(transcript.stages[1].tallies.get("Strawberry"), Some("5.00000"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Errors in input name the source and line:
//!
//! ```
//! let err = slatewise_stv::io::blt::read(b"3 1\n4 1 7 0\n0\n", "bad.blt").unwrap_err();
//! assert!(err.to_string().starts_with("bad.blt:2:"));
//! ```
//!
//! For simulations that count thousands of elections, [`count_outcome`] returns only who was
//! elected and excluded at which stage, without building the transcript's strings.
//!
//! # Features
//!
//! - `guarded` (default): counting with Droop's guarded arithmetic (`--arithmetic guarded`).
//!   The web page's wasm build leaves it out to keep the module small; there a count asking for
//!   it returns [`CountError::Unsupported`].

#![warn(missing_docs)]

pub mod arith;
pub mod count;
mod hash;
pub mod io;
pub mod model;
pub mod rules;
pub mod transcript;

pub use count::{CountError, Outcome, count, count_outcome};
pub use model::{
    Ballot, BallotRef, Ballots, Candidate, CandidateId, Election, ElectionError, Profile,
    ProfileBuilder, Ranking, RankingRef, Weight,
};
pub use rules::{DefeatBatch, Method, Rules, SeatConstraint};
pub use transcript::Transcript;
