#!/usr/bin/env bash
# `make bench-series`: the whole bundled GHG series 2000–2023 (12 input-output tables, 12 nowcasts) from a cold
# start (a new process each time, release build): `yuheng mrio series` for GHG (one solve per year gives CO2, CH4,
# N2O and GHG at once) and for each gas alone, and one year's panorama (a table year and a nowcast year).
# Not a test. Goal: the series under 10 s wall on 2 cores, one year's panorama under 1 s.
#
# Parameters (environment): BENCH_DIR (default /tmp/yuheng-bench; outside the repository), YUHENG_BIN (skip the release build).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
BENCH_DIR=$(realpath -m "${BENCH_DIR:-/tmp/yuheng-bench}")
case "$BENCH_DIR/" in "$REPO"/*) echo "bench-series: BENCH_DIR is inside the repository" >&2; exit 1 ;; esac
mkdir -p "$BENCH_DIR"
if [ -z "${YUHENG_BIN:-}" ]; then
  (cd "$REPO" && swift build -c release --product yuheng 2>&1 | grep -E "error|Build complete" | tail -3)
  YUHENG_BIN="$REPO/.build/release/yuheng"
fi
DB="$BENCH_DIR/series-bench.sqlite"
rm -f "$DB"
# the first run installs the bundled datasets into the database (not timed)
"$YUHENG_BIN" data list --db "$DB" > /dev/null
timed() {   # label, then the command's arguments: wall seconds and peak memory of one cold process
  local label=$1; shift
  local out="$BENCH_DIR/series-$label.out"
  /usr/bin/time -f "%e %M" -o "$BENCH_DIR/time.txt" "$YUHENG_BIN" "$@" --db "$DB" > "$out"
  read -r wall kb < "$BENCH_DIR/time.txt"
  printf "%-34s %6.2f s wall  %5d MB peak\n" "$label" "$wall" $((kb / 1024))
}
echo "bench-series ($(nproc) cores, $(uname -m)); each line one cold process"
timed "mrio series 2000-2023, ghg" mrio series --json
for g in co2 ch4 n2o; do timed "mrio series 2000-2023, $g" mrio series --gas "$g" --json; done
timed "panorama --year 2011 (table)" panorama --year 2011 --json
timed "panorama --year 2022 (nowcast)" panorama --year 2022 --json
timed "mrio sda --from 2000 --to 2023" mrio sda --from 2000 --to 2023 --json
python3 - "$BENCH_DIR/series-mrio series 2000-2023, ghg.out" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
ys = s["years"]
print(f"{len(ys)} years ({sum(y['estimate'] == 'table' for y in ys)} tables, {sum(y['estimate'] == 'nowcast' for y in ys)} nowcasts), "
      f"world GHG {ys[0]['world_production_mt']:,.0f} Mt CO2e in {ys[0]['year']}, {ys[-1]['world_production_mt']:,.0f} in {ys[-1]['year']}")
PY
