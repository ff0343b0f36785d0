#!/usr/bin/env bash
# Brings up the whole stack under the Aspire dashboard; the AppHost prints the dashboard's login URL.
# Extra arguments go to the AppHost, e.g. --Infrastructure:Runtime=processes
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/prerequisites.sh
exec dotnet run --project AppHost --launch-profile http -- "$@"
