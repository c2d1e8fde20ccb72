#!/usr/bin/env bash
# A streaming read replica of the local PostgreSQL cluster, on another port (default 5433), for the tests
# of the database router (DATABASE_REPLICA_URL=postgres://postgres@127.0.0.1:5433/<name>).
#
# Idempotent: a replica already streaming is left alone; a stopped one is started; one that cannot start
# or stream is copied afresh (pg_basebackup). The primary gets a replication entry in pg_hba.conf for
# 127.0.0.1 (trust, like its other local entries) and a configuration reload, never a restart.
# No replication slot: a replica left stopped must not make the primary keep WAL without limit; one that
# falls too far behind is simply copied again by the next run.
set -euo pipefail

PRIMARY_HOST=127.0.0.1
PRIMARY_PORT="${PRIMARY_PORT:-5432}"
REPLICA_PORT="${REPLICA_PORT:-5433}"
VERSION="$(ls /etc/postgresql | sort -V | tail -1)"
BIN="/usr/lib/postgresql/${VERSION}/bin"
REPLICA_DIR="${REPLICA_DIR:-/var/lib/postgresql/${VERSION}/replica-${REPLICA_PORT}}"
LOG="${REPLICA_DIR}/replica.log"

as_postgres() {
  if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi
}
primary_sql() { psql -X -q -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U postgres -d postgres -Atc "$1"; }
replica_sql() { psql -X -q -h 127.0.0.1 -p "$REPLICA_PORT" -U postgres -d postgres -Atc "$1" 2>/dev/null; }
streaming() { [ "$(replica_sql "SELECT status FROM pg_stat_wal_receiver" || true)" = streaming ]; }

wait_for_streaming() {
  for _ in $(seq 60); do streaming && return 0; sleep 0.5; done
  return 1
}

if streaming; then
  echo "Replica on port ${REPLICA_PORT} is streaming from port ${PRIMARY_PORT}."
  exit 0
fi

# The primary: allow replication connections from this machine (wal_level=replica is the default).
HBA="$(primary_sql "SHOW hba_file")"
if ! grep -Eq '^[[:space:]]*host[[:space:]]+replication[[:space:]]+all[[:space:]]+127\.0\.0\.1/32' "$HBA"; then
  echo "Allowing replication from 127.0.0.1 in ${HBA}"
  printf '\n# Streaming replica for the tests (scripts/start_replica.sh)\nhost replication all 127.0.0.1/32 trust\n' >>"$HBA"
  primary_sql "SELECT pg_reload_conf()" >/dev/null
fi
if [ "$(primary_sql "SHOW wal_level")" = minimal ]; then
  echo "The primary runs with wal_level=minimal: set wal_level=replica and restart it." >&2
  exit 1
fi

start() { as_postgres "$BIN/pg_ctl" -D "$REPLICA_DIR" -l "$LOG" -w -t 60 start >/dev/null; }

if [ -f "$REPLICA_DIR/standby.signal" ]; then
  if ! as_postgres "$BIN/pg_ctl" -D "$REPLICA_DIR" status >/dev/null 2>&1; then
    echo "Starting the replica on port ${REPLICA_PORT}"
    start || true
  fi
  if wait_for_streaming; then
    echo "Replica on port ${REPLICA_PORT} is streaming."
    exit 0
  fi
  echo "The replica in ${REPLICA_DIR} does not stream (see ${LOG}): copying it again."
  as_postgres "$BIN/pg_ctl" -D "$REPLICA_DIR" -m fast -w stop >/dev/null 2>&1 || true
fi

rm -rf "$REPLICA_DIR"
install -d -m 700 -o postgres -g postgres "$REPLICA_DIR"
echo "Copying the cluster on port ${PRIMARY_PORT} into ${REPLICA_DIR} (pg_basebackup)"
as_postgres "$BIN/pg_basebackup" -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U postgres -D "$REPLICA_DIR" \
  --wal-method=stream --checkpoint=fast --write-recovery-conf
# Debian keeps the configuration outside the data directory: the replica gets its own. A standby needs
# at least the primary's values of these limits.
as_postgres tee "$REPLICA_DIR/postgresql.conf" >/dev/null <<EOF
port = ${REPLICA_PORT}
listen_addresses = '127.0.0.1'
unix_socket_directories = '/var/run/postgresql'
hot_standby = on
hot_standby_feedback = on
max_connections = $(primary_sql "SHOW max_connections")
max_worker_processes = $(primary_sql "SHOW max_worker_processes")
max_locks_per_transaction = $(primary_sql "SHOW max_locks_per_transaction")
max_prepared_transactions = $(primary_sql "SHOW max_prepared_transactions")
max_wal_senders = $(primary_sql "SHOW max_wal_senders")
EOF
as_postgres tee "$REPLICA_DIR/pg_hba.conf" >/dev/null <<EOF
local all all trust
host all all 127.0.0.1/32 trust
EOF
as_postgres touch "$REPLICA_DIR/pg_ident.conf"
echo "Starting the replica on port ${REPLICA_PORT}"
start
if ! wait_for_streaming; then
  echo "The replica started but does not stream; see ${LOG}" >&2
  exit 1
fi
echo "Replica on port ${REPLICA_PORT} is streaming from port ${PRIMARY_PORT}."
