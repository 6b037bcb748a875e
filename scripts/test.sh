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
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
cargo test --workspace --quiet 2>&1 | tee "$log"
passed=$(awk '/^test result: ok\./ { sum += $4 } END { print sum + 0 }' "$log")

step "cargo doc (warnings are errors)"
# RUSTDOCFLAGS covers rustdoc's own warnings; cargo's (such as two targets
# documented into one directory, cargo#6313) are caught from its output.
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps 2>&1 | tee "$log"
if grep -q '^warning' "$log"; then
  echo "cargo doc printed a warning (above); fix it" >&2
  exit 1
fi

if [ -x web-demo/test.sh ]; then
  step "web demo: wasm build and browser tests"
  web-demo/test.sh
fi

step "all checks passed"
echo "tests: ${passed} passed, 0 failed"
