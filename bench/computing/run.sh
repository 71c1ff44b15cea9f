#!/usr/bin/env bash
# `make bench-slurm`: the overhead of Slurm dispatch against local execution — a Monte Carlo of
# ITERATIONS (default 10,000) on the 20k-activity synthetic technosphere (the LCA benchmark's), run
#   1. in this process (no executor: the engine's own worker threads),
#   2. --executor local --tasks TASKS (the local pool, one task after another),
#   3. --executor slurm --tasks TASKS --cpus-per-task CPUS (array jobs on a real Slurm cluster),
# with the same seed; checks that the three results are identical and prints wall times and ratios.
# Not a test.
#
# Parameters (environment): N_ACT N_BIO SEED (default 20000 2000 42), ITERATIONS (10000), TASKS (8), CPUS (1),
#   BENCH_DIR (default /tmp/yuheng-bench), SHARED_DIR (../shared), YUHENG_BIN (skip the release build).
# Slurm: uses the cluster SLURM_CONF points at, else starts one with $SHARED_DIR/cluster/start-slurm.sh (root,
#   Debian) and stops it at the end.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
SHARED_DIR=${SHARED_DIR:-$REPO/../shared}
N_ACT=${N_ACT:-20000}; N_BIO=${N_BIO:-2000}; SEED=${SEED:-42}
ITERATIONS=${ITERATIONS:-10000}; TASKS=${TASKS:-8}; CPUS=${CPUS:-1}
BENCH_DIR=$(realpath -m "${BENCH_DIR:-/tmp/yuheng-bench}")
say() { printf '== %s\n' "$*" >&2; }
die() { printf 'bench-slurm: %s\n' "$*" >&2; exit 1; }

if [ "$N_ACT" = 20000 ] && [ "$N_BIO" = 2000 ]; then name=lca20k; else name="lca${N_ACT}"; [ "$N_BIO" = 100 ] || name+="_b${N_BIO}"; fi
[ "$SEED" = 42 ] || name+="_seed${SEED}"
DATA=$BENCH_DIR/$name
WORK=$BENCH_DIR/results_slurm_$name
mkdir -p "$WORK"
if [ ! -f "$DATA/A.mtx" ]; then
    python3 -c 'import numpy, scipy' 2>/dev/null || python3 -m pip install --quiet numpy scipy
    say "generating $name into $DATA"
    python3 "$SHARED_DIR/bench/lca/gen_matrix.py" --n-act "$N_ACT" --n-bio "$N_BIO" --seed "$SEED" --out "$DATA" > "$WORK/generate.out.json"
fi

if [ -n "${YUHENG_BIN:-}" ]; then BIN=$YUHENG_BIN; else
    say "swift build -c release --product yuheng --scratch-path .build-bench"
    (cd "$REPO" && swift build -c release --product yuheng --scratch-path .build-bench 2>&1 | tail -n 3) >&2 || die "swift build failed"
    BIN=$REPO/.build-bench/release/yuheng
fi

STARTED=""
if ! sinfo -h >/dev/null 2>&1; then
    SDIR=$(mktemp -d /tmp/yuheng-bench-slurm.XXXXXX)
    say "starting a single-node Slurm cluster in $SDIR"
    eval "$(bash "$SHARED_DIR/cluster/start-slurm.sh" "$SDIR" | grep '^export SLURM_CONF=')"
    STARTED=$SDIR
    trap 'bash "$SHARED_DIR/cluster/stop-slurm.sh" "$STARTED" >/dev/null 2>&1 || true' EXIT
fi
common=(lca bench-mtx "$DATA" --iterations "$ITERATIONS" --seed 1 --quiet --json)
cat "$DATA"/*.mtx "$DATA"/c.csv > /dev/null   # page cache

say "1/3 in process ($ITERATIONS iterations, load $(cut -d' ' -f1 /proc/loadavg))"
s=$(date +%s.%N); "$BIN" lca bench-mtx "$DATA" --iterations "$ITERATIONS" --seed 1 --quiet --json > "$WORK/inprocess.json"; e=$(date +%s.%N)
echo "$s $e" > "$WORK/inprocess.wall"
say "2/3 --executor local --tasks $TASKS"
s=$(date +%s.%N); "$BIN" "${common[@]}" --executor local --tasks "$TASKS" > "$WORK/local.json"; e=$(date +%s.%N)
echo "$s $e" > "$WORK/local.wall"
say "3/3 --executor slurm --tasks $TASKS --cpus-per-task $CPUS"
s=$(date +%s.%N); "$BIN" "${common[@]}" --executor slurm --tasks "$TASKS" --cpus-per-task "$CPUS" --shared-dir "$WORK/slurm-jobs" > "$WORK/slurm.json"; e=$(date +%s.%N)
echo "$s $e" > "$WORK/slurm.wall"

python3 - "$WORK" "$ITERATIONS" "$TASKS" "$CPUS" <<'PY'
import json, sys
w, its, tasks, cpus = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
runs = {}
for k in ["inprocess", "local", "slurm"]:
    d = json.load(open(f"{w}/{k}.json"))
    s, e = map(float, open(f"{w}/{k}.wall").read().split())
    runs[k] = (d, e - s)
ref = runs["inprocess"][0]
keys = ["mean", "median", "sd", "p2_5", "p97_5", "iterations"]
print(f"Monte Carlo, {its} iterations, {ref['n_act']} activities; tasks {tasks}, CPUs per Slurm task {cpus}")
print(f"{'run':<34}{'wall s':>9}{'MC s':>9}{'ratio':>8}  identical  mean")
base = runs["inprocess"][1]
for k, label in [("inprocess", "in process (engine threads)"), ("local", f"--executor local --tasks {tasks}"), ("slurm", f"--executor slurm --tasks {tasks}")]:
    d, wall = runs[k]
    same = all(d[x] == ref[x] for x in keys)
    print(f"{label:<34}{wall:9.2f}{d['mc_wall_s']:9.2f}{wall / base:8.2f}  {'yes' if same else 'NO':<9}  {d['mean']:.12g}")
ex = runs["slurm"][0].get("execution") or {}
print(f"Slurm: jobs {ex.get('slurm_job_ids')}, resubmissions {ex.get('resubmissions')}, hosts {ex.get('hosts')}")
json.dump({k: {"wall_s": v[1], "mc_wall_s": v[0]["mc_wall_s"], "mean": v[0]["mean"]} for k, v in runs.items()},
          open(f"{w}/summary.json", "w"), indent=1)
PY
