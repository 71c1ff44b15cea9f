#!/usr/bin/env bash
# Runs `swift test` with the given arguments and fails when the run does not truly pass:
#   - swift test's own exit status (a failed test or issue, a crash);
#   - a test that was cancelled (Swift Testing counts a cancelled test apart from a failed one,
#     and a run with a cancelled test could still end with "N tests passed");
#   - a missing summary: the XCTest summary ("Executed N tests") and the Swift Testing summary
#     ("Test run with N tests ... passed/failed") must both be printed, or the run did not finish.
# The summary lines are printed again at the end so that they are easy to find in CI output.
# Used by `make test` and `make test-fast`.
set -uo pipefail
log=$(mktemp "${TMPDIR:-/tmp}/yuheng-test.XXXXXX")
trap 'rm -f "$log"' EXIT
"${SWIFT:-swift}" test "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

echo
echo "──── test summary ────"
xctest=$(grep -E "^[[:space:]]*Executed [0-9]+ tests?, with" "$log" | tail -n 1)
testing=$(grep -E "Test run with [0-9]+ tests?" "$log" | tail -n 1)
cancelled=$(grep -E "(was|were) cancelled|Test run .*cancelled" "$log" || true)
echo "XCTest:        ${xctest:-(no summary line)}"
echo "Swift Testing: ${testing:-(no summary line)}"
fail=0
if [ "$status" -ne 0 ]; then echo "FAILED: swift test exited with status $status"; fail=1; fi
if [ -n "$cancelled" ]; then
  echo "FAILED: cancelled tests (a cancelled test did not pass):"
  printf '%s\n' "$cancelled" | sed 's/^/  /'
  fail=1
fi
if [ -z "$xctest" ] || [ -z "$testing" ]; then echo "FAILED: the run did not print both summaries (it did not finish)"; fail=1; fi
if [ $fail -eq 0 ]; then echo "OK"; fi
exit $fail
