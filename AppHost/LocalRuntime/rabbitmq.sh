#!/usr/bin/env bash
# RabbitMQ as a local process, isolated from any other on the machine by its own node, ports,
# data folder and Erlang port mapper (epmd), which this script starts and stops with the broker.
# In: RABBITMQ_HOME_DIR (the broker's bin folder), DATA_DIR, RABBITMQ_NODE_PORT (given by the
# orchestrator), RABBITMQ_DIST_PORT, ERL_EPMD_PORT, RABBITMQ_USER, RABBITMQ_PASSWORD_HASH.
set -euo pipefail

mkdir -p "$DATA_DIR/mnesia" "$DATA_DIR/log"
export HOME="$DATA_DIR" # the Erlang cookie lives here
export RABBITMQ_NODENAME=messaging@localhost
export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
export RABBITMQ_MNESIA_BASE="$DATA_DIR/mnesia"
export RABBITMQ_LOG_BASE="$DATA_DIR/log"
export RABBITMQ_LOGS=-
export RABBITMQ_ENABLED_PLUGINS_FILE="$DATA_DIR/enabled_plugins"
export RABBITMQ_CONFIG_FILE="$DATA_DIR/rabbitmq.conf"
export ERL_EPMD_ADDRESS=127.0.0.1

echo '[].' > "$RABBITMQ_ENABLED_PLUGINS_FILE"

# The user is imported on every boot, so a changed secret also reaches data kept from an earlier run.
(umask 077
cat > "$DATA_DIR/definitions.json" <<JSON
{
  "vhosts": [ { "name": "/" } ],
  "users": [ { "name": "$RABBITMQ_USER", "password_hash": "$RABBITMQ_PASSWORD_HASH",
               "hashing_algorithm": "rabbit_password_hashing_sha256", "tags": ["administrator"] } ],
  "permissions": [ { "user": "$RABBITMQ_USER", "vhost": "/", "configure": ".*", "write": ".*", "read": ".*" } ]
}
JSON
cat > "$RABBITMQ_CONFIG_FILE" <<CONF
load_definitions = $DATA_DIR/definitions.json
loopback_users = none
CONF
)

epmd -port "$ERL_EPMD_PORT" -address 127.0.0.1 &
epmd_pid=$!

echo "Starting RabbitMQ on port $RABBITMQ_NODE_PORT"
RUNNING_UNDER_SYSTEMD=true "$RABBITMQ_HOME_DIR/rabbitmq-server" &
broker_pid=$!

# Erlang stops the broker cleanly on SIGTERM; then the port mapper goes too.
trap 'kill -TERM "$broker_pid" 2>/dev/null || true' TERM INT
set +e
wait "$broker_pid"
status=$?
while kill -0 "$broker_pid" 2>/dev/null; do
  wait "$broker_pid"
  status=$?
done
kill "$epmd_pid" 2>/dev/null
wait "$epmd_pid" 2>/dev/null
exit "$status"
