# PostgreSQL from Debian's package: the cluster is the system's; we start it if it is
# down (and remember that we did, so stop stops only what we started) and create the
# role and databases idempotently.

pg_cluster() {
  local version
  version="$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -1)"
  [[ -n "$version" ]] || die "PostgreSQL is not installed (apt-get install postgresql failed?)"
  if ! pg_lsclusters -h 2>/dev/null | awk '{print $1" "$2}' | grep -q "^$version main$"; then
    pg_createcluster "$version" main >/dev/null 2>&1 || die "could not create PostgreSQL cluster $version/main"
  fi
  echo "$version"
}

pg_running() {
  pg_lsclusters -h 2>/dev/null | awk -v v="$1" '$1==v && $2=="main" {print $4}' | grep -q online
}

pg_log_file() {
  echo "/var/log/postgresql/postgresql-$1-main.log"
}

postgres_start() {
  local version
  version="$(pg_cluster)"
  if ! pg_running "$version"; then
    local port
    port="$(pg_conftool -s "$version" main show port 2>/dev/null || echo 5432)"
    require_free_port "$port" "PostgreSQL"
    pg_ctlcluster "$version" main start >/dev/null 2>&1 ||
      die "PostgreSQL $version/main did not start; read $(pg_log_file "$version")"
    mkdir -p "$BERTH_HOME/run"
    echo "$version" >"$BERTH_HOME/run/postgres.started-by-berth"
  fi
  BERTH_PG_PORT="$(pg_conftool -s "$version" main show port 2>/dev/null || echo 5432)"
  wait_until 30 "PostgreSQL" "$(pg_log_file "$version")" "" pg_isready -q -h 127.0.0.1 -p "$BERTH_PG_PORT"
}

# postgres_database NAME: the role and database exist, owned by the role.
postgres_database() {
  local db="$1"
  runuser -u postgres -- psql -p "$BERTH_PG_PORT" -qtAc \
    "SELECT 1 FROM pg_roles WHERE rolname = '$BERTH_PG_USER'" | grep -q 1 ||
    runuser -u postgres -- psql -p "$BERTH_PG_PORT" -qc \
      "CREATE ROLE \"$BERTH_PG_USER\" LOGIN PASSWORD '$BERTH_PG_PASSWORD'" >/dev/null
  runuser -u postgres -- psql -p "$BERTH_PG_PORT" -qtAc \
    "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1 ||
    runuser -u postgres -- psql -p "$BERTH_PG_PORT" -qc \
      "CREATE DATABASE \"$db\" OWNER \"$BERTH_PG_USER\"" >/dev/null
}

postgres_stop() {
  local marker="$BERTH_HOME/run/postgres.started-by-berth"
  [[ -f "$marker" ]] || return 0
  local version
  version="$(cat "$marker")"
  pg_ctlcluster "$version" main stop >/dev/null 2>&1 || true
  rm -f "$marker"
  info "stopped PostgreSQL $version/main (berth had started it)"
}
