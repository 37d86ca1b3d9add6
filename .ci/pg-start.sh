#!/usr/bin/env bash
# Installs PostgreSQL from Debian packages if missing, starts a cluster on 127.0.0.1:${PGPORT:-5432}
# and prints the URL the tests use. Idempotent: safe to run when the server already runs.
set -euo pipefail
PGPORT="${PGPORT:-5432}"
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql postgresql-contrib >/dev/null
fi
ver=$(ls /usr/lib/postgresql | sort -V | tail -1)
if ! pg_lsclusters -h 2>/dev/null | awk '{print $1" "$2}' | grep -q "^$ver main$"; then
  pg_createcluster "$ver" main -p "$PGPORT" >/dev/null
fi
conf="/etc/postgresql/$ver/main/postgresql.conf"
# A test server: speed over durability is fine here (benchmarks start their own settings).
grep -q '^# yibao-ci' "$conf" || cat >>"$conf" <<CONF
# yibao-ci
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
# Cache and checkpoints for a region simulation of a million insured (docs/benchmarks.md), whose
# database grows to about 14 GB: more than the 128 MB default cache, checkpoints further apart
# than 1 GB of WAL.
grep -q '^# yibao-ci-2' "$conf" || cat >>"$conf" <<CONF
# yibao-ci-2
shared_buffers = 2GB
max_wal_size = 8GB
checkpoint_timeout = 15min
CONF
# A larger cache for the same: at 2 GB about one lookup in ten of persons and enrolments in a
# million-insured run first wrote out a dirty page (docs/benchmarks.md). Later lines win.
grep -q '^# yibao-ci-3' "$conf" || cat >>"$conf" <<CONF
# yibao-ci-3
shared_buffers = 4GB
CONF
pg_ctlcluster "$ver" main start >&2 2>/dev/null || pg_ctlcluster "$ver" main status >/dev/null
for _ in $(seq 1 30); do
  su postgres -c "psql -qAtc 'select 1'" >/dev/null 2>&1 && break
  sleep 1
done
su postgres -c "psql -qc \"alter user postgres password 'yibao'\"" >/dev/null
echo "postgres://postgres:yibao@127.0.0.1:$PGPORT/postgres"
