#!/usr/bin/env bash
# Runs every check slatewise has: formatting, lints, unit/integration/conformance/property tests,
# doc tests, rustdoc, and (when web-demo/ is present) the wasm build and its browser tests.
# It installs what it needs (clippy/rustfmt components, the wasm target, wasm-bindgen-cli,
# Chromium, npm packages). Used as is by CI (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "toolchain components"
rustup component add rustfmt clippy >/dev/null 2>&1 || true

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (all targets, warnings are errors)"
cargo clippy --workspace --all-targets --quiet -- -D warnings

step "cargo test (workspace)"
cargo test --workspace --quiet

step "cargo doc (warnings are errors)"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --quiet

if [ -x web-demo/test.sh ]; then
  step "web demo: wasm build and browser tests"
  web-demo/test.sh
fi

step "all checks passed"
