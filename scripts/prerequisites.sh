#!/usr/bin/env bash
# Installs what the stack needs beyond the .NET SDK, and no more.
#   ./scripts/prerequisites.sh [AppHost arguments]   running: Redis, RabbitMQ and PostgreSQL from Debian's packages,
#                                                    only when no container engine answers (the AppHost then runs
#                                                    them as local processes) or --Infrastructure:Runtime=processes;
#                                                    nothing when containers run them
#   ./scripts/prerequisites.sh --tests               the tests: those servers always (the suite runs them as
#                                                    processes), Chromium for the browser tests, wrk for the benchmarks
# Either way it restores the Aspire CLI pinned in .config/dotnet-tools.json.
# As root it installs what is missing with apt-get; otherwise it prints the command and stops.
set -euo pipefail
cd "$(dirname "$0")/.."

server_packages=(postgresql redis-server rabbitmq-server)
test_packages=(chromium wrk)

if ! command -v dotnet >/dev/null; then
  echo "error: the .NET 10 SDK is not installed (https://dot.net)." >&2
  exit 1
fi
dotnet tool restore >/dev/null

# The runtime asked for on the AppHost's command line, if any: --Infrastructure:Runtime=X or --Infrastructure:Runtime X.
chosen_runtime() {
  while [ $# -gt 0 ]; do
    case "$1" in
      --Infrastructure:Runtime=*) echo "${1#*=}"; return ;;
      --Infrastructure:Runtime) echo "${2:-}"; return ;;
    esac
    shift
  done
}

packages=()
if [ "${1:-}" = "--tests" ]; then
  packages=("${server_packages[@]}" "${test_packages[@]}")
else
  engine=${ASPIRE_CONTAINER_RUNTIME:-docker}
  runtime=$(chosen_runtime "$@" | tr '[:upper:]' '[:lower:]')
  if [ -z "$runtime" ]; then
    if "$engine" info --format '{{.ServerVersion}}' >/dev/null 2>&1; then
      runtime=containers
    else
      # The AppHost makes the same choice; this line is for the one who installed a container engine and forgot it.
      if command -v "$engine" >/dev/null; then
        echo "$engine is installed but not running: start it to run the servers in containers, or pass --Infrastructure:Runtime=processes (what runs now)." >&2
      fi
      runtime=processes
    fi
  fi
  [ "$runtime" = processes ] && packages=("${server_packages[@]}")
fi
[ ${#packages[@]} -eq 0 ] && exit 0

if ! command -v dpkg-query >/dev/null; then
  echo "error: without a container engine the stack runs ${server_packages[*]} as local processes, found where" \
    "Debian's packages put them; install them, or start Docker or Podman." >&2
  exit 1
fi

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "error: missing packages: ${missing[*]}. Install them with:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi

echo "Installing ${missing[*]} with apt-get"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q "${missing[@]}"
