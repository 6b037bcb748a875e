//! Slates under STV: which order should a region's members rank their slate in?
//!
//! A *slate* is a set of candidates a faction asks its supporters to rank. Under the single
//! transferable vote a slate wins most seats when its first preferences are spread evenly, so
//! organisers publish a different *order* for each *region*. This crate holds that
//! knowledge and the arithmetic around it:
//!
//! * **Model** ([`Slate`], [`Region`], [`Recommendation`], [`Guide`]): a slate, its regions
//!   (with the names members actually type), one order per region, and membership figures;
//!   read from and written to JSON (the [`schema`]).
//! * **Built-in data** ([`gv6_2020`]): the six orders the #GV6 (Grassroots Voice) slate
//!   published for the 2020 Labour NEC constituency-section election, 15 regions, and 2018
//!   membership *estimates*.
//! * **Lookup** ([`Guide::lookup`]): region → order, forgiving about spelling (`"NI"`,
//!   `"Yorkshire"`, `"north-and-east-london"`, `"abroad"`); unknown names get suggestions.
//! * **Analysis** ([`analyse`]): for any set of orders, the supporters each candidate receives
//!   in each position, whether the orders form a Latin or Williams square, and which positions
//!   are unbalanced.
//! * **Design** ([`design`]): a Williams square's rows assigned to groups of regions so that
//!   every candidate gets the same support in every position, by an exact partition solver
//!   ([`partition`]), with personal votes and split regions.
//!
//! # What it is not for
//!
//! It does not count elections (that is `slatewise-stv`) or simulate them (`slatewise-sim`):
//! a balanced design should still be checked by a full count simulation, since STV is not
//! monotonic. It does no input or output of its own: files are read by the caller and handed
//! over as `&str`, so the crate builds for `wasm32` (no filesystem, terminal, clock or
//! threads).
//!
//! # Examples
//!
//! Look up a region:
//!
//! ```
//! let guide = slatewise_slate::gv6_2020();
//! let advice = guide.lookup("south west")?;
//! assert_eq!(advice.order, ["Laura Pidcock", "Ann Henderson", "Mish Rahman", "Gemma Bolton", "Nadia Jama", "Yasmine Dar"]);
//! # Ok::<(), slatewise_slate::SlateError>(())
//! ```
//!
//! Analyse the published orders (with the 2018 membership estimates as weights):
//!
//! ```
//! let guide = slatewise_slate::gv6_2020();
//! let analysis = slatewise_slate::analyse(&guide, &guide.estimated_weights().unwrap())?;
//! assert_eq!(analysis.unbalanced.iter().map(|u| u.position).collect::<Vec<_>>(), [4, 5, 6]);
//! # Ok::<(), slatewise_slate::SlateError>(())
//! ```
//!
//! Design balanced orders for the same regions:
//!
//! ```
//! let guide = slatewise_slate::gv6_2020();
//! let design = slatewise_slate::design(&guide, &guide.estimated_weights().unwrap(), &Default::default())?;
//! assert!(design.balance.proved_optimal && design.analysis.max_deviation() < 0.10);
//! # Ok::<(), slatewise_slate::SlateError>(())
//! ```
//!
//! Errors are [`SlateError`]s whose messages are one line:
//!
//! ```
//! let guide = slatewise_slate::gv6_2020();
//! let err = guide.lookup("Sout Wst").unwrap_err();
//! assert_eq!(err.to_string(), r#"unknown region "Sout Wst"; did you mean: South West, South East?"#);
//! ```

#![warn(missing_docs)]

mod analysis;
mod builtin;
mod design;
mod error;
mod guide;
mod lookup;
mod model;
mod names;
mod partition;
mod table;
mod weights;

pub use analysis::{Analysis, GroupTotal, Tally, UnbalancedPosition, analyse};
pub use builtin::{GV6_2018_MEMBERS_CSV, GV6_2020_JSON, gv6_2020};
pub use design::{Balance, DEFAULT_SHRINK, Design, DesignConfig, design, williams_square};
pub use error::SlateError;
pub use guide::Guide;
pub use lookup::{AFTER_THE_SLATE, Advice};
pub use model::{
    Candidate, Gender, Membership, MembershipFigure, OrderGroup, Recommendation, Region, Slate,
};
pub use partition::{EXACT_LIMIT, Partition, PartitionConfig, partition};
pub use weights::{PERSONAL_HEADER, PersonalVotes, WEIGHTS_HEADER, Weights};

/// The slate file format (JSON) and its CSV companions.
///
#[doc = include_str!("../docs/slate-file.md")]
pub mod schema {}
