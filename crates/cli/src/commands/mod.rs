//! One module per subcommand.

pub mod advise;
pub mod analyse;
pub mod count;
pub mod lookup;
pub mod simulate;
