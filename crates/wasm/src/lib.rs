//! slatewise-wasm (in progress).
