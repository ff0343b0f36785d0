# Entry point of the replica's container (official postgres image), given to `bash -c`.
# Clones the primary with pg_basebackup when its data folder is empty, then runs as a hot standby.
set -euo pipefail
export PGPASSWORD="$REPLICATOR_PASSWORD"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  mkdir -p "$PGDATA"
  chown postgres:postgres "$PGDATA"
  chmod 700 "$PGDATA"
  until gosu postgres pg_isready --host="$PRIMARY_HOST" --port="$PRIMARY_PORT" --quiet; do sleep 1; done
  gosu postgres pg_basebackup --host="$PRIMARY_HOST" --port="$PRIMARY_PORT" --username=replicator \
    --pgdata="$PGDATA" --wal-method=stream --write-recovery-conf --checkpoint=fast
fi
exec gosu postgres postgres -c hot_standby=on -c max_connections=200
