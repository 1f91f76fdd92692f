#!/usr/bin/env bash
# Fleet benchmark: API request → container running (its container.started visible through the
# API) with two real agents, against `podman run -d --network=none` of the same busybox image;
# then 100 containers through the API across the two agents.
#   bench/fleet/run.sh [rounds]      (root; writes a markdown report to stdout)
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
  -Dfleetbench.out="$out" -Dfleetbench.rounds="$ROUNDS" -Dfleetbench.podman.image="$PODMAN_IMAGE") >"$BENCH_DIR/maven.log" 2>&1 ||
  { echo "the Berth side failed; see $BENCH_DIR/maven.log" >&2; exit 1; }

echo "## Fleet — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores"
echo
echo "Command: \`bench/fleet/run.sh $ROUNDS\`. Berth: REST \`POST /api/v1/containers?wait=running\` →"
echo "receipt once \`container.started\` is in the log (dispatcher → Kafka → agent → runc/conmon →"
echo "report → Kafka → ingestion), two agents on this machine, timed from a plain HTTP/1.1 client"
echo "(JDK HttpClient, kept-alive connection, bearer token) from sending to the whole response."
echo "podman $(podman --version | awk '{print $3}'): \`podman run -d --network=none\`, timed in turns with Berth's"
echo "runs at rest (each after the same 250 ms pause), from spawning podman until it returns."
echo
echo "| what | median ms | p99 ms |"
echo "| --- | --- | --- |"
awk '/^(api|settled)-run-to-running|^podman-run/ {
  for (i = 2; i <= NF; i++) { split($i, kv, "="); v[$1, kv[1]] = kv[2] }
  r[$1] = 1 }
  END {
  pm = v["podman-run", "median_ms"]; pp = v["podman-run", "p99_ms"]
  printf "| Berth API run → running, back to back (%s rounds) | %s | %s |\n", v["api-run-to-running", "rounds"],
    v["api-run-to-running", "median_ms"], v["api-run-to-running", "p99_ms"]
  printf "| Berth API run → running, 250 ms after the last removal (%s rounds) | %s | %s |\n",
    v["settled-run-to-running", "rounds"], v["settled-run-to-running", "median_ms"], v["settled-run-to-running", "p99_ms"]
  printf "| podman run -d --network=none, in turns with the runs at rest (%s rounds) | %s | %s |\n",
    v["podman-run", "rounds"], pm, pp
  printf "\nBerth median / podman median: %.2f back to back, %.2f at rest\n", v["api-run-to-running", "median_ms"] / pm,
    v["settled-run-to-running", "median_ms"] / pm }' "$out"
echo
echo "Where a run's time goes (medians; from the events' timestamps and the agents' log times, one clock):"
echo
echo "| stage | back to back, median ms | at rest, median ms |"
echo "| --- | --- | --- |"
awk '/^(stage|settled-stage) / { prefix = $1; sub(/^[a-z-]+ /, ""); n = split($0, parts, ": median_ms=")
  if (!(parts[1] in seen)) { order[++count] = parts[1]; seen[parts[1]] = 1 }
  value[prefix, parts[1]] = parts[2] }
  END { for (i = 1; i <= count; i++) printf "| %s | %s | %s |\n", order[i], value["stage", order[i]], value["settled-stage", order[i]] }' "$out"
echo
awk '/^hundred/ { print "100 containers through the API (sent back to back, then all running): " $0 }' "$out"
