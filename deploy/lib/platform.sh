# The whole platform on one machine: start, stop, status, and the test run.

CONTROL_PLANE_JAR="$REPO/control-plane/target/quarkus-app/quarkus-run.jar"
ENGINE_JAR_DIR="$REPO/engine/target"

# Builds when a jar is missing or any source is newer than it, so start never runs stale code.
build_platform() {
  if [[ -f "$CONTROL_PLANE_JAR" && -d "$ENGINE_JAR_DIR/lib" && -z "${BERTH_REBUILD:-}" ]] &&
    [[ -z "$(find "$REPO"/{protocol,engine,control-plane}/src "$REPO"/web-ui/{src,index.html,package.json} \
      "$REPO"/pom.xml "$REPO"/*/pom.xml -newer "$CONTROL_PLANE_JAR" -print -quit 2>/dev/null)" ]]; then
    return 0
  fi
  local log="$BERTH_HOME/logs/build.log"
  info "building Berth (log: $log)"
  (cd "$REPO" && ./mvnw -B -DskipTests package) >"$log" 2>&1 || die "the build failed; read $log"
}

# The key host credentials are derived from (control plane only; agents never see it).
agents_credential_key() {
  secret_file agents-credential-key || true
  cat "$BERTH_HOME/secrets/agents-credential-key"
}

# A secret made once under $BERTH_HOME/secrets, readable by root only.
secret_file() {
  local file="$BERTH_HOME/secrets/$1"
  mkdir -p "$BERTH_HOME/secrets" && chmod 700 "$BERTH_HOME/secrets"
  if [[ ! -s "$file" ]]; then
    (umask 077 && head -c 32 /dev/urandom | base64 | tr -d '/+=\n' >"$file")
    return 1
  fi
  return 0
}

# The bootstrap admin token (user admin, admin role): how scripts and curl reach the API.
admin_token() {
  secret_file admin-token || true
  cat "$BERTH_HOME/secrets/admin-token"
}

# The initial password of the dashboard's admin user: BERTH_ADMIN_PASSWORD, else made once and
# shown once (the control plane uses it only when it creates the first user).
ADMIN_PASSWORD_NEW=""
prepare_admin_password() {
  local file="$BERTH_HOME/secrets/admin-password"
  if [[ -n "${BERTH_ADMIN_PASSWORD:-}" ]]; then
    mkdir -p "$BERTH_HOME/secrets" && (umask 077 && printf '%s' "$BERTH_ADMIN_PASSWORD" >"$file")
  elif ! secret_file admin-password; then
    ADMIN_PASSWORD_NEW=1
  fi
}

# A one-time enrollment token for the local agent, minted through the API as the admin
# ($BERTH_HOME/secrets/admin-token) and written to a 0600 file the agent reads.
mint_enrollment_token() {
  local file="$1" admin="$BERTH_HOME/secrets/admin-token" answer token
  answer="$(curl -fsS -X POST -H "Authorization: Bearer $(admin_token)" -H 'Content-Type: application/json' \
    -d '{"expiresInSeconds":600}' \
    "http://127.0.0.1:$BERTH_HTTP_PORT/api/v1/hosts/enrollment-tokens")" ||
    die "the control plane refused to issue an enrollment token for the local agent (admin token: $admin)"
  token="$(sed -n 's/.*"token":"\([^"]*\)".*/\1/p' <<<"$answer")"
  [[ -n "$token" ]] || die "no token in the control plane's answer: $answer"
  (umask 077 && printf '%s\n' "$token" >"$file")
}

control_plane_start() {
  local run="$BERTH_HOME/run" log="$BERTH_HOME/logs/control-plane.log"
  if pid_alive "$run/control-plane.pid"; then
    BERTH_HTTP_PORT="$(cat "$run/control-plane.port" 2>/dev/null || echo "$BERTH_HTTP_PORT")"
    info "control plane already running (pid $(cat "$run/control-plane.pid"), port $BERTH_HTTP_PORT)"
    return 0
  fi
  require_free_port "$BERTH_HTTP_PORT" "the control plane"
  prepare_admin_password
  BERTH_DB_URL="postgresql://127.0.0.1:$BERTH_PG_PORT/$BERTH_PG_DATABASE" \
    BERTH_DB_JDBC_URL="jdbc:postgresql://127.0.0.1:$BERTH_PG_PORT/$BERTH_PG_DATABASE" \
    BERTH_DB_USER="$BERTH_PG_USER" BERTH_DB_PASSWORD="$BERTH_PG_PASSWORD" \
    KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$BERTH_KAFKA_PORT" \
    QUARKUS_HTTP_PORT="$BERTH_HTTP_PORT" \
    BERTH_AGENTS_CREDENTIAL_KEY="$(agents_credential_key)" \
    BERTH_BOOTSTRAP_ADMIN_TOKEN="$(admin_token)" \
    BERTH_INITIAL_ADMIN_PASSWORD="$(cat "$BERTH_HOME/secrets/admin-password")" \
    BERTH_DATA_DIR="$BERTH_HOME/control-plane" \
    nohup "$(java_bin)" -Xmx512m -jar "$CONTROL_PLANE_JAR" >>"$log" 2>&1 &
  echo $! >"$run/control-plane.pid"
  echo "$BERTH_HTTP_PORT" >"$run/control-plane.port"
  wait_until 120 "the control plane" "$log" "$run/control-plane.pid" \
    curl -fsS "http://127.0.0.1:$BERTH_HTTP_PORT/q/health/ready"
  info "control plane up on http://localhost:$BERTH_HTTP_PORT (log: $log)"
}

agent_start() {
  local run="$BERTH_HOME/run" log="$BERTH_HOME/logs/agent.log"
  if pid_alive "$run/agent.pid"; then
    info "agent already running (pid $(cat "$run/agent.pid"))"
    return 0
  fi
  require_free_port "$BERTH_AGENT_HEALTH_PORT" "the agent's health endpoint"
  mkdir -p "$BERTH_HOME/agent"
  # First start: enroll with a fresh one-time token. Later starts use the stored credential.
  local token_file="$run/enrollment-token" enroll=()
  rm -f "$token_file"
  if [[ ! -s "$BERTH_HOME/agent/host-credential" ]]; then
    mint_enrollment_token "$token_file"
    enroll=(BERTH_AGENT_ENROLLMENT_TOKEN_FILE="$token_file")
    info "enrolling the local agent with a one-time token"
  fi
  env "${enroll[@]}" BERTH_AGENT_STATE_DIR="$BERTH_HOME/agent" \
    BERTH_AGENT_KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$BERTH_KAFKA_PORT" \
    BERTH_AGENT_HEALTH_PORT="$BERTH_AGENT_HEALTH_PORT" \
    BERTH_AGENT_CONTROL_PLANE_URL="http://127.0.0.1:$BERTH_HTTP_PORT" \
    BERTH_AGENT_LABELS="${BERTH_AGENT_LABELS:-}" \
    nohup "$(java_bin)" -Xmx256m -cp "$ENGINE_JAR_DIR/berth-engine-0.1.0-SNAPSHOT.jar:$ENGINE_JAR_DIR/lib/*" \
    io.berth.engine.agent.AgentMain >>"$log" 2>&1 &
  echo $! >"$run/agent.pid"
  wait_until 60 "the agent" "$log" "$run/agent.pid" \
    curl -fsS "http://127.0.0.1:$BERTH_AGENT_HEALTH_PORT/health"
  rm -f "$token_file" # spent: the agent holds its credential now
  # Up means placeable: the control plane has registered the host from its first report, so a
  # run sent right after `start` finds it.
  local host_id
  host_id="$(cat "$BERTH_HOME/agent/host-id")"
  wait_until 60 "the agent's registration" "$log" "$run/agent.pid" host_registered "$host_id"
  info "agent up, host id $host_id (log: $log)"
}

# host_registered HOST_ID: the control plane lists the host as reachable.
host_registered() {
  curl -fsS -H "Authorization: Bearer $(admin_token)" "http://127.0.0.1:$BERTH_HTTP_PORT/api/v1/hosts/$1" |
    grep -q '"reachable" *: *true'
}

platform_start() {
  require_root start
  mkdir -p "$BERTH_HOME/logs" "$BERTH_HOME/run"
  # Ports first: a taken port should fail in a second, not after a build.
  pid_alive "$BERTH_HOME/run/control-plane.pid" || require_free_port "$BERTH_HTTP_PORT" "the control plane"
  pid_alive "$BERTH_HOME/run/agent.pid" || require_free_port "$BERTH_AGENT_HEALTH_PORT" "the agent's health endpoint"
  install_all
  postgres_start
  postgres_database "$BERTH_PG_DATABASE"
  kafka_start "$BERTH_HOME/kafka" "$BERTH_KAFKA_PORT" "$BERTH_KAFKA_CONTROLLER_PORT"
  build_platform
  control_plane_start
  agent_start
  info "dashboard: http://localhost:$BERTH_HTTP_PORT/"
  if [[ -n "$ADMIN_PASSWORD_NEW" ]]; then
    info "log in as admin with password $(cat "$BERTH_HOME/secrets/admin-password") (shown once; kept in $BERTH_HOME/secrets/admin-password)"
  else
    info "log in as admin (initial password in $BERTH_HOME/secrets/admin-password, unless changed since)"
  fi
  info "API: curl -H \"Authorization: Bearer \$(cat $BERTH_HOME/secrets/admin-token)\" http://localhost:$BERTH_HTTP_PORT/api/v1/containers"
  info "stop with: $REPO/deploy/berth stop"
}

platform_stop() {
  stop_pidfile "$BERTH_HOME/run/agent.pid" "the agent"
  stop_pidfile "$BERTH_HOME/run/control-plane.pid" "the control plane"
  rm -f "$BERTH_HOME/run/control-plane.port"
  kafka_stop "$BERTH_HOME/kafka"
  postgres_stop
}

status_line() {
  local what="$1" pidfile="$2" log="$3"
  if pid_alive "$pidfile"; then
    printf '%-14s running  pid %-7s log %s\n' "$what" "$(cat "$pidfile")" "$log"
  else
    printf '%-14s stopped           log %s\n' "$what" "$log"
  fi
}

platform_status() {
  local version=""
  version="$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -1)"
  if [[ -n "$version" ]] && pg_running "$version"; then
    printf '%-14s running  cluster %s/main port %s\n' "postgresql" "$version" "$BERTH_PG_PORT"
  else
    printf '%-14s stopped\n' "postgresql"
  fi
  status_line kafka "$BERTH_HOME/kafka/kafka.pid" "$BERTH_HOME/kafka/kafka.log"
  status_line control-plane "$BERTH_HOME/run/control-plane.pid" "$BERTH_HOME/logs/control-plane.log"
  status_line agent "$BERTH_HOME/run/agent.pid" "$BERTH_HOME/logs/agent.log"
}

# The test run gets its own broker (own ports, own state) and database, so it never
# touches a running platform's data. Maven arguments pass through, e.g. -pl engine.
platform_test() {
  require_root test
  local test_home="$BERTH_HOME/test"
  mkdir -p "$BERTH_HOME/logs" "$BERTH_HOME/run" "$test_home"
  install_all
  postgres_start
  local test_db="${BERTH_TEST_DB:-berth_test}"
  postgres_database "$test_db"
  local kafka_port="${BERTH_TEST_KAFKA_PORT:-19092}"
  local controller_port="${BERTH_TEST_KAFKA_CONTROLLER_PORT:-19093}"
  # A fresh broker every run: leftover topics would hide ordering bugs.
  kafka_stop "$test_home/kafka" >/dev/null
  rm -rf "$test_home/kafka"
  mkdir -p "$test_home/kafka"
  trap 'kafka_stop "$BERTH_HOME/test/kafka" >/dev/null' EXIT
  kafka_start "$test_home/kafka" "$kafka_port" "$controller_port"
  cd "$REPO"
  BERTH_TEST_DB_URL="postgresql://127.0.0.1:$BERTH_PG_PORT/$test_db" \
    BERTH_TEST_DB_JDBC_URL="jdbc:postgresql://127.0.0.1:$BERTH_PG_PORT/$test_db" \
    BERTH_TEST_DB_USER="$BERTH_PG_USER" BERTH_TEST_DB_PASSWORD="$BERTH_PG_PASSWORD" \
    BERTH_TEST_KAFKA="127.0.0.1:$kafka_port" \
    BERTH_TEST_KAFKA_LOG="$test_home/kafka/kafka.log" \
    ./mvnw -B verify "$@"
}
