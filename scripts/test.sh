#!/usr/bin/env bash
# Runs the whole test suite: it starts the real AppHost (process runtime) and talks to it.
# Extra arguments go to the test platform, e.g. -- --filter-class AppHost.Tests.ReplicationTests
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/prerequisites.sh --tests

log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
dotnet test --solution Aspire.sln "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

passed=$(awk '$1 == "succeeded:" { n += $2 } END { print n + 0 }' "$log")
failed=$(awk '$1 == "failed:" { n += $2 } END { print n + 0 }' "$log")
if [ "$failed" != "0" ]; then
  # Repeat each failure's name and first lines at the end, where a truncated CI log still shows them.
  echo "Failures:"
  grep -E -A 12 '^\s*failed [A-Za-z]' "$log" | cut -c1-400 || true
fi
echo "$passed passed, $failed failed"
exit "$status"
