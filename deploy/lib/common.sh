# Shared helpers for deploy/berth: configuration, messages, pid files, ports, waiting.

BERTH_HOME="${BERTH_HOME:-$REPO/.berth}"
BERTH_HTTP_PORT="${BERTH_HTTP_PORT:-8080}"
BERTH_KAFKA_PORT="${BERTH_KAFKA_PORT:-9092}"
BERTH_KAFKA_CONTROLLER_PORT="${BERTH_KAFKA_CONTROLLER_PORT:-9093}"
BERTH_AGENT_HEALTH_PORT="${BERTH_AGENT_HEALTH_PORT:-8081}"
BERTH_PG_PORT="${BERTH_PG_PORT:-5432}"
BERTH_PG_DATABASE="${BERTH_PG_DATABASE:-berth}"
BERTH_PG_USER="${BERTH_PG_USER:-berth}"
BERTH_PG_PASSWORD="${BERTH_PG_PASSWORD:-berth}"
BERTH_KAFKA_HEAP="${BERTH_KAFKA_HEAP:-768m}"

info() { printf 'berth: %s\n' "$*"; }
die() {
  printf 'berth: error: %s\n' "$*" >&2
  exit 1
}

require_root() {
  [[ $EUID -eq 0 ]] || die "run as root (containers need it): sudo $0 $*"
}

# pid_alive FILE: the pid in FILE is a live process.
pid_alive() {
  local file="$1" pid
  [[ -s "$file" ]] || return 1
  pid="$(cat "$file")"
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null
}

port_in_use() {
  local port="$1"
  ss -Hltn "sport = :$port" 2>/dev/null | grep -q .
}

# require_free_port PORT WHAT: one clear line if something else listens there.
require_free_port() {
  local port="$1" what="$2" owner
  if port_in_use "$port"; then
    owner="$(ss -Hltnp "sport = :$port" 2>/dev/null | grep -o 'users:(("[^"]*"' | head -1 | cut -d'"' -f2)"
    die "port $port for $what is taken${owner:+ by '$owner'}; free it or choose another port (see README, Configuration)"
  fi
}

# wait_until SECONDS WHAT LOGFILE PIDFILE COMMAND...: polls COMMAND until it succeeds.
# Fails with one line naming the log when the process dies or time runs out.
wait_until() {
  local seconds="$1" what="$2" log="$3" pidfile="$4"
  shift 4
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if [[ -n "$pidfile" ]] && ! pid_alive "$pidfile"; then
      die "$what exited while starting; read $log"
    fi
    if ((SECONDS >= deadline)); then
      die "$what did not come up within ${seconds}s; read $log"
    fi
    sleep 0.5
  done
}

# stop_pidfile FILE WHAT: TERM, then KILL after 20 s; removes the pid file.
stop_pidfile() {
  local file="$1" what="$2" pid i
  if ! pid_alive "$file"; then
    rm -f "$file"
    return 0
  fi
  pid="$(cat "$file")"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 40; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$file"
  info "stopped $what (pid $pid)"
}

java_bin() {
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
    echo "$JAVA_HOME/bin/java"
  else
    command -v java || die "no java found; install a JDK 17 (apt-get install openjdk-17-jdk-headless)"
  fi
}
