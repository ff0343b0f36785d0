#!/usr/bin/env bash
# A PostgreSQL primary as a local process.
# In: PG_BIN, DATA_DIR, PGPORT (given by the orchestrator), POSTGRES_PASSWORD, REPLICATOR_PASSWORD.
set -euo pipefail
source "$(dirname "$0")/common.sh"

export PGDATA="$DATA_DIR/data"
prepare_private_directory "$DATA_DIR"

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  echo "Initialising a new PostgreSQL cluster in $PGDATA"
  prepare_private_directory "$PGDATA"
  write_private_file "$DATA_DIR/initdb.password" "$POSTGRES_PASSWORD"
  "${as_service_user[@]}" "$PG_BIN/initdb" --pgdata="$PGDATA" --username=postgres \
    --pwfile="$DATA_DIR/initdb.password" --auth-host=scram-sha-256 --auth-local=peer \
    --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  rm -f "$DATA_DIR/initdb.password"
fi

# Set on every start, so that a changed secret also reaches data kept from an earlier run.
# initdb's pg_hba.conf already admits replication connections from localhost with scram-sha-256.
"${as_service_user[@]}" "$PG_BIN/postgres" --single -D "$PGDATA" postgres >/dev/null <<SQL
ALTER ROLE postgres PASSWORD $(sql_literal "$POSTGRES_PASSWORD");
DO \$\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'replicator') THEN CREATE ROLE replicator WITH REPLICATION LOGIN; END IF; END \$\$;
ALTER ROLE replicator PASSWORD $(sql_literal "$REPLICATOR_PASSWORD");
SQL

echo "Starting the PostgreSQL primary on port $PGPORT"
exec "${as_service_user[@]}" "$PG_BIN/postgres" -D "$PGDATA" -p "$PGPORT" \
  -c listen_addresses=localhost -c unix_socket_directories='' -c max_connections=200 2>&1
