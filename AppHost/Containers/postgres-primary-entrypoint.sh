# Entry point of the primary's container (official postgres image), given to `bash -c`.
# On first initialisation it adds the replication role and admits it in pg_hba.conf.
set -euo pipefail
cat > /docker-entrypoint-initdb.d/10-replication.sh <<'INIT'
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  --set password="$REPLICATOR_PASSWORD" <<'SQL'
CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD :'password';
SQL
echo "host replication replicator all scram-sha-256" >> "$PGDATA/pg_hba.conf"
INIT
exec docker-entrypoint.sh postgres -c max_connections=200
