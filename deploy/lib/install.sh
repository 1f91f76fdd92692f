# System packages and Kafka's jars. Idempotent: installs only what is missing.

# Debian packages the platform and its tests use, as "package:file-that-proves-it".
BERTH_PACKAGES=(
  postgresql:/usr/lib/postgresql
  runc:/usr/sbin/runc
  conmon:/usr/bin/conmon
  containernetworking-plugins:/usr/lib/cni/bridge
  busybox-static:/bin/busybox
  iproute2:/usr/sbin/ip
  iptables:/usr/sbin/iptables
  skopeo:/usr/bin/skopeo
  umoci:/usr/bin/umoci
  docker-registry:/usr/bin/docker-registry
  chromium:/usr/bin/chromium
)

install_packages() {
  local missing=() entry
  for entry in "${BERTH_PACKAGES[@]}"; do
    [[ -e "${entry#*:}" ]] || missing+=("${entry%%:*}")
  done
  ((${#missing[@]} == 0)) && return 0
  require_root install
  mkdir -p "$BERTH_HOME/logs"
  local log="$BERTH_HOME/logs/apt.log"
  info "installing ${missing[*]} (log: $log)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update >"$log" 2>&1 || die "apt-get update failed; read $log"
  apt-get install -y --no-install-recommends "${missing[@]}" >>"$log" 2>&1 ||
    die "could not install ${missing[*]}; read $log"
}

# Kafka's broker from Maven Central jars: nothing else may be downloaded here.
install_kafka_jars() {
  local lib="$BERTH_HOME/kafka/lib"
  [[ -f "$lib/.complete" ]] && return 0
  mkdir -p "$BERTH_HOME/logs" "$lib"
  local log="$BERTH_HOME/logs/kafka-jars.log"
  info "fetching Kafka broker jars from Maven Central (log: $log)"
  (cd "$REPO/deploy/kafka" && "$REPO/mvnw" -B -q dependency:copy-dependencies \
    -DoutputDirectory="$lib" -DincludeScope=runtime) >"$log" 2>&1 ||
    die "could not fetch Kafka's jars; read $log"
  touch "$lib/.complete"
}

install_all() {
  install_packages
  install_kafka_jars
}
