//! slatewise: rank a slate of candidates in an STV election.
//!
//! This facade re-exports the workspace's library crates under one name:
//!
//! - [`stv`] (`slatewise-stv`): exact STV counting, ballot files, transcripts;
//! - [`slate`] (`slatewise-slate`): slates, regions, recommended orders, analysis and design;
//! - [`sim`] (`slatewise-sim`): scenarios, Monte Carlo simulation and strategy comparison.
//!
//! ```
//! let guide = slatewise::slate::gv6_2020();
//! let advice = guide.lookup("Wales")?;
//! assert_eq!(advice.order[0], "Ann Henderson");
//! # Ok::<(), slatewise::slate::SlateError>(())
//! ```

pub use slatewise_sim as sim;
pub use slatewise_slate as slate;
pub use slatewise_stv as stv;
