# Shared by the process-runtime start scripts. Sourced, not run.

# PostgreSQL refuses to run as root: when the AppHost runs as root, its servers run as the
# `postgres` OS user. setpriv execs in place, so `exec "${as_service_user[@]}" server` keeps one PID
# from the orchestrator's start to the server itself, and its stop signal reaches the server.
if [ "$(id -u)" = 0 ]; then
  service_user=postgres
  as_service_user=(setpriv --reuid="$service_user" --regid="$service_user" --init-groups --)
else
  service_user=$(id -un)
  as_service_user=()
fi

# Creates a directory the service user owns and only it can read.
prepare_private_directory() {
  mkdir -p "$1"
  if [ "$(id -u)" = 0 ]; then chown "$service_user:$service_user" "$1"; fi
  chmod 700 "$1"
}

# Writes a secret to a file only the service user can read.
write_private_file() {
  (umask 077; printf '%s' "$2" > "$1")
  if [ "$(id -u)" = 0 ]; then chown "$service_user:$service_user" "$1"; fi
}

# Quotes a value as a SQL string literal.
sql_literal() { printf "'%s'" "${1//\'/\'\'}"; }
