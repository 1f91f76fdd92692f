#!/usr/bin/env bash
# Where container starts wait: the start comparison of bench/engine/run.sh under perf (every
# scheduler switch with its kernel call chain, every fork and exec), then, per kind of start
# (Berth, bare runc run, podman), the time its runc spent blocked in the kernel, by reason.
#   bench/engine/trace.sh [rounds]      (root; writes a markdown table to stdout)
set -euo pipefail
REPO="$(cd "$(dirname "$0")/../.." && pwd)"
BENCH_DIR="${BENCH_DIR:-/tmp/berth-bench-engine}"
ROUNDS="${1:-10}"
source "$REPO/bench/engine/peers.sh"

peer_tools perf:linux-perf
mkdir -p "$BENCH_DIR"
busybox_image
runc_bundle
podman_setup
(cd "$REPO" && ./mvnw -B -q -pl engine -am package -DskipTests) >&2

data="$BENCH_DIR/starts.perf"
perf record -q -a -g -e sched:sched_switch -e sched:sched_process_fork -e sched:sched_process_exec -o "$data" -- \
  java -cp "$REPO/engine/target/berth-engine-0.1.0-SNAPSHOT.jar:$REPO/engine/target/lib/*" \
  "$REPO/bench/engine/EngineBench.java" "$BENCH_DIR" "$BENCH_DIR/image/busybox.tar" "$BENCH_DIR/runc-bundle" "$ROUNDS" start >&2
echo "# Where starts wait — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, Linux $(uname -r)"
echo
grep -h favordynmods /proc/self/mountinfo >/dev/null && echo "A cgroup hierarchy is mounted with favordynmods." ||
  echo "No cgroup hierarchy is mounted with favordynmods."
echo
perf script -i "$data" 2>/dev/null | python3 "$REPO/bench/engine/offcpu.py"
