#!/usr/bin/env bash
# Rebuilds the bundled datasets of scripts/build_datasets.py and the bundled MRIO stores of
# scripts/build_mrio_bundle.py (the WIOD GHG series 2000-2011; about 1.5 min) and the nowcast inputs of
# scripts/build_nowcast_bundle.py into
# temporary folders and checks they are byte-identical to the committed ones (reproducibility); then reads
# every wiodYYYY-ghg store back with scripts/read_bundle.py (numpy) and checks it against the source CSVs.
# The LCI, natural and CBAM bundles have their own rebuild tests in the Swift test suite. Skips with a
# message when ../shared is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED="${YUHENG_SHARED:-$(cd .. && pwd)/shared}"
if [ ! -d "$SHARED/data" ]; then
  echo "check-datasets: SKIPPED — $SHARED/data not found (set YUHENG_SHARED)"
  exit 0
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp" "$tmp.log" "$tmp.mrio" "$tmp.mrio.log" "$tmp.nowcast" "$tmp.nowcast.log"' EXIT
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

# The nowcast inputs (scripts/build_nowcast_bundle.py): every file under Sources/Data/Bundled/nowcast.
mkdir -p "$tmp.nowcast"
YUHENG_SHARED="$SHARED" YUHENG_NOWCAST_OUT="$tmp.nowcast" python3 scripts/build_nowcast_bundle.py >"$tmp.nowcast.log" 2>&1 \
  || { cat "$tmp.nowcast.log"; echo "check-datasets: FAILED — scripts/build_nowcast_bundle.py stopped"; exit 1; }
if diff -r "$tmp.nowcast" Sources/Data/Bundled/nowcast >/dev/null; then
  echo "check-datasets: $(ls "$tmp.nowcast" | wc -l) bundled nowcast-input files are reproducible from $SHARED/data"
else
  diff -rq "$tmp.nowcast" Sources/Data/Bundled/nowcast || true
  echo "check-datasets: FAILED — run python3 scripts/build_nowcast_bundle.py and commit the result"
  status=1
fi

# The MRIO stores: every file under Sources/Data/Bundled/mrio, and no file more or less.
mkdir -p "$tmp.mrio"
YUHENG_SHARED="$SHARED" YUHENG_MRIO_OUT="$tmp.mrio" python3 scripts/build_mrio_bundle.py >"$tmp.mrio.log" 2>&1 \
  || { cat "$tmp.mrio.log"; echo "check-datasets: FAILED — scripts/build_mrio_bundle.py stopped"; exit 1; }
mrio_status=0
built="$(cd "$tmp.mrio" && find . -type f | sort)"
committed="$(cd Sources/Data/Bundled/mrio && find . -type f | sort)"
if [ "$built" != "$committed" ]; then
  echo "check-datasets: the MRIO bundle's file list differs from Sources/Data/Bundled/mrio:"
  diff <(echo "$committed") <(echo "$built") || true
  mrio_status=1
fi
for rel in $built; do
  if [ -f "Sources/Data/Bundled/mrio/$rel" ] && ! cmp -s "$tmp.mrio/$rel" "Sources/Data/Bundled/mrio/$rel"; then
    echo "check-datasets: mrio/${rel#./} differs from the committed file"
    mrio_status=1
  fi
done
if [ $mrio_status -eq 0 ]; then
  echo "check-datasets: $(echo "$built" | wc -l) bundled MRIO files are reproducible from $SHARED/data"
else
  echo "check-datasets: FAILED — run python3 scripts/build_mrio_bundle.py and commit the result"
  status=1
fi
if python3 -c "import numpy" 2>/dev/null; then
  YUHENG_SHARED="$SHARED" python3 scripts/read_bundle.py --all >"$tmp.mrio.log" 2>&1 \
    && tail -1 "$tmp.mrio.log" \
    || { cat "$tmp.mrio.log"; status=1; }
else
  echo "check-datasets: scripts/read_bundle.py skipped (numpy is not installed)"
fi
exit $status
