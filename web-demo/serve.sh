#!/usr/bin/env bash
# Serve web-demo/dist/ (made by build.sh) on 127.0.0.1 and print the URL.
# Usage: web-demo/serve.sh [PORT]   (default 8080; 0 picks a free port)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [ ! -f "$here/dist/index.html" ]; then
  echo "serve.sh: $here/dist/index.html is missing; run web-demo/build.sh first" >&2
  exit 1
fi
exec node "$here/server.mjs" "$here/dist" "${1:-${PORT:-8080}}"
