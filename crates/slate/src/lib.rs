//! slatewise-slate (in progress).
