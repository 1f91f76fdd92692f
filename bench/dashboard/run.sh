#!/usr/bin/env bash
# Dashboard benchmark: first load of the containers page with 10,000 containers, and live
# event → screen latency, in Debian's chromium (Playwright) against a control plane with real
# PostgreSQL and Kafka. The fleet is seeded through the REST append by DashboardBenchIT.
#   bench/dashboard/run.sh [containers]      (writes a markdown table to stdout)
# BERTH_HOME, BERTH_TEST_KAFKA_PORT, BERTH_TEST_KAFKA_CONTROLLER_PORT and BERTH_TEST_DB choose
# where (defaults keep clear of a developer's own platform).
set -euo pipefail
REPO="$(cd "$(dirname "$0")/../.." && pwd)"
BENCH_DIR="${BENCH_DIR:-/tmp/berth-bench-dashboard}"
COUNT="${1:-10000}"
export BERTH_HOME="${BERTH_HOME:-$BENCH_DIR/home}"
export BERTH_TEST_KAFKA_PORT="${BERTH_TEST_KAFKA_PORT:-39592}"
export BERTH_TEST_KAFKA_CONTROLLER_PORT="${BERTH_TEST_KAFKA_CONTROLLER_PORT:-39593}"
export BERTH_TEST_DB="${BERTH_TEST_DB:-berth_bench_dashboard}"
mkdir -p "$BENCH_DIR"
out="$BENCH_DIR/report.md"
rm -f "$out"
(cd "$REPO" && deploy/berth test -pl control-plane -am -Dtest=DashboardBenchIT -Dsurefire.failIfNoSpecifiedTests=false \
  -Dskip.npm.tests=true -Ddashboard.bench.out="$out" -Ddashboard.bench.containers="$COUNT") >"$BENCH_DIR/maven.log" 2>&1 ||
  { echo "the benchmark failed; see $BENCH_DIR/maven.log" >&2; exit 1; }
echo "## Dashboard — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores"
echo
echo "Command: \`bench/dashboard/run.sh $COUNT\`. Chromium $(chromium --version 2>/dev/null | awk '{print $2}') headless at 1280×800 via playwright-core."
echo
echo "| what | result |"
echo "| --- | --- |"
cat "$out"
