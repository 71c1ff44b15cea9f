#!/usr/bin/env bash
# The main job at this stage: a short tour of Yuheng on the bundled data.
# Usage: scripts/demo.sh [path/to/yuheng]
set -euo pipefail
cd "$(dirname "$0")/.."
Y="${1:-.build/debug/yuheng}"
step() { printf '\n\033[1m$ yuheng %s\033[0m\n' "$*"; "$Y" "$@"; }

step data list
step factors search "natural gas residential"
step gwp --set AR6
step inventory examples/inventory/ipcc-1.csv --gwp AR5
step inventory examples/inventory/national-demo.csv --gwp AR6
step mrio series --top 8
printf '\nJSON for programs: yuheng inventory FILE --json   ·   help: yuheng --help\n'
