#!/usr/bin/env bash
# Audit queries on a 1,000,000-event log: seeds a scratch database (berth_audit_bench, wiped by
# each run) with the event store's and the audit indexes' migrations and synthetic events, then
# runs each query of /api/v1/audit/* under EXPLAIN ANALYZE (plan and time).
#
#   bench/audit.sh
set -Eeuo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=deploy/lib/common.sh
source "$REPO/deploy/lib/common.sh"
# shellcheck source=deploy/lib/postgres.sh
source "$REPO/deploy/lib/postgres.sh"

BENCH_DB="${BENCH_DB:-berth_audit_bench}"
postgres_start
runuser -u postgres -- psql -p "$BERTH_PG_PORT" -qc "DROP DATABASE IF EXISTS \"$BENCH_DB\""
postgres_database "$BENCH_DB"
sql() { PGPASSWORD="$BERTH_PG_PASSWORD" psql -h 127.0.0.1 -p "$BERTH_PG_PORT" -U "$BERTH_PG_USER" -d "$BENCH_DB" -q "$@"; }
migrations="$REPO/control-plane/src/main/resources/db/migration"
for m in V1__event_store.sql V11__audit_indexes.sql V12__audit_digests.sql; do
  sql -f "$migrations/$m"
done
info "seeding 1,010,000 events"
sql -f "$REPO/bench/audit/seed.sql"
sql -f "$REPO/bench/audit/queries.sql" | grep -E '^[a-z]|Index|Execution Time'
