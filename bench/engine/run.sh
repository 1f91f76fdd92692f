#!/usr/bin/env bash
# Engine benchmark: Berth's HostEngine against runc and podman on the same busybox image.
#   bench/engine/run.sh [rounds]      (root; writes a markdown report to stdout)
set -euo pipefail
REPO="$(cd "$(dirname "$0")/../.." && pwd)"
BENCH_DIR="${BENCH_DIR:-/tmp/berth-bench-engine}"
ROUNDS="${1:-20}"
source "$REPO/bench/engine/peers.sh"

engine_bench_setup

echo "# Engine benchmark — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores"
echo
echo "runc $(runc --version | head -1 | awk '{print $3}'), conmon $(conmon --version | head -1 | awk '{print $3}'), podman $(podman --version | awk '{print $3}')"
echo
"${ENGINE_BENCH[@]}" "$ROUNDS"
