#!/usr/bin/env bash
# Builds the DocC documentation of every library product into .build/docs/<Module>/ (static
# archives; open with `docc preview` or any static file server). Symbol graphs come from
# `swift package dump-symbol-graph` (public API only); each module's catalogue is the
# `<Module>.docc` folder in its source folder. Warnings (unresolved links) are printed per module.
set -euo pipefail
cd "$(dirname "$0")/.."
swift package dump-symbol-graph --minimum-access-level public >/dev/null
graphs=.build/$(uname -m)-unknown-linux-gnu/symbolgraph
[ -d "$graphs" ] || graphs=$(find .build -maxdepth 3 -type d -name symbolgraph | head -1)
status=0
mkdir -p .build/docs
for catalog in $(find Sources -name '*.docc' -type d | sort); do
  module=$(basename "$catalog" .docc)
  work=$(mktemp -d)
  cp "$graphs/$module".symbols.json "$graphs/$module"@*.symbols.json "$work/" 2>/dev/null || true
  out=.build/docs/$module
  rm -rf "$out"
  log=$(docc convert "$catalog" --additional-symbol-graph-dir "$work" --output-path "$out" \
        --fallback-display-name "$module" --fallback-bundle-identifier "org.yuheng.$module" 2>&1) || status=1
  warnings=$(printf '%s\n' "$log" | grep -c 'warning:' || true)
  printf '%-22s %s  (%s warnings)\n' "$module" "$out" "$warnings"
  rm -rf "$work"
done
exit $status
