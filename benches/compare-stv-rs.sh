#!/usr/bin/env bash
# Time `slatewise count` against stv-rs 0.5.1 (gendx/stv-rs, the nearest peer) on the corpus's
# 100,000-line random profile under Meek's method, fixed point with 9 places, omega 10^-6, no
# batch defeats — once as published (with `=` equal rankings) and once with every `=` replaced by
# a space (strict rankings). Checks that both elect the same candidates, and prints the median
# wall time and peak RSS of each, with the ratio. Not run in CI: it installs stv-rs from
# crates.io into benches/.peers.
#
#   bash benches/compare-stv-rs.sh          # 3 runs of each, medians
#   RUNS=5 bash benches/compare-stv-rs.sh
#   SLATEWISE="path/to/slatewise" bash benches/compare-stv-rs.sh   # another slatewise binary
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-3}"
PEERS=benches/.peers
CORPUS="${CORPUS:-../shared/corpus/perf/rand_hypergeometric_100k.blt}"
mkdir -p "$PEERS"

# The peer: stv-rs 0.5.1, built once.
STV_RS="$PEERS/bin/stv-rs"
if [ ! -x "$STV_RS" ]; then
  cargo install stv-rs --version 0.5.1 --locked --root "$PEERS"
fi
# Ours: the release CLI.
if [ -z "${SLATEWISE:-}" ]; then
  cargo build --release -p slatewise-cli
  SLATEWISE=target/release/slatewise
fi

EQUAL="$CORPUS"
STRICT="$PEERS/rand_hypergeometric_100k_strict.blt"
if [ ! -s "$STRICT" ] || [ "$EQUAL" -nt "$STRICT" ]; then
  sed 's/=/ /g' "$EQUAL" > "$STRICT"
fi

# The two command lines (same rule: Meek, fixed 9 places, omega 1e-6, no batch defeats; stv-rs
# counts equal rankings as Droop.py does, its default, and uses every core with rayon).
slatewise_args=(count FILE --rule meek --precision 9 --omega 6 --defeat-batch none --arithmetic fixed --format json)
stv_rs_args=(--arithmetic fixed9 --input FILE meek --omega-exponent 6 --parallel rayon)

# Run "$@" (FILE replaced by $FILE) under /usr/bin/time -v with output to $OUT; print
# "<wall seconds> <peak RSS kB>".
measure() {
  local log args=()
  log="$(mktemp)"
  for a in "$@"; do [ "$a" = FILE ] && args+=("$FILE") || args+=("$a"); done
  /usr/bin/time -v "${args[@]}" > "$OUT" 2> "$log"
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; wall = s }
    /Maximum resident set size/ { rss = $2 }
    END { printf "%.3f %d\n", wall, rss }' "$log"
  rm -f "$log"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

winners_slatewise() { python3 -c 'import json, sys; print(", ".join(e["name"] for e in json.load(open(sys.argv[1]))["elected"]))' "$1"; }
winners_stv_rs() { sed -n 's/^Action: Elect\( remaining\)\{0,1\}: //p' "$1" | paste -sd, - | sed 's/,/, /g'; }

compare() {
  local label="$1" file="$2" ours_out peer_out ours=() peer=() i
  ours_out="$(mktemp)"; peer_out="$(mktemp)"
  for i in $(seq "$RUNS"); do
    ours+=("$(FILE="$file" OUT="$ours_out" measure "$SLATEWISE" "${slatewise_args[@]}")")
    peer+=("$(FILE="$file" OUT="$peer_out" measure "$STV_RS" "${stv_rs_args[@]}")")
  done
  local ours_wall ours_rss peer_wall peer_rss w_ours w_peer
  ours_wall="$(printf '%s\n' "${ours[@]}" | cut -d' ' -f1 | median)"
  ours_rss="$(printf '%s\n' "${ours[@]}" | cut -d' ' -f2 | median)"
  peer_wall="$(printf '%s\n' "${peer[@]}" | cut -d' ' -f1 | median)"
  peer_rss="$(printf '%s\n' "${peer[@]}" | cut -d' ' -f2 | median)"
  w_ours="$(winners_slatewise "$ours_out")"
  w_peer="$(winners_stv_rs "$peer_out")"
  if [ "$w_ours" = "$w_peer" ]; then
    echo "meek $label: same winners: $w_ours"
  else
    echo "meek $label: DIFFERENT WINNERS: slatewise $w_ours; stv-rs $w_peer"
  fi
  awk -v l="$label" -v ow="$ours_wall" -v pw="$peer_wall" -v orss="$ours_rss" -v prss="$peer_rss" 'BEGIN {
    printf "meek %s: slatewise %.2f s, stv-rs %.2f s, ratio %.1fx; peak RSS %d MB vs %d MB\n",
      l, ow, pw, (ow > 0 ? pw / ow : 0), orss / 1024, prss / 1024 }'
  rm -f "$ours_out" "$peer_out"
}

echo "median of $RUNS runs each; $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
compare strict "$STRICT"
compare equal "$EQUAL"
