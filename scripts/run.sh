#!/usr/bin/env bash
# Brings up the whole stack under the Aspire dashboard through the Aspire CLI (`aspire run`, the version pinned in
# .config/dotnet-tools.json, which finds the AppHost through aspire.config.json). The CLI creates and trusts the HTTPS
# development certificate first, so the dashboard has no certificate to warn about, and prints the dashboard's login
# URL. Ctrl+C stops the AppHost and every process it started.
# Extra arguments go to the AppHost, e.g. --Infrastructure:Runtime=processes
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/prerequisites.sh "$@"
exec dotnet aspire run --launch-profile http -- "$@"
