#!/usr/bin/env bash
# PostgreSQL 15 doing the hub's ingest work (pg_baseline.sql), for
# hub_bench's comparison in the same run:
#
#   tools/bench/pg_baseline.sh SECONDS CLIENTSxPER_TXN...
#
# Starts Debian's postgresql-15 in a new temporary directory on 127.0.0.1
# (a free port; as the postgres user when run as root), with fsync and
# synchronous_commit on, and for each shape runs pgbench with CLIENTS
# connections, each transaction submitting PER_TXN submissions. Prints
# "pg CLIENTSxPER_TXN SUBMISSIONS_PER_SECOND" per shape; stops and removes
# the cluster on exit.
set -euo pipefail
seconds=$1
shift
bin=/usr/lib/postgresql/15/bin
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d "${TMPDIR:-/tmp}/hub_pg_XXXXXX")
as=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres "$dir"
  chmod 755 "$dir"
  as=(runuser -u postgres --)
fi
cleanup() {
  "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
"${as[@]}" "$bin/initdb" -D "$dir/data" -A trust -U bench >"$dir/initdb.log" 2>&1
for _ in 1 2 3 4 5; do
  port=$((20000 + RANDOM % 30000))
  if "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o \
      "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=on \
       -c synchronous_commit=on -c full_page_writes=on \
       -c shared_buffers=256MB -c max_connections=64" start >/dev/null; then
    break
  fi
  port=""
done
[ -n "$port" ] || { cat "$dir/server.log" >&2; exit 1; }
psql=(psql -q -h 127.0.0.1 -p "$port" -U bench -d postgres -v ON_ERROR_STOP=1)
"${psql[@]}" -f "$here/pg_baseline.sql" >/dev/null
echo 'SELECT submit_batch(:n);' >"$dir/submit.sql"
for shape in "$@"; do
  clients=${shape%x*}
  per_txn=${shape#*x}
  # Each shape starts from the same tables: the chain and records so far.
  out=$(pgbench -h 127.0.0.1 -p "$port" -U bench -n -c "$clients" \
        -j "$clients" -T "$seconds" -D n="$per_txn" -f "$dir/submit.sql" \
        postgres 2>&1) || { echo "$out" >&2; exit 1; }
  tps=$(echo "$out" | sed -n 's/^tps = \([0-9.]*\) .*/\1/p' | head -1)
  echo "pg $shape $(echo "$tps * $per_txn" | bc -l)"
done
