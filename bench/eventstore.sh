#!/usr/bin/env bash
# Event store benchmark: append throughput (single and batched, 1/4/16 writers), append -> Kafka
# latency at a steady 1,000 events/s, hosts projection rebuild over 1,000,000 events.
#
#   bench/eventstore.sh                      all three, 10 s per append run
#   BENCH_SECONDS=5 BENCH_ONLY=append bench/eventstore.sh
#
# Uses the machine's PostgreSQL (database berth_bench, created if missing, wiped by each run)
# and a Kafka broker: BENCH_KAFKA (default: the test broker deploy/berth test leaves on
# 127.0.0.1:19092; if nothing listens there, one is started for the run under BERTH_HOME/bench).
set -Eeuo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=deploy/lib/common.sh
source "$REPO/deploy/lib/common.sh"
# shellcheck source=deploy/lib/install.sh
source "$REPO/deploy/lib/install.sh"
# shellcheck source=deploy/lib/postgres.sh
source "$REPO/deploy/lib/postgres.sh"
# shellcheck source=deploy/lib/kafka.sh
source "$REPO/deploy/lib/kafka.sh"

BENCH_DB="${BENCH_DB:-berth_bench}"
BENCH_KAFKA="${BENCH_KAFKA:-127.0.0.1:19092}"
work="$BERTH_HOME/bench"
mkdir -p "$work/classes"

install_all
postgres_start
postgres_database "$BENCH_DB"

kafka_host="${BENCH_KAFKA%:*}" kafka_port="${BENCH_KAFKA##*:}"
if ! (exec 3<>"/dev/tcp/$kafka_host/$kafka_port") 2>/dev/null; then
  info "no broker on $BENCH_KAFKA: starting one for this run"
  rm -rf "$work/kafka" && mkdir -p "$work/kafka"
  trap 'kafka_stop "$work/kafka" >/dev/null' EXIT
  kafka_start "$work/kafka" "$kafka_port" "$((kafka_port + 1))"
fi

cd "$REPO"
info "building the control plane's classes"
./mvnw -q -B -o -pl control-plane -am compile dependency:build-classpath \
  -Dmdep.outputFile="$work/classpath.txt" >"$work/build.log" 2>&1 ||
  ./mvnw -q -B -pl control-plane -am compile dependency:build-classpath \
    -Dmdep.outputFile="$work/classpath.txt" >"$work/build.log" 2>&1 || die "build failed; read $work/build.log"
cp="$REPO/control-plane/target/classes:$REPO/protocol/target/classes:$(cat "$work/classpath.txt")"
javac -d "$work/classes" -cp "$cp" $(find "$REPO/bench/eventstore/src" -name '*.java')

info "running (PostgreSQL db $BENCH_DB on port $BERTH_PG_PORT, Kafka $BENCH_KAFKA)"
java -Xmx2g -cp "$work/classes:$cp" \
  -Dbench.pg="postgresql://127.0.0.1:$BERTH_PG_PORT/$BENCH_DB" \
  -Dbench.user="$BERTH_PG_USER" -Dbench.password="$BERTH_PG_PASSWORD" \
  -Dbench.kafka="$BENCH_KAFKA" -Dbench.seconds="${BENCH_SECONDS:-10}" \
  -Dbench.only="${BENCH_ONLY:-append,latency,rebuild}" \
  -Dbench.rebuild-events="${BENCH_REBUILD_EVENTS:-1000000}" \
  -Dbench.latency-batch="${BENCH_LATENCY_BATCH:-1}" \
  -Dbench.latency-warmup="${BENCH_LATENCY_WARMUP:-3}" \
  io.berth.bench.EventStoreBench 2>"$work/bench.log"
