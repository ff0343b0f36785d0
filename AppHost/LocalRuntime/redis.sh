#!/usr/bin/env bash
# Redis as a local process; a cache only, so nothing is saved to disk.
# In: DATA_DIR, REDIS_PORT (given by the orchestrator), REDIS_PASSWORD.
set -euo pipefail

mkdir -p "$DATA_DIR"
echo "Starting Redis on port $REDIS_PORT"
# The password goes in through the config on stdin, not the command line.
exec redis-server - --port "$REDIS_PORT" --bind 127.0.0.1 -::1 --dir "$DATA_DIR" \
  --save "" --appendonly no <<< "requirepass \"$REDIS_PASSWORD\""
