#!/usr/bin/env bash
# Rebuilds the bundled datasets of scripts/build_datasets.py into a temporary folder and checks they are
# byte-identical to the committed ones (reproducibility). The MRIO, LCI, natural and CBAM bundles have their
# own rebuild tests in the Swift test suite. Skips with a message when ../shared is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED="${YUHENG_SHARED:-$(cd .. && pwd)/shared}"
if [ ! -d "$SHARED/data" ]; then
  echo "check-datasets: SKIPPED — $SHARED/data not found (set YUHENG_SHARED)"
  exit 0
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp" "$tmp.log"' EXIT
YUHENG_SHARED="$SHARED" YUHENG_BUNDLED_OUT="$tmp" python3 scripts/build_datasets.py >"$tmp.log" 2>&1 || { cat "$tmp.log"; exit 1; }
status=0
for f in "$tmp"/*; do
  name="$(basename "$f")"
  [ "$name" = "README.md" ] && continue
  if ! cmp -s "$f" "Sources/Data/Bundled/$name"; then
    echo "check-datasets: $name differs from the committed Sources/Data/Bundled/$name"
    status=1
  fi
done
if [ $status -eq 0 ]; then
  echo "check-datasets: $(ls "$tmp" | wc -l) bundled files are reproducible from $SHARED/data"
else
  echo "check-datasets: FAILED — run python3 scripts/build_datasets.py and commit the result"
fi
exit $status
