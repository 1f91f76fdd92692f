#!/usr/bin/env bash
# Fleet benchmark: API request → container running (its container.started visible through the
# API) with two real agents, against `podman run -d --network=none` of the same busybox image;
# then 100 containers through the API across the two agents.
#   bench/fleet/run.sh [rounds]      (root; writes a markdown report to stdout)
# WARMUP (default 1500) is how many untimed runs separate the cold series from the warm ones.
# The Berth side runs as control-plane's FleetBenchIT under deploy/berth test (real PostgreSQL,
# its own Kafka broker); BERTH_HOME, BERTH_TEST_KAFKA_PORT, BERTH_TEST_KAFKA_CONTROLLER_PORT and
# BERTH_TEST_DB choose where (defaults keep clear of a developer's own platform).
set -euo pipefail
REPO="$(cd "$(dirname "$0")/../.." && pwd)"
BENCH_DIR="${BENCH_DIR:-/tmp/berth-bench-fleet}"
ROUNDS="${1:-30}"
export BERTH_HOME="${BERTH_HOME:-/tmp/berth-bench-fleet/home}"
export BERTH_TEST_KAFKA_PORT="${BERTH_TEST_KAFKA_PORT:-39492}"
export BERTH_TEST_KAFKA_CONTROLLER_PORT="${BERTH_TEST_KAFKA_CONTROLLER_PORT:-39493}"
export BERTH_TEST_DB="${BERTH_TEST_DB:-berth_bench_fleet}"
source "$REPO/bench/engine/peers.sh"

peer_tools
mkdir -p "$BENCH_DIR"
busybox_image
podman_setup

# podman: `podman run -d` returns once the container runs. FleetBenchIT times it in turns with
# Berth's runs at rest (-Dfleetbench.podman.image), so that both meet the same minutes.
PODMAN_IMAGE=docker.io/library/busybox:latest
podman rm -f -a >/dev/null 2>&1 || true
for _ in 1 2 3; do podman run -d --network=none "$PODMAN_IMAGE" sleep 600 >/dev/null; done
podman rm -f -a -t 0 >/dev/null

out="$BENCH_DIR/berth.txt"
rm -f "$out"
(cd "$REPO" && deploy/berth test -pl control-plane -am -Dskip.npm.tests=true -Dtest=FleetBenchIT -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfleetbench.out="$out" -Dfleetbench.rounds="$ROUNDS" -Dfleetbench.warmup="${WARMUP:-1500}" -Dfleetbench.podman.image="$PODMAN_IMAGE") >"$BENCH_DIR/maven.log" 2>&1 ||
  { echo "the Berth side failed; see $BENCH_DIR/maven.log" >&2; exit 1; }

echo "## Fleet — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores"
echo
echo "Command: \`bench/fleet/run.sh $ROUNDS\`. Berth: REST \`POST /api/v1/containers?wait=running\` →"
echo "receipt once \`container.started\` is in the log (dispatcher → Kafka → agent → runc/conmon →"
echo "report → Kafka → ingestion), two agents on this machine, timed from a plain HTTP/1.1 client"
echo "(JDK HttpClient, kept-alive connection, bearer token) from sending to the whole response."
echo "podman $(podman --version | awk '{print $3}'): \`podman run -d --network=none\`, timed in turns with Berth's"
echo "runs at rest (each after the same 250 ms pause), from spawning podman until it returns."
echo "Cold: the first runs after the platform started, its JVMs (control plane, agents, Kafka broker)"
echo "not yet compiled. Warm: after $(awk -F= '/^warmup runs=/ {print $2}' "$out") more runs, as a platform that has run for a while."
echo
echo "| what | median ms | p99 ms |"
echo "| --- | --- | --- |"
awk '/^(cold-at-rest|warm-at-rest|warm-back-to-back)(-podman)? rounds=/ {
  for (i = 2; i <= NF; i++) { split($i, kv, "="); v[$1, kv[1]] = kv[2] } }
  function row(what, key) { printf "| %s (%s rounds) | %s | %s |\n", what, v[key, "rounds"], v[key, "median_ms"], v[key, "p99_ms"] }
  END {
  row("Berth, cold, at rest (250 ms after the last removal)", "cold-at-rest")
  row("podman, in turns with those", "cold-at-rest-podman")
  row("Berth, warm, at rest", "warm-at-rest")
  row("podman, in turns with those", "warm-at-rest-podman")
  row("Berth, warm, back to back", "warm-back-to-back")
  printf "\nBerth median / podman median (target ≤ 0.5): %.2f warm, %.2f cold\n",
    v["warm-at-rest", "median_ms"] / v["warm-at-rest-podman", "median_ms"],
    v["cold-at-rest", "median_ms"] / v["cold-at-rest-podman", "median_ms"] }' "$out"
echo
echo "Where a run's time goes (medians; from the events' timestamps and the agents' log times, one clock):"
echo
echo "| stage | cold, at rest, ms | warm, at rest, ms | warm, back to back, ms |"
echo "| --- | --- | --- | --- |"
awk '/^(cold-at-rest|warm-at-rest|warm-back-to-back)-stage / { prefix = $1; sub(/^[a-z-]+ /, ""); split($0, parts, ": median_ms=")
  if (!(parts[1] in seen)) { order[++count] = parts[1]; seen[parts[1]] = 1 }
  value[prefix, parts[1]] = parts[2] }
  END { for (i = 1; i <= count; i++) printf "| %s | %s | %s | %s |\n", order[i], value["cold-at-rest-stage", order[i]],
    value["warm-at-rest-stage", order[i]], value["warm-back-to-back-stage", order[i]] }' "$out"
echo
awk '/^hundred/ { print "100 containers through the API (sent back to back, then all running): " $0 }' "$out"
