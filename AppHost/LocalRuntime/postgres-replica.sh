#!/usr/bin/env bash
# A PostgreSQL streaming replica (hot standby) as a local process, cloned from the primary.
# In: PG_BIN, DATA_DIR, PGPORT (given by the orchestrator), PRIMARY_HOST, PRIMARY_PORT, REPLICATOR_PASSWORD.
set -euo pipefail
source "$(dirname "$0")/common.sh"

export PGDATA="$DATA_DIR/data"
prepare_private_directory "$DATA_DIR"

# The primary's port can change between runs, so the connection is given on every start and the
# password stays in a passfile, out of the command line.
passfile="$DATA_DIR/replicator.pgpass"
escaped_password=${REPLICATOR_PASSWORD//\\/\\\\}
write_private_file "$passfile" "*:*:*:replicator:${escaped_password//:/\\:}"
primary_conninfo="host=$PRIMARY_HOST port=$PRIMARY_PORT user=replicator passfile=$passfile application_name=postgres_replica"

primary_system_id=$("${as_service_user[@]}" "$PG_BIN/psql" -XAt -c IDENTIFY_SYSTEM \
  "$primary_conninfo replication=true dbname=replication" | cut -d'|' -f1)
replica_system_id=""
if [ -s "$PGDATA/PG_VERSION" ]; then
  replica_system_id=$("${as_service_user[@]}" "$PG_BIN/pg_controldata" "$PGDATA" | awk -F': *' '/Database system identifier/ { print $2 }')
fi

# Clone when empty, or when the kept data belongs to another primary (its data folder was reset).
if [ "$replica_system_id" != "$primary_system_id" ]; then
  echo "Cloning the primary (system $primary_system_id) into $PGDATA with pg_basebackup"
  rm -rf "$PGDATA"
  prepare_private_directory "$PGDATA"
  "${as_service_user[@]}" "$PG_BIN/pg_basebackup" --dbname="$primary_conninfo" --pgdata="$PGDATA" \
    --wal-method=stream --write-recovery-conf --checkpoint=fast
fi

echo "Starting the PostgreSQL replica on port $PGPORT, streaming from port $PRIMARY_PORT"
exec "${as_service_user[@]}" "$PG_BIN/postgres" -D "$PGDATA" -p "$PGPORT" \
  -c listen_addresses=localhost -c unix_socket_directories='' -c hot_standby=on -c max_connections=200 \
  -c primary_conninfo="$primary_conninfo" 2>&1
