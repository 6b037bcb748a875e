//! slatewise facade (in progress).
pub use slatewise_stv as stv;
