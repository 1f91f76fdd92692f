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

engine_bench_setup perf:linux-perf

data="$BENCH_DIR/starts.perf"
perf record -q -a -g -e sched:sched_switch -e sched:sched_process_fork -e sched:sched_process_exec -o "$data" -- \
  "${ENGINE_BENCH[@]}" "$ROUNDS" start >&2
echo "# Where starts wait — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, Linux $(uname -r)"
echo
grep -h favordynmods /proc/self/mountinfo >/dev/null && echo "A cgroup hierarchy is mounted with favordynmods." ||
  echo "No cgroup hierarchy is mounted with favordynmods."
echo
perf script -i "$data" 2>/dev/null | python3 "$REPO/bench/engine/offcpu.py"
