#!/usr/bin/env bash
# `make bench-inventory`: a synthetic 10,000-line, 30-year national inventory (every sector, shared defaults, ten
# first-order-decay disposal series) computed as a time series, then IPCC Approach 2 over the whole series with
# 10,000 Monte Carlo iterations (every year's total and the trend). Not a test. Goal: < 10 s on 2 cores (release build).
#
# Parameters (environment): LINES (10000) YEARS (30) ITERATIONS (10000) SEED (1) WORKERS (all cores)
#   BENCH_DIR (default /tmp/yuheng-bench; outside the repository), YUHENG_BIN (skip the release build).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
LINES=${LINES:-10000}; YEARS=${YEARS:-30}; ITERATIONS=${ITERATIONS:-10000}; SEED=${SEED:-1}
BENCH_DIR=$(realpath -m "${BENCH_DIR:-/tmp/yuheng-bench}")
case "$BENCH_DIR/" in "$REPO"/*) echo "bench-inventory: BENCH_DIR is inside the repository" >&2; exit 1 ;; esac
mkdir -p "$BENCH_DIR"
FILE="$BENCH_DIR/inventory_${LINES}x${YEARS}.csv"
python3 "$HERE/generate.py" "$FILE" "$LINES" "$YEARS" 42
if [ -z "${YUHENG_BIN:-}" ]; then
  (cd "$REPO" && swift build -c release --product yuheng 2>&1 | grep -E "error|Compiling|Build complete" | tail -3)
  YUHENG_BIN="$REPO/.build/release/yuheng"
fi
DB="$BENCH_DIR/inventory-bench.sqlite"
# first run installs the bundled data into the database (not timed) and checks the deterministic series
"$YUHENG_BIN" inventory "$FILE" --db "$DB" --json > "$BENCH_DIR/inventory_series.json"
start=$(date +%s.%N)
"$YUHENG_BIN" inventory "$FILE" --db "$DB" --json > /dev/null
det=$(echo "$(date +%s.%N) - $start" | bc)
start=$(date +%s.%N)
"$YUHENG_BIN" inventory "$FILE" --db "$DB" --uncertainty montecarlo --iterations "$ITERATIONS" --seed "$SEED" --json > "$BENCH_DIR/inventory_mc.json" 2>/dev/null
total=$(echo "$(date +%s.%N) - $start" | bc)
python3 - "$BENCH_DIR/inventory_mc.json" "$det" "$total" "$ITERATIONS" "$LINES" "$YEARS" <<'PY'
import json, sys, os
d = json.load(open(sys.argv[1]))
det, total, it, lines, years = float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6]
t = d["trend_pct"]
print(f"bench-inventory: {lines} lines x {years} years, {d['inputs']} uncertain inputs, {d['terms']} terms, {os.cpu_count()} cores")
print(f"  deterministic series (parse, compute {years} years, key categories, Approach 1 trend): {det:.2f} s wall")
print(f"  Monte Carlo {it} iterations over the series: {d['seconds']:.2f} s in the engine, {total:.2f} s wall for the whole command (goal < 10 s)")
print(f"  latest total {d['deterministic_totals_co2e_t'][-1]:.6g} t CO2e; trend {d['years'][0]}-{d['years'][-1]} 95 % interval {t['p2_5']:.3f} % to {t['p97_5']:.3f} %")
PY
