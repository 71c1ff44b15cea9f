#!/usr/bin/env bash
# `make bench-server`: HTTP load on the release server with wrk (Debian package) — the panoramic table
# and factor search at CONNECTIONS (default 50) concurrent connections for DURATION (15 s) each, on
# loopback. Factor search rotates over 24 queries (a Lua script), so the cache of encoded results
# sees both first and repeated queries, as a search box does. Goal: p99 under 50 ms. Not a test.
# Parameters: CONNECTIONS, DURATION, THREADS (2), PORT (18080), BENCH_DIR (/tmp/yuheng-bench), YUHENG_BIN.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
CONNECTIONS=${CONNECTIONS:-50}; DURATION=${DURATION:-15}; THREADS=${THREADS:-2}; PORT=${PORT:-18080}
BENCH_DIR=$(realpath -m "${BENCH_DIR:-/tmp/yuheng-bench}")
WORK=$BENCH_DIR/results_server
mkdir -p "$WORK"
say() { printf '== %s\n' "$*" >&2; }
if ! command -v wrk >/dev/null; then
    say "installing wrk"
    if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq wrk >/dev/null; else sudo apt-get update -qq && sudo apt-get install -y -qq wrk >/dev/null; fi
fi
if [ -n "${YUHENG_BIN:-}" ]; then BIN=$YUHENG_BIN; else
    say "swift build -c release --product yuheng --scratch-path .build-bench"
    (cd "$REPO" && swift build -c release --product yuheng --scratch-path .build-bench 2>&1 | tail -n 3) >&2
    BIN=$REPO/.build-bench/release/yuheng
fi
DB=$WORK/yuheng.sqlite
"$BIN" data list --db "$DB" > /dev/null
"$BIN" serve --db "$DB" --port "$PORT" > "$WORK/serve.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/api/datasets" > /dev/null && break; sleep 0.2; done
curl -sf "http://127.0.0.1:$PORT/api/panorama" > /dev/null   # solve once (cached afterwards)
cat > "$WORK/factors.lua" <<'LUA'
local queries = {"natural gas", "natural gas residential", "coal", "diesel", "gasoline", "jet", "lignite", "cement", "methane",
  "nitrous", "residual fuel oil", "lpg", "wood", "peat", "coke", "naphtha", "ethane", "biogas", "charcoal", "kerosene",
  "anthracite", "crude oil", "refinery gas", "enteric cattle"}
local i = 0
request = function()
  i = i + 1
  local q = queries[(i % #queries) + 1]
  return wrk.format("GET", "/api/factors?q=" .. q:gsub(" ", "%%20"))
end
LUA
say "load $(cut -d' ' -f1-3 /proc/loadavg); wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "http://127.0.0.1:$PORT/api/panorama" > "$WORK/panorama.txt"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$WORK/factors.lua" "http://127.0.0.1:$PORT" > "$WORK/factors.txt"
for name in panorama factors; do
    f=$WORK/$name.txt
    p50=$(awk '$1=="50%"{print $2}' "$f"); p99=$(awk '$1=="99%"{print $2}' "$f"); rps=$(awk '/Requests\/sec/{print $2}' "$f")
    non2xx=$(awk '/Non-2xx/{print $4}' "$f"); errors=$(awk '/Socket errors/{print}' "$f")
    printf '%-9s p50 %-9s p99 %-9s %s req/s%s%s\n' "$name" "$p50" "$p99" "$rps" "${non2xx:+, non-2xx $non2xx}" "${errors:+, $errors}"
done
