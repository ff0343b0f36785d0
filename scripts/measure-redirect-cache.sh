#!/usr/bin/env bash
# What one redirect costs on a cache hit and on a cache miss, measured against a running stack
# (start it first with ./scripts/run.sh). Each code is requested twice: the first request misses
# (Redis GET, Postgres SELECT, Redis write), the second hits (Redis GET only). The figure is curl's
# time from request sent to first response byte, over loopback and through the orchestrator's proxy.
# Usage: scripts/measure-redirect-cache.sh [api base URL] [accounts] [links per account]
set -euo pipefail

api="${1:-http://localhost:5380}"
accounts="${2:-4}"
per_account="${3:-50}" # the Api allows 60 link creations per account per minute

json_field() { sed -E "s/.*\"$1\":\"([^\"]+)\".*/\1/"; }

codes=()
for account in $(seq 1 "$accounts"); do
  email="measure-$(date +%s%N)-$account@example.com"
  password="measure password $account"
  curl -sf -X POST "$api/api/auth/register" -H 'content-type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"$password\"}" >/dev/null
  token=$(curl -sf -X POST "$api/api/auth/token" -H 'content-type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"$password\"}" | json_field accessToken)
  for i in $(seq 1 "$per_account"); do
    codes+=("$(curl -sf -X POST "$api/api/links" -H "authorization: Bearer $token" -H 'content-type: application/json' \
      -d "{\"url\":\"https://example.com/measure/$account/$i\"}" | json_field code)")
  done
done

# Creating a link writes its cache entry; delete those entries so the first redirect really misses.
# This reaches the process runtime's redis-server directly: its password from the AppHost's user
# secrets, its port from the listening sockets.
redis_password=$(dotnet user-secrets list --project "$(dirname "$0")/../AppHost" | sed -nE 's/^Parameters:cache-password = (.*)$/\1/p')
redis_port=$(ss -ltnpH | awk '/"redis-server"/ { n = split($4, a, ":"); print a[n]; exit }')
for code in "${codes[@]}"; do
  printf 'DEL redirect:%s\n' "$code"
done | REDISCLI_AUTH="$redis_password" redis-cli -p "$redis_port" >/dev/null
first=$(mktemp); second=$(mktemp)
trap 'rm -f "$first" "$second"' EXIT
server_time='%{time_starttransfer} %{time_pretransfer}\n'
for code in "${codes[@]}"; do
  curl -s -o /dev/null -w "$server_time" "$api/$code" | awk '{ printf "%.3f\n", ($1 - $2) * 1000 }' >>"$first"
  curl -s -o /dev/null -w "$server_time" "$api/$code" | awk '{ printf "%.3f\n", ($1 - $2) * 1000 }' >>"$second"
done

summary() {
  sort -n "$1" | awk -v name="$2" '{ v[NR] = $1 } END {
    printf "%-28s n=%d  p50=%.2f ms  p90=%.2f ms  p99=%.2f ms\n", name, NR, v[int(NR*0.5)+1], v[int(NR*0.9)+1], v[int(NR*0.99)+1] }'
}
summary "$first" "first redirect (cache miss)"
summary "$second" "second redirect (cache hit)"
