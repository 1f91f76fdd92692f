# `deploy/berth verify`: check the event log's hash chains and log checkpoints straight
# against PostgreSQL (the control plane need not run). Exit 0 verified, 1 tampered, 2 could
# not check. To wire it in deploy/berth: source this file and add
#   verify) platform_verify "$@" ;;
# Database: BERTH_DB (default berth) on the local cluster, or BERTH_DB_URL.

platform_verify() {
  local app="$REPO/control-plane/target/quarkus-app"
  if [[ ! -f "$app/app/berth-control-plane-0.1.0-SNAPSHOT.jar" && -z "$(ls "$app/app" 2>/dev/null)" ]]; then
    info "building the control plane (no $app yet)"
    (cd "$REPO" && ./mvnw -q -B -pl control-plane -am package -DskipTests) ||
      die "could not build the control plane"
  fi
  postgres_start
  local url="${BERTH_DB_URL:-postgresql://127.0.0.1:$BERTH_PG_PORT/${BERTH_DB:-berth}}"
  BERTH_DB_URL="$url" BERTH_DB_USER="$BERTH_PG_USER" BERTH_DB_PASSWORD="$BERTH_PG_PASSWORD" \
    java -cp "$app/lib/boot/*:$app/lib/main/*:$app/app/*" io.berth.controlplane.audit.VerifyMain "$@"
}
