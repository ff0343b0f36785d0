#!/usr/bin/env bash
# Installs what running the stack and its tests needs beyond the .NET SDK: Debian's PostgreSQL,
# Redis and RabbitMQ (the process runtime runs them when no container engine does), and Chromium
# for the browser tests, and wrk for the benchmark harness.
# As root it installs what is missing with apt-get; otherwise it prints the command and stops.
set -euo pipefail

packages=(postgresql redis-server rabbitmq-server chromium wrk)

if ! command -v dotnet >/dev/null; then
  echo "error: the .NET 10 SDK is not installed (https://dot.net)." >&2
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
