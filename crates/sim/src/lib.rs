//! slatewise-sim (in progress).
