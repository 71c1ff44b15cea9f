#!/usr/bin/env bash
# `make bench-lca`: Monte Carlo of an LCA on the 20k-activity synthetic technosphere — Yuheng against Brightway 2.5 in
# the same run. Not a test.
#
# Parameters (environment):
#   N_ACT N_BIO SEED   synthetic system (default 20000 2000 42; `make bench-lca-small` uses 500 100)
#   BENCH_DIR          data and results (default /tmp/yuheng-bench; must be outside the repository)
#   SHARED_DIR         the shared/ folder with bench/lca/gen_matrix.py and bench_bw.py (default ../shared beside the repo)
#   SOLVER             Brightway back-end: pardiso (default; superlu if pypardiso cannot be installed) or superlu
#   ITERATIONS         Yuheng Monte Carlo iterations (default 2000; `make bench-lca-small`: 5000)
#   MC_SEED            Monte Carlo seed (default 1), WORKERS (default: all cores)
#   BW_MC_SECONDS BW_MC_MAX  Brightway Monte Carlo budget (default 300 s / 1000 iterations)
#   PYTHON (default python3), YUHENG_BIN (skip the release build and use this binary)
# Steps: Python packages if missing (numpy scipy bw2data==4.8 bw2calc==3.1.0 pypardiso==0.4.7); the system from
#   gen_matrix.py into $BENCH_DIR/lca<N_ACT>[...] unless present; `swift build -c release --product yuheng
#   --scratch-path .build-bench`; `yuheng lca bench-mtx DIR --json` (deterministic first result, second functional unit,
#   Monte Carlo with lognormal σ = 0.2 on every off-diagonal A entry and every B entry, median = the amount — what
#   bench_bw.py gives Brightway); `bench_bw.py DIR` (its project is reused when present); compare.py prints the table and
#   writes $BENCH_DIR/lca_bench_<name>.json.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
SHARED_DIR=${SHARED_DIR:-$REPO/../shared}
GEN=$SHARED_DIR/bench/lca/gen_matrix.py
BW=$SHARED_DIR/bench/lca/bench_bw.py
N_ACT=${N_ACT:-20000}; N_BIO=${N_BIO:-2000}; SEED=${SEED:-42}
BENCH_DIR=$(realpath -m "${BENCH_DIR:-/tmp/yuheng-bench}")
PYTHON=${PYTHON:-python3}
ITERATIONS=${ITERATIONS:-2000}
MC_SEED=${MC_SEED:-1}
BW_MC_SECONDS=${BW_MC_SECONDS:-300}
BW_MC_MAX=${BW_MC_MAX:-1000}
TIME=/usr/bin/time

say() { printf '== %s\n' "$*" >&2; }
die() { printf 'bench-lca: %s\n' "$*" >&2; exit 1; }

case "$BENCH_DIR/" in "$REPO"/*) die "BENCH_DIR ($BENCH_DIR) is inside the repository; generated data must stay outside it" ;; esac
[ -f "$GEN" ] && [ -f "$BW" ] || die "gen_matrix.py / bench_bw.py not found in $SHARED_DIR/bench/lca (set SHARED_DIR)"

if [ "$N_ACT" = 20000 ] && [ "$N_BIO" = 2000 ]; then name=lca20k; else name="lca${N_ACT}"; [ "$N_BIO" = 100 ] || name+="_b${N_BIO}"; fi
[ "$SEED" = 42 ] || name+="_seed${SEED}"
DATA=$BENCH_DIR/$name
WORK=$BENCH_DIR/results_$name
mkdir -p "$BENCH_DIR" "$WORK"
rm -f "$WORK"/*.time "$WORK"/*.json "$WORK"/*.txt
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# --- dependencies ---------------------------------------------------------------------------------------------------
"$PYTHON" -c 'import numpy, scipy' 2>/dev/null || { say "installing numpy scipy"; "$PYTHON" -m pip install --quiet numpy scipy; }
if ! "$PYTHON" -c 'import bw2data, bw2calc' 2>/dev/null; then
    say "installing bw2data==4.8 bw2calc==3.1.0"
    "$PYTHON" -m pip install --quiet bw2data==4.8 bw2calc==3.1.0
fi
if [ -z "${SOLVER:-}" ]; then
    if "$PYTHON" -c 'import pypardiso' 2>/dev/null || "$PYTHON" -m pip install --quiet pypardiso==0.4.7; then SOLVER=pardiso
    else say "pypardiso is not installable here: Brightway uses SciPy's SuperLU"; SOLVER=superlu; fi
fi
if [ ! -x "$TIME" ]; then
    say "installing GNU time (Debian package 'time')"
    if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq time >/dev/null
    else sudo apt-get update -qq && sudo apt-get install -y -qq time >/dev/null; fi
fi

# --- synthetic system -------------------------------------------------------------------------------------------------
if [ -f "$DATA/metadata.json" ] && [ -f "$DATA/A.mtx" ] && "$PYTHON" - "$DATA/metadata.json" "$N_ACT" "$N_BIO" "$SEED" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
sys.exit(0 if (m["n_act"], m["n_bio"], m["seed"]) == tuple(map(int, sys.argv[2:5])) and "reference_score_fu1" in m else 1)
PY
then
    say "using the synthetic technosphere in $DATA"
else
    say "generating $name ($N_ACT activities, $N_BIO flows, seed $SEED) into $DATA"
    rm -rf "$DATA"
    "$PYTHON" "$GEN" --n-act "$N_ACT" --n-bio "$N_BIO" --seed "$SEED" --out "$DATA" > "$WORK/generate.out.json"
fi

# --- Yuheng release build --------------------------------------------------------------------------------------------
if [ -n "${YUHENG_BIN:-}" ]; then
    BIN=$YUHENG_BIN
else
    say "swift build -c release --product yuheng --scratch-path .build-bench"
    build() { (cd "$REPO" && swift build -c release --product yuheng --scratch-path .build-bench 2>&1 | tail -n 5) >&2; }
    build || { say "build failed; retrying once"; sleep 5; build; } || die "swift build failed"
    BIN=$REPO/.build-bench/release/yuheng
fi
[ -x "$BIN" ] || die "no yuheng binary at $BIN"
cat "$DATA"/*.mtx "$DATA"/c.csv > /dev/null   # page cache

# --- Yuheng -----------------------------------------------------------------------------------------------------------
LA_YUHENG=$(loadavg)
say "yuheng lca bench-mtx $DATA --iterations $ITERATIONS --seed $MC_SEED (load average $LA_YUHENG)"
"$TIME" -v -o "$WORK/yuheng.time" "$BIN" lca bench-mtx "$DATA" --iterations "$ITERATIONS" --seed "$MC_SEED" \
    ${WORKERS:+--workers "$WORKERS"} --quiet --json > "$WORK/yuheng.json" 2> "$WORK/yuheng_stderr.txt" \
    || { cat "$WORK/yuheng_stderr.txt" >&2; die "yuheng failed"; }

# --- Brightway --------------------------------------------------------------------------------------------------------
LA_BW=$(loadavg)
REUSE=()
[ -d "$DATA/bw_data" ] && REUSE=(--reuse)
say "Brightway (bench_bw.py, solver $SOLVER, Monte Carlo up to $BW_MC_SECONDS s / $BW_MC_MAX iterations; load average $LA_BW)"
"$TIME" -v -o "$WORK/brightway.time" "$PYTHON" "$BW" "$DATA" --solver "$SOLVER" ${REUSE[@]+"${REUSE[@]}"} \
    --mc-seconds "$BW_MC_SECONDS" --mc-max "$BW_MC_MAX" --out "$WORK/brightway.json" > /dev/null 2> "$WORK/brightway_stderr.txt" \
    || { tail -n 20 "$WORK/brightway_stderr.txt" >&2; die "bench_bw.py failed"; }

# --- report -------------------------------------------------------------------------------------------------------------
"$PYTHON" "$HERE/compare.py" --yuheng "$WORK/yuheng.json" --brightway "$WORK/brightway.json" --metadata "$DATA/metadata.json" \
    --yuheng-time "$WORK/yuheng.time" --brightway-time "$WORK/brightway.time" --loadavg "$LA_YUHENG" "$LA_BW" "$(loadavg)" \
    --out "$BENCH_DIR/lca_bench_$name.json"
