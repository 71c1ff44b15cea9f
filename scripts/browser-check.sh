#!/usr/bin/env bash
# Renders the web interface in headless Chromium for a look by eye: starts `yuheng serve` on a free
# port with a temporary database, saves screenshots of the map and a country page, counts the
# countries drawn on the map, and stops the server. (The automated checks are in Tests/ServerTests.)
# Usage: scripts/browser-check.sh [path/to/yuheng] [ISO3] [output folder]
set -euo pipefail
cd "$(dirname "$0")/.."
Y="${1:-.build/debug/yuheng}"
ISO="${2:-USA}"
OUT="${3:-/tmp/yuheng-screenshots}"
CHROMIUM="${YUHENG_CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}"
[ -n "$CHROMIUM" ] || { echo "chromium is not installed (Debian: apt-get install chromium)" >&2; exit 1; }
[ -x "$Y" ] || { echo "no yuheng binary at $Y (run swift build)" >&2; exit 1; }

work="$(mktemp -d)"
mkdir -p "$OUT"
"$Y" serve --host 127.0.0.1 --port 0 --db "$work/yuheng.sqlite" > "$work/serve.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT

port=""
for _ in $(seq 1 300); do
  port="$(sed -n 's|.*serving on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$work/serve.log" | head -1)"
  [ -n "$port" ] && break
  kill -0 "$server" 2>/dev/null || { cat "$work/serve.log" >&2; exit 1; }
  sleep 0.1
done
[ -n "$port" ] || { echo "the server did not start" >&2; exit 1; }
base="http://127.0.0.1:$port"
echo "server: $base"

chrome() { "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run --hide-scrollbars \
             --user-data-dir="$work/profile" "$@" 2>/dev/null; }

countries="$(chrome --dump-dom "$base/" | grep -o '<path class="country" data-iso3="[A-Z]*"' | wc -l)"
echo "map: $countries countries with data"
chrome --screenshot="$OUT/map.png" --window-size=1200,1000 "$base/" >/dev/null
chrome --screenshot="$OUT/country-$ISO.png" --window-size=1200,1000 "$base/country/$ISO" >/dev/null
ls -l "$OUT/map.png" "$OUT/country-$ISO.png"
