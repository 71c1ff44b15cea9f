#!/usr/bin/env bash
# `make bench-mrio-series`: 28 synthetic tables (gen_synthetic.py, seeds SEED0 … SEED0+27) through `yuheng mrio series`
# (each solver of SOLVERS, one process for all tables; consecutive tables start the iteration from the previous
# table's solution) and through a pymrio loop (load_all + calc_all per table, one process) on the same files.
#
# Parameters (environment): TABLES (28), REGIONS SECTORS STRESSORS (49 200 10: n = 9,800), SEED0 (1),
#   BENCH_DIR (/tmp/yuheng-bench), SHARED_DIR, PYTHON, YUHENG_BIN (skip the build), SOLVERS ("lu iterative").
# Data: $BENCH_DIR/series_<R>x<S>/seed<k>/{csv,pymrio_txt} (generated once; ~480 MB per table at full scale), written
#   by gen_fast.py (next to this script): it imports `build` and the options from $SHARED_DIR/bench/mrio/gen_synthetic.py
#   and writes byte-identical files to gen_synthetic.py's (except the timestamp in pymrio_txt/metadata.json), in
#   seconds instead of ~17 minutes per table at n = 9,800 (pandas to_csv of Z and Y).
# Output: a table on stdout and $BENCH_DIR/mrio_series_bench_<R>x<S>.json (wall, CPU, peak RSS per tool, iterations
# per table, max relative difference of D_cba_reg and D_pba_reg of the series' stressor against pymrio).
# Exit status: 0 when every run succeeded and the results agree to 1e-9.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
SHARED_DIR=${SHARED_DIR:-$REPO/../shared}
GEN=$SHARED_DIR/bench/mrio/gen_synthetic.py   # the numbers (imported by gen_fast.py)
GEN_FAST=$HERE/gen_fast.py                      # the writer
TABLES=${TABLES:-28}; REGIONS=${REGIONS:-49}; SECTORS=${SECTORS:-200}; STRESSORS=${STRESSORS:-10}; SEED0=${SEED0:-1}
BENCH_DIR=$(realpath -m "${BENCH_DIR:-/tmp/yuheng-bench}")
PYTHON=${PYTHON:-python3}
SOLVERS=${SOLVERS:-lu iterative}
TIME=/usr/bin/time
say() { printf '== %s\n' "$*" >&2; }
die() { printf 'bench-mrio-series: %s\n' "$*" >&2; exit 1; }
case "$BENCH_DIR/" in "$REPO"/*) die "BENCH_DIR ($BENCH_DIR) is inside the repository" ;; esac
[ -f "$GEN" ] || die "generator not found: $GEN (set SHARED_DIR)"
[ -f "$GEN_FAST" ] || die "gen_fast.py not found: $GEN_FAST"
[ -x "$TIME" ] || die "GNU time is missing (apt-get install time)"
"$PYTHON" -c 'import numpy, pandas, pymrio' 2>/dev/null || die "needs numpy pandas pymrio==0.7.0 (make bench-mrio installs them)"

DATA=$BENCH_DIR/series_${REGIONS}x${SECTORS}
WORK=$BENCH_DIR/results_series_${REGIONS}x${SECTORS}
mkdir -p "$DATA" "$WORK"
rm -f "$WORK"/*.time "$WORK"/*.json "$WORK"/*.txt "$WORK"/bench.sqlite*
tables=()
for ((k = 0; k < TABLES; k++)); do
    seed=$((SEED0 + k)); d=$DATA/seed$seed
    if [ ! -f "$d/csv/metadata.json" ] || [ ! -f "$d/pymrio_txt/file_parameters.json" ]; then
        say "generating table $((k + 1))/$TABLES (seed $seed) into $d"
        rm -rf "$d" "$d.partial"
        SHARED_DIR=$SHARED_DIR "$PYTHON" "$GEN_FAST" --seed "$seed" --regions "$REGIONS" --sectors "$SECTORS" --stressors "$STRESSORS" \
            --out "$d.partial" > /dev/null
        mv "$d.partial" "$d"
    fi
    tables+=("$d")
done

if [ -n "${YUHENG_BIN:-}" ]; then BIN=$YUHENG_BIN; else
    say "swift build -c release --product yuheng --scratch-path .build-bench"
    (cd "$REPO" && swift build -c release --product yuheng --scratch-path .build-bench 2>&1 | tail -n 3) >&2 || die "swift build failed"
    BIN=$REPO/.build-bench/release/yuheng
fi

args=()
for ((k = 0; k < TABLES; k++)); do args+=(--table "$((1995 + k))=${tables[$k]}/csv"); done
# The database is created from the bundled datasets on first use: once here, not inside the first timed run.
"$BIN" data list --db "$WORK/bench.sqlite" > /dev/null
LA_START=$(cut -d' ' -f1-3 /proc/loadavg)
for s in $SOLVERS; do
    say "yuheng mrio series, $TABLES tables, --solver $s (load average $(cut -d' ' -f1-3 /proc/loadavg))"
    "$TIME" -v -o "$WORK/yuheng_$s.time" "$BIN" mrio series "${args[@]}" --format csv --extension stressors --solver "$s" --json \
        --db "$WORK/bench.sqlite" > "$WORK/yuheng_$s.json" 2> "$WORK/yuheng_${s}_stderr.txt" || { cat "$WORK/yuheng_${s}_stderr.txt" >&2; die "yuheng failed"; }
done
say "pymrio loop: load_all + calc_all on $TABLES tables (load average $(cut -d' ' -f1-3 /proc/loadavg))"
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$TIME" -v -o "$WORK/pymrio.time" "$PYTHON" "$HERE/series_pymrio.py" --out "$WORK/pymrio.json" \
    "${tables[@]/%//pymrio_txt}" 2> "$WORK/pymrio_stderr.txt" || { cat "$WORK/pymrio_stderr.txt" >&2; die "pymrio failed"; }
LA_END=$(cut -d' ' -f1-3 /proc/loadavg)
"$PYTHON" "$HERE/series_report.py" --work "$WORK" --solvers "$SOLVERS" --loadavg "$LA_START; $LA_END" \
    --out "$BENCH_DIR/mrio_series_bench_${REGIONS}x${SECTORS}.json"
