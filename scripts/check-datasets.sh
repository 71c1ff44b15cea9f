#!/usr/bin/env bash
# Rebuilds the bundled datasets into a temporary folder and checks they are byte-identical to
# the committed ones (reproducibility). Skips with a message when ../shared is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED="${YUHENG_SHARED:-$(cd .. && pwd)/shared}"
if [ ! -d "$SHARED/data" ]; then
  echo "check-datasets: SKIPPED — $SHARED/data not found (set YUHENG_SHARED)"
  exit 0
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
YUHENG_SHARED="$SHARED" YUHENG_BUNDLED_OUT="$tmp" python3 scripts/build_datasets.py >"$tmp.log" 2>&1 || { cat "$tmp.log"; exit 1; }
if diff -r -x README.md -x lci -x mrio "$tmp" Sources/Data/Bundled >/dev/null; then
  echo "check-datasets: bundled datasets are reproducible from $SHARED/data"
else
  echo "check-datasets: FAILED — rebuilding gives different files:"; diff -r -x README.md -x lci -x mrio -q "$tmp" Sources/Data/Bundled || true
  exit 1
fi
