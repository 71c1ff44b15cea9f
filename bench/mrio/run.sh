#!/usr/bin/env bash
# `make bench-mrio`: Yuheng's `mrio accounts` against pymrio's calc_all on the same synthetic EE-MRIO, in one run.
#
# Parameters (environment): REGIONS SECTORS STRESSORS SEED (default 49 200 10 42: EXIOBASE scale, n = 9,800),
#   BENCH_DIR  where data and results go (default /tmp/yuheng-bench; must be outside the repository),
#   SHARED_DIR the shared/ folder holding bench/mrio/gen_synthetic.py (default ../shared next to the repository),
#   PYTHON     (default python3), YUHENG_BIN (skip the build and use this binary), PROBE_READ=0 (skip the read-only
#   run of Yuheng), KEEP_OPENBLAS_ENV=1 (keep OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE for pymrio too),
#   YUHENG_EXTRA_CORETYPE=SkylakeX (diagnostic: one more Yuheng run with that OpenBLAS kernel, reported apart).
#   SOLVERS    Yuheng's solvers to run, each reported (default "lu iterative").
# Steps: Python deps (numpy pandas pymrio==0.7.0) if missing; GNU time if missing; the synthetic system (both copies,
#   no --verify) into $BENCH_DIR/synth_<R>x<S> unless it is already there; `swift build -c release` into
#   .build-bench; both tools under `/usr/bin/time -v`; compare.py on the four D_*_reg; report.py prints the table and
#   writes $BENCH_DIR/mrio_bench.json (other parameters: mrio_bench_<name>.json). Raw files: $BENCH_DIR/results_<name>/.
# Exit status: 0 when both tools ran and the results agree to 1e-9 (speed and memory goals are reported, not enforced).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
SHARED_DIR=${SHARED_DIR:-$REPO/../shared}
GEN=$SHARED_DIR/bench/mrio/gen_synthetic.py   # the numbers (imported by gen_fast.py)
GEN_FAST=$HERE/gen_fast.py                      # writes gen_synthetic.py's files byte for byte, ~11 s instead of ~17 min at n = 9,800
REGIONS=${REGIONS:-49}; SECTORS=${SECTORS:-200}; STRESSORS=${STRESSORS:-10}; SEED=${SEED:-42}
BENCH_DIR=$(realpath -m "${BENCH_DIR:-/tmp/yuheng-bench}")
PYTHON=${PYTHON:-python3}
PROBE_READ=${PROBE_READ:-1}
TIME=/usr/bin/time

say() { printf '== %s\n' "$*" >&2; }
die() { printf 'bench-mrio: %s\n' "$*" >&2; exit 1; }

case "$BENCH_DIR/" in "$REPO"/*) die "BENCH_DIR ($BENCH_DIR) is inside the repository; generated data must stay outside it" ;; esac
[ -f "$GEN" ] || die "generator not found: $GEN (set SHARED_DIR to the shared/ folder)"

name="synth_${REGIONS}x${SECTORS}"
[ "$STRESSORS" = 10 ] || name+="_k${STRESSORS}"
[ "$SEED" = 42 ] || name+="_seed${SEED}"
DATA=$BENCH_DIR/$name
WORK=$BENCH_DIR/results_$name
if [ "$name" = synth_49x200 ]; then OUT_JSON=$BENCH_DIR/mrio_bench.json; else OUT_JSON=$BENCH_DIR/mrio_bench_$name.json; fi
mkdir -p "$BENCH_DIR" "$WORK"
rm -f "$WORK"/*.time "$WORK"/*.json "$WORK"/*.txt
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
LA_START=$(loadavg)

# --- dependencies -------------------------------------------------------------------------------------------
if ! "$PYTHON" -c 'import sys, numpy, pandas, pymrio; sys.exit(pymrio.__version__ != "0.7.0")' 2>/dev/null; then
    say "installing numpy pandas pymrio==0.7.0"
    "$PYTHON" -m pip install --quiet numpy pandas pymrio==0.7.0
fi
# threadpoolctl only names the BLAS kernel numpy runs; the benchmark works without it.
"$PYTHON" -c 'import threadpoolctl' 2>/dev/null || "$PYTHON" -m pip install --quiet threadpoolctl || say "threadpoolctl not installed (BLAS kernel not reported)"
if [ ! -x "$TIME" ]; then
    say "installing GNU time (Debian package 'time')"
    if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq time >/dev/null
    else sudo apt-get update -qq && sudo apt-get install -y -qq time >/dev/null; fi
fi

# --- synthetic system -------------------------------------------------------------------------------------------
have_data() {
    [ -f "$DATA/pymrio_txt/file_parameters.json" ] && [ -f "$DATA/csv/metadata.json" ] || return 1
    # metadata.json is the generator's last file: present and with the same arguments means a complete system.
    "$PYTHON" - "$DATA/csv/metadata.json" "$SEED" "$REGIONS" "$SECTORS" "$STRESSORS" <<'EOF'
import json, sys
a = json.load(open(sys.argv[1]))["args"]
want = dict(seed=int(sys.argv[2]), regions=int(sys.argv[3]), sectors=int(sys.argv[4]), stressors=int(sys.argv[5]))
sys.exit(0 if all(a.get(k) == v for k, v in want.items()) and not a.get("no_txt") and not a.get("no_csv") else 1)
EOF
}
if have_data; then
    say "using the synthetic system in $DATA"
else
    say "generating $name (seed $SEED, $REGIONS regions x $SECTORS sectors, $STRESSORS stressors) into $DATA"
    rm -rf "$DATA.partial" "$DATA"
    SHARED_DIR=$SHARED_DIR "$TIME" -v -o "$WORK/generate.time" "$PYTHON" "$GEN_FAST" --seed "$SEED" --regions "$REGIONS" --sectors "$SECTORS" \
        --stressors "$STRESSORS" --out "$DATA.partial" > "$WORK/generate.out.json"
    mv "$DATA.partial" "$DATA"
    cp "$WORK/generate.out.json" "$DATA/generate.out.json"
fi

# --- Yuheng release build ------------------------------------------------------------------------------------
if [ -n "${YUHENG_BIN:-}" ]; then
    BIN=$YUHENG_BIN
else
    say "swift build -c release --product yuheng --scratch-path .build-bench"
    # Others may be editing Sources/ meanwhile ("modified during the build"): try a second time before giving up.
    build() { (cd "$REPO" && swift build -c release --product yuheng --scratch-path .build-bench 2>&1 | tail -n 5) >&2; }
    build || { say "build failed; retrying once"; sleep 5; build; } || die "swift build failed"
    BIN=$REPO/.build-bench/release/yuheng
fi
[ -x "$BIN" ] || die "no yuheng binary at $BIN"

# Both copies into the page cache, so that neither tool pays for the disk.
cat "$DATA"/csv/* "$DATA"/pymrio_txt/*.txt "$DATA"/pymrio_txt/*/* > /dev/null

# --- Yuheng: each solver (SOLVERS, default "lu iterative": dense LU and the block-Jacobi iteration) --------------------
SOLVERS=${SOLVERS:-lu iterative}
LA_YUHENG=$(loadavg)
for s in $SOLVERS; do
    say "yuheng mrio accounts --mrio $DATA/csv --solver $s (load average $(loadavg))"
    if ! "$TIME" -v -o "$WORK/yuheng_$s.time" "$BIN" mrio accounts --mrio "$DATA/csv" --format csv --extension "${EXTENSION:-stressors}" \
            --solver "$s" --json > "$WORK/yuheng_$s.json" 2> "$WORK/yuheng_${s}_stderr.txt"; then
        cat "$WORK/yuheng_${s}_stderr.txt" >&2; die "yuheng --solver $s failed"
    fi
done

# Read-only probe: the same CSV folder with one gross output made negative, so Yuheng stops with an error right after
# parsing Z.csv, Y.csv and x.csv (before F, I - A and the LU). Its time and RSS are the cost of reading the table.
if [ "$PROBE_READ" = 1 ]; then
    P=$WORK/read_probe_csv
    rm -rf "$P"; mkdir -p "$P"
    # Hard links (or copies): the reader refuses symbolic links that leave the table's folder.
    for f in Z.csv Y.csv F.csv F_Y.csv metadata.json; do
        [ -e "$DATA/csv/$f" ] && { ln "$DATA/csv/$f" "$P/$f" 2>/dev/null || cp "$DATA/csv/$f" "$P/$f"; }
    done
    awk -F, -v OFS=, 'NR == 2 { $NF = "-" $NF } { print }' "$DATA/csv/x.csv" > "$P/x.csv"
    say "yuheng read-only probe"
    "$TIME" -v -o "$WORK/read_probe.time" "$BIN" mrio accounts --mrio "$P" --format csv --json > /dev/null 2> "$WORK/read_probe_stderr.txt" || true
    if ! grep -qi "negative" "$WORK/read_probe_stderr.txt"; then
        say "read probe did not stop where expected (see $WORK/read_probe_stderr.txt); ignoring it"
        mv "$WORK/read_probe.time" "$WORK/read_probe.time.ignored"
    fi
    rm -rf "$P"
fi

# Optional diagnostic (not used for ratios or goals): Yuheng once more with another OpenBLAS kernel, e.g.
# YUHENG_EXTRA_CORETYPE=SkylakeX, to show how much of its time is the BLAS kernel that Debian's OpenBLAS picks.
if [ -n "${YUHENG_EXTRA_CORETYPE:-}" ]; then
    say "yuheng again with OPENBLAS_CORETYPE=$YUHENG_EXTRA_CORETYPE (diagnostic)"
    OPENBLAS_CORETYPE=$YUHENG_EXTRA_CORETYPE "$TIME" -v -o "$WORK/yuheng_coretype.time" "$BIN" mrio accounts --mrio "$DATA/csv" --format csv \
        --extension "${EXTENSION:-stressors}" --json > "$WORK/yuheng_coretype.json" 2> "$WORK/yuheng_coretype_stderr.txt" \
        || { say "diagnostic run failed (see $WORK/yuheng_coretype_stderr.txt)"; rm -f "$WORK/yuheng_coretype.time"; }
fi

# --- pymrio ---------------------------------------------------------------------------------------------------------
# OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE (set on some machines for the old Debian OpenBLAS Yuheng links) slow a current
# numpy wheel: unset both for the pymrio command alone; the kernel it then runs is reported (threadpoolctl).
ENV_UNSET=(-u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE)
[ "${KEEP_OPENBLAS_ENV:-0}" = 1 ] && ENV_UNSET=()
LA_PYMRIO=$(loadavg)
say "pymrio load_all + calc_all on $DATA/pymrio_txt (load average $LA_PYMRIO)"
if ! env ${ENV_UNSET[@]+"${ENV_UNSET[@]}"} "$TIME" -v -o "$WORK/pymrio.time" "$PYTHON" "$HERE/run_pymrio.py" "$DATA/pymrio_txt" \
        --accounts "$WORK/pymrio_accounts.json" --timings "$WORK/pymrio_timings.json" > /dev/null 2> "$WORK/pymrio_stderr.txt"; then
    cat "$WORK/pymrio_stderr.txt" >&2; die "pymrio failed"
fi
LA_END=$(loadavg)

# --- compare and report -------------------------------------------------------------------------------------------
for s in $SOLVERS; do
    "$PYTHON" "$HERE/compare.py" "$WORK/yuheng_$s.json" "$WORK/pymrio_accounts.json" --tol 1e-9 --out "$WORK/compare_$s.json" > /dev/null
done
# The solvers against each other (LU as the reference): the iteration must stay within 1e-12 of LU.
[ -f "$WORK/yuheng_lu.json" ] && [ -f "$WORK/yuheng_iterative.json" ] && "$PYTHON" "$HERE/compare.py" "$WORK/yuheng_iterative.json" \
    "$WORK/yuheng_lu.json" --tol 1e-12 --out "$WORK/compare_iterative_vs_lu.json" > /dev/null
[ -f "$WORK/yuheng_coretype.time" ] && "$PYTHON" "$HERE/compare.py" "$WORK/yuheng_coretype.json" "$WORK/pymrio_accounts.json" \
    --tol 1e-9 --out "$WORK/compare_coretype.json" > /dev/null

YUHENG_OPENBLAS=$(ldd "$BIN" | awk '/libopenblas/ { print $3; exit }')
export YUHENG_EXTRA_CORETYPE=${YUHENG_EXTRA_CORETYPE:-} YUHENG_BIN=${YUHENG_BIN:-}
export LA_START LA_YUHENG LA_PYMRIO LA_END REGIONS SECTORS STRESSORS SEED DATA WORK BIN YUHENG_OPENBLAS REPO OUT_JSON SOLVERS
"$PYTHON" - > "$WORK/context.json" <<'EOF'
import ctypes, datetime, json, os, platform, subprocess
e = os.environ
def run(*cmd, cwd=None):
    try: return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=60).stdout.strip()
    except Exception as ex: return f"unavailable ({ex})"
kernel = None
if e.get("YUHENG_OPENBLAS"):
    try:
        lib = ctypes.CDLL(e["YUHENG_OPENBLAS"])
        lib.openblas_get_corename.restype = ctypes.c_char_p; lib.openblas_get_config.restype = ctypes.c_char_p
        kernel = {"library": e["YUHENG_OPENBLAS"], "corename": lib.openblas_get_corename().decode(),
                  "config": lib.openblas_get_config().decode(), "num_threads": lib.openblas_get_num_threads()}
    except Exception as ex:
        kernel = f"unavailable ({ex})"
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), None)
gen = os.path.join(e["DATA"], "generate.out.json")
print(json.dumps({
    "parameters": {k: int(e[k]) for k in ("REGIONS", "SECTORS", "STRESSORS", "SEED")} | {"n": int(e["REGIONS"]) * int(e["SECTORS"])},
    "data": e["DATA"], "results_dir": e["WORK"], "json": e["OUT_JSON"],
    "loadavg": {"start": e["LA_START"], "before_yuheng": e["LA_YUHENG"], "before_pymrio": e["LA_PYMRIO"], "end": e["LA_END"]},
    "machine": {"nproc": os.cpu_count(), "cpu": cpu, "kernel": platform.release(), "mem_total_kb": int(open("/proc/meminfo").readline().split()[1])},
    "yuheng_extra_coretype": e.get("YUHENG_EXTRA_CORETYPE") or None,
    "openblas_env": {k: e.get(k) for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")},
    "yuheng": {"binary": e["BIN"], "built_by_this_run": not e.get("YUHENG_BIN"),
               "binary_mtime": datetime.datetime.fromtimestamp(os.path.getmtime(e["BIN"]), datetime.timezone.utc).isoformat(timespec="seconds"),
               "note": "git_commit/git_dirty_files describe the work tree at run time; with YUHENG_BIN the binary may be older",
               "openblas": kernel, "swift": run("swift", "--version").splitlines()[:1],
               "git_commit": run("git", "rev-parse", "HEAD", cwd=e["REPO"]),
               "git_dirty_files": len(run("git", "status", "--porcelain", cwd=e["REPO"]).splitlines())},
    "generation": json.load(open(gen)) if os.path.isfile(gen) else "generated earlier (no generate.out.json)",
}, indent=1))
EOF
say "results in $WORK"
echo
"$PYTHON" "$HERE/report.py" --work "$WORK" --out "$OUT_JSON" --context "$WORK/context.json" --solvers "$SOLVERS"
echo "written: $OUT_JSON"
for s in $SOLVERS; do
    "$PYTHON" -c 'import json, sys; sys.exit(0 if json.load(open(sys.argv[1]))["pass"] else 1)' "$WORK/compare_$s.json" \
        || die "Yuheng (--solver $s) and pymrio differ by more than 1e-9 relative (see $WORK/compare_$s.json)"
done
