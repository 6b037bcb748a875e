#!/usr/bin/env bash
# The web demo's whole test: build dist/, run the wasm-bindgen-test tests of slatewise-wasm under
# node, then the browser tests (headless Chromium driven by playwright-core, node --test) against
# dist/ served on 127.0.0.1. Screenshots and metrics go to web-demo/test-results/.
#
# Installs what it needs on a fresh machine (non-interactive, as root in CI): Debian's chromium
# when /usr/bin/chromium is absent, and through build.sh the wasm target, the wasm-bindgen CLI
# and the npm packages. Called by scripts/test.sh.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
cd "$root"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
step() { printf '\n[web-demo] %s\n' "$*"; }
results="$here/test-results"

step "Chromium"
if [ ! -x /usr/bin/chromium ]; then
  sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo -n"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q
  $sudo apt-get install -y -q chromium </dev/null
fi
/usr/bin/chromium --version

step "build (web-demo/build.sh)"
"$here/build.sh"

step "npm packages"
if [ ! -d "$here/node_modules/playwright-core" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi

step "wasm-bindgen-test tests of slatewise-wasm under node"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test -p slatewise-wasm --target wasm32-unknown-unknown --test node

step "native CLI for the browser-vs-command-line parity test"
cargo build -p slatewise-cli --release --quiet
export SLATEWISE_BIN="$root/target/release/slatewise"

step "browser tests (node --test web-demo/tests/)"
rm -rf "$results"
mkdir -p "$results"
export TEST_RESULTS="$results"
node --test --test-reporter=spec "$here/tests/"

step "measured"
node -e '
  const m = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  console.log(`  wasm after wasm-opt:          ${m.wasm_bytes} bytes, ${m.wasm_gzip_bytes} bytes gzipped (limit 400 KB)`);
  console.log(`  member view, order on screen: ${m.first_paint_ms} ms after navigation start (limit 1 s)`);
  console.log(`  1,000 simulations in browser: ${m.simulation_1000_runs_ms} ms (limit 5 s); same JSON as the CLI: ${m.cli_parity ? "yes" : "no"}`);
' "$results/metrics.json"
echo "  screenshots: $(cd "$results" && ls *.png | tr '\n' ' ')"
