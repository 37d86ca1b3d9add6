#!/usr/bin/env bash
# A second PostgreSQL cluster with the server's defaults (fsync, synchronous_commit and
# full_page_writes on; shared_buffers 128 MB), for benchmarks that must count the disk:
#   BENCH_PG_URL=$(bash bench/pg-durable.sh | tail -n 1) npx tsx bench/settlement.ts 16 20
# Uses the Debian packages .ci/pg-start.sh installs; data in /tmp/yibao-pg-durable, port 5433.
set -euo pipefail
PORT="${PGPORT_DURABLE:-5433}"
DIR=/tmp/yibao-pg-durable
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
mkdir -p "$DIR" && chown postgres "$DIR"
if [ ! -f "$DIR/data/PG_VERSION" ]; then
  su postgres -c "$BIN/initdb -D $DIR/data -A scram-sha-256 --pwfile=<(echo yibao) >/dev/null"
fi
if ! su postgres -c "$BIN/pg_ctl -D $DIR/data status" >/dev/null 2>&1; then
  su postgres -c "$BIN/pg_ctl -D $DIR/data -o '-p $PORT -c max_connections=200 -k $DIR' -l $DIR/log start" >&2
fi
for _ in $(seq 1 30); do
  PGPASSWORD=yibao psql -h 127.0.0.1 -p "$PORT" -U postgres -Atc 'select 1' >/dev/null 2>&1 && break
  sleep 1
done
echo "postgres://postgres:yibao@127.0.0.1:$PORT/postgres"
