#!/usr/bin/env bash
# Time one election of the built-in gv6-2020 size with votekit (slate-Plackett-Luce generation of
# 129,549 ballots over the same 28 candidates in 7 slates, then its STV count for 9 seats)
# against `slatewise simulate` (release build, 1,000 elections, every core), and print the
# per-election ratio. Not run in CI: it installs votekit from PyPI into benches/.peers/venv.
#
#   bash benches/compare-votekit.sh            # 1,000 slatewise elections
#   RUNS=10000 bash benches/compare-votekit.sh # the acceptance measurement (10,000 elections)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-1000}"
PEERS=benches/.peers
mkdir -p "$PEERS"
if [ ! -x "$PEERS/venv/bin/python" ]; then
  python3 -m venv "$PEERS/venv"
fi
"$PEERS/venv/bin/python" -c 'import votekit' 2>/dev/null || "$PEERS/venv/bin/pip" install -q votekit

cat > "$PEERS/votekit_one_election.py" <<'PY'
"""One election of the gv6-2020 size with votekit: slate-PL generation + STV."""
import time, warnings
warnings.filterwarnings("ignore")
from votekit.ballot_generator import BlocSlateConfig, slate_pl_profile_generator
from votekit.elections import STV

slates = {
    "GV": ["Laura Pidcock", "Ann Henderson", "Mish Rahman", "Gemma Bolton", "Nadia Jama", "Yasmine Dar"],
    "LtW": ["Luke Akehurst", "Johanna Baxter", "Gurinder Singh Josan", "Shama Tatler", "Michael Payne", "Terry Paul"],
    "OL": ["Ann Black", "Jermain Jackman"],
    "Trib": ["Theresa Griffin", "Paula Sherriff", "Liz McInnes"],
    "LLA": ["Roger Silverman", "Chaudhry Qamer Iqbal", "Carol Taylor-Spedding", "Alec Price", "Ekua Bayunu", "Steve Maggs"],
    "Ind": ["Crispin Flintoff", "Vince Maple", "Cameron Mitchell", "Alex Beverley"],
    "UL": ["John Wiseman"],
}
shares = {"GV": 0.37, "LtW": 0.31, "OL": 0.085, "Trib": 0.065, "LLA": 0.095, "Ind": 0.06, "UL": 0.015}
strength = {"Laura Pidcock": 3, "Luke Akehurst": 16, "Johanna Baxter": 7, "Gurinder Singh Josan": 5,
            "Shama Tatler": 3, "Michael Payne": 2, "Ann Black": 6}
def interval(slate):
    w = {c: float(strength.get(c, 1.0)) for c in slates[slate]}
    t = sum(w.values())
    return {c: v / t for c, v in w.items()}
blocs = list(slates)
cohesion = {}
for b in blocs:
    others = [s for s in blocs if s != b]
    cohesion[b] = {s: (0.85 if s == b else 0.15 / len(others)) for s in blocs}
config = BlocSlateConfig(
    n_voters=129549,
    slate_to_candidates=slates,
    bloc_proportions=shares,
    preference_mapping={b: {s: interval(s) for s in blocs} for b in blocs},
    cohesion_mapping=cohesion,
    silent=True,
)
t0 = time.perf_counter()
profile = slate_pl_profile_generator(config, rng_seed=2020)
t1 = time.perf_counter()
print(f"votekit_generate_s {t1 - t0:.3f}", flush=True)
result = STV(profile, n_seats=9)
winners = result.get_elected()
t2 = time.perf_counter()
print(f"votekit_count_s {t2 - t1:.3f}")
print(f"votekit_election_s {t2 - t0:.3f}")
PY

echo "votekit: one election (129,549 ballots, 28 candidates, 9 seats)..."
# votekit takes minutes for an election of this size; its output is echoed as it comes.
VK=$("$PEERS/venv/bin/python" -u "$PEERS/votekit_one_election.py" | tee /dev/stderr)
echo "$VK"
VK_S=$(echo "$VK" | awk '/votekit_election_s/ {print $2}')

cargo build --release -q -p slatewise-cli
echo "slatewise: $RUNS elections of the built-in gv6-2020 scenario (strategy published)..."
START=$(date +%s.%N)
./target/release/slatewise simulate --runs "$RUNS" --strategy published --format json --quiet > /dev/null
END=$(date +%s.%N)
SW_S=$(echo "$END - $START" | bc -l)
printf "slatewise_total_s %.3f\n" "$SW_S"
printf "slatewise_per_election_ms %.3f\n" "$(echo "1000 * $SW_S / $RUNS" | bc -l)"
printf "ratio (votekit per election / slatewise per election): %.0f\n" "$(echo "$VK_S * $RUNS / $SW_S" | bc -l)"
