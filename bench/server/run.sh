#!/usr/bin/env bash
# `make bench-server`: HTTP load on the release server with wrk (Debian package) at CONNECTIONS (default 50)
# concurrent connections for DURATION (15 s) each, on loopback, for four endpoints:
#   panorama     GET  /api/panorama               the panoramic table (encoded once)
#   factors      GET  /api/factors?q=…            factor search rotating over 24 queries (a Lua script), so the cache
#                                                 of encoded results sees both first and repeated queries
#   country      GET  /api/panorama/CHN           a country page (partners, supply-chain paths; cached per region/top/year)
#   calculate    POST /api/lca/calculate          footprints of 4 US LCI processes at varying amounts (a Lua script):
#                                                 a stored process's unit result is cached and scaled to the amount
# Each endpoint is requested once before it is measured (the first request solves the MRIO table or factorises
# the technosphere; that is not what the load measures). Goal: p99 under 50 ms. Not a test.
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
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 100); do curl -sf "$BASE/api/datasets" > /dev/null && break; sleep 0.2; done

PROCESSES=("66280f03-b26f-35c4-bda2-3d4a8652943a" "Electricity, at Grid, US, 2010" "9b3ead68")
say "warming up: the panorama, China's page, the technosphere and each process's unit result"
curl -sf "$BASE/api/panorama" > /dev/null
curl -sf "$BASE/api/panorama/CHN" > /dev/null
for p in "${PROCESSES[@]}"; do
    curl -sf -H 'Content-Type: application/json' -d "{\"process\": \"$p\"}" "$BASE/api/lca/calculate" > /dev/null
done

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
cat > "$WORK/calculate.lua" <<'LUA'
local processes = {"66280f03-b26f-35c4-bda2-3d4a8652943a", "Electricity, at Grid, US, 2010", "9b3ead68"}
local amounts = {1, 3.6, 1000, 0.25, 42, 7.5, 2, 100}
local i = 0
request = function()
  i = i + 1
  local body = string.format('{"process": "%s", "amount": %s}', processes[(i % #processes) + 1], amounts[(i % #amounts) + 1])
  return wrk.format("POST", "/api/lca/calculate", {["Content-Type"] = "application/json"}, body)
end
LUA
say "load $(cut -d' ' -f1-3 /proc/loadavg); wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "$BASE/api/panorama" > "$WORK/panorama.txt"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$WORK/factors.lua" "$BASE" > "$WORK/factors.txt"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "$BASE/api/panorama/CHN" > "$WORK/country.txt"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$WORK/calculate.lua" "$BASE" > "$WORK/calculate.txt"
say "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-10s %-28s %-9s %-9s %s\n' endpoint "" p50 p99 req/s
for name in panorama factors country calculate; do
    case $name in
        panorama) what="GET /api/panorama" ;; factors) what="GET /api/factors?q=..." ;;
        country) what="GET /api/panorama/CHN" ;; calculate) what="POST /api/lca/calculate" ;;
    esac
    f=$WORK/$name.txt
    p50=$(awk '$1=="50%"{print $2}' "$f"); p99=$(awk '$1=="99%"{print $2}' "$f"); rps=$(awk '/Requests\/sec/{print $2}' "$f")
    non2xx=$(awk '/Non-2xx/{print $4}' "$f"); errors=$(awk '/Socket errors/{print}' "$f")
    printf '%-10s %-28s %-9s %-9s %s%s%s\n' "$name" "$what" "$p50" "$p99" "$rps" "${non2xx:+, non-2xx $non2xx}" "${errors:+, $errors}"
done
