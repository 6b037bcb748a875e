#!/usr/bin/env bash
# Build the web page into web-demo/dist/: the slatewise-wasm crate for wasm32, its JavaScript
# glue (wasm-bindgen --target web), wasm-opt -Oz (npm binaryen), and the static files.
#
# Works on a fresh machine: installs what is missing — the wasm32 target (rustup), the
# wasm-bindgen CLI of exactly the version in Cargo.lock (cargo install, without --locked), and
# the npm packages of web-demo/package-lock.json (npm ci). Debian's binaryen is NOT used: its
# wasm-opt (108) silently breaks these modules.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
cd "$root"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
say() { printf '[build] %s\n' "$*"; }

# 1. The wasm target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "installing the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# 2. The wasm-bindgen CLI, the same version as the crate (pinned with = in crates/wasm).
version="$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
if [ -z "$version" ]; then
  echo "build.sh: no wasm-bindgen in Cargo.lock" >&2
  exit 1
fi
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $version" ]; then
  say "installing wasm-bindgen-cli $version (a few minutes, once)"
  cargo install wasm-bindgen-cli --version "=$version"
fi

# 3. npm packages (binaryen's wasm-opt; playwright-core for the tests).
if [ ! -x "$here/node_modules/.bin/wasm-opt" ] || [ "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ]; then
  say "installing npm packages"
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi

# 4. Compile (profile `wasm` in the root Cargo.toml: opt-level z, LTO, panic = abort).
say "cargo build -p slatewise-wasm --target wasm32-unknown-unknown --profile wasm"
cargo build -p slatewise-wasm --target wasm32-unknown-unknown --profile wasm
wasm="$root/target/wasm32-unknown-unknown/wasm/slatewise_wasm.wasm"

# 5. Bindings, wasm-opt, static files: assembled beside dist/, then swapped in.
stage="$(mktemp -d "$here/.dist-XXXXXX")"
trap 'rm -rf "$stage"' EXIT
say "wasm-bindgen --target web"
wasm-bindgen --target web --no-typescript --out-dir "$stage/pkg" "$wasm"
say "wasm-opt -Oz (npm binaryen $("$here/node_modules/.bin/wasm-opt" --version | awk '{print $3}'))"
"$here/node_modules/.bin/wasm-opt" -Oz --strip-debug --strip-producers \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
  --enable-reference-types --enable-multivalue \
  "$stage/pkg/slatewise_wasm_bg.wasm" -o "$stage/pkg/slatewise_wasm_bg.opt.wasm"
mv "$stage/pkg/slatewise_wasm_bg.opt.wasm" "$stage/pkg/slatewise_wasm_bg.wasm"
cp "$here/index.html" "$here/style.css" "$here/app.js" "$here/worker.js" "$stage/"
build_id="$(cat "$stage"/*.html "$stage"/*.css "$stage"/*.js "$stage"/pkg/* | sha256sum | cut -c1-16)"
sed "s/slatewise-BUILD/slatewise-$build_id/" "$here/sw.js" > "$stage/sw.js"
chmod -R a+rX "$stage"
rm -rf "$here/dist"
mv "$stage" "$here/dist"
trap - EXIT

# 6. Sizes.
say "built $here/dist (build $build_id):"
for f in index.html style.css app.js worker.js sw.js pkg/slatewise_wasm.js pkg/slatewise_wasm_bg.wasm; do
  printf '  %-28s %9d bytes  %9d gzipped\n' "$f" "$(wc -c < "$here/dist/$f")" "$(gzip -9c "$here/dist/$f" | wc -c)"
done
gz="$(gzip -9c "$here/dist/pkg/slatewise_wasm_bg.wasm" | wc -c)"
printf '[build] wasm after wasm-opt: %d bytes, %d KiB gzipped (limit 400 KB)\n' \
  "$(wc -c < "$here/dist/pkg/slatewise_wasm_bg.wasm")" "$((gz / 1024))"
