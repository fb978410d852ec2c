#!/usr/bin/env bash
# A throw-away PostgreSQL 15 cluster for tests and CI, in a directory of its own:
#   scripts/pg-cluster.sh start DIR   makes DIR (owned by the postgres user), initdb, starts the server
#                                     on 127.0.0.1 on a free port, makes the database `fieldcheck` and
#                                     the depot's role; prints the depot's connection URL (only that,
#                                     on standard output: url=$(scripts/pg-cluster.sh start DIR))
#   scripts/pg-cluster.sh url DIR     prints that URL again
#   scripts/pg-cluster.sh stop DIR    stops the server and removes DIR
# Runs as root (CI does): the server runs as `postgres` through runuser. It listens only on
# 127.0.0.1 and on a unix socket in DIR, never on Debian's own cluster's port or socket directory, so
# Debian's cluster (5432, /var/run/postgresql) may run beside it and is never touched. Durable as a
# production server: fsync=on, synchronous_commit=on, full_page_writes=on. Trust authentication, for
# the socket in DIR (0700, the postgres user's) and 127.0.0.1 only: no password to keep in a test.
# The depot's role `fieldcheck_depot` is no superuser: it may connect to `fieldcheck` and owns its
# schema `fieldcheck_depot` there (its search_path), nothing else (docs/deployment.md has the SQL).
set -euo pipefail
pg_bin=${FIELDCHECK_PG_BIN:-/usr/lib/postgresql/15/bin}
database=fieldcheck
role=fieldcheck_depot
marker=pg-cluster.owner  # in DIR: `stop` removes only a directory `start` made

die() { echo "pg-cluster.sh: $*" >&2; exit 1; }
say() { echo "pg-cluster.sh: $*" >&2; }
as_postgres() { runuser -u postgres -- "$@"; }

usage() { die "usage: pg-cluster.sh start DIR | url DIR | stop DIR"; }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

url_of() {
  local dir=$1
  [[ -f $dir/port ]] || die "$dir holds no cluster of this script (no $dir/port): start it first"
  echo "postgresql://$role@127.0.0.1:$(<"$dir/port")/$database"
}

# The settings that differ from initdb's: where it listens, and durability spelled out (the
# defaults, but a test that measures commits must not depend on a default someone changed).
write_settings() {
  local dir=$1 port=$2
  cat >"$dir/data/pg-cluster.conf" <<EOF
# scripts/pg-cluster.sh: a throw-away cluster on loopback.
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
fsync = on
synchronous_commit = on
full_page_writes = on
wal_sync_method = fdatasync
# Two depot instances with their pools, the tests' own connections and psql.
max_connections = 200
logging_collector = off
EOF
  # Trust on the socket in DIR (only root and postgres can enter it) and on 127.0.0.1; nothing else.
  cat >"$dir/data/pg_hba.conf" <<EOF
# scripts/pg-cluster.sh: throw-away cluster, loopback only.
local   all   all                  trust
host    all   all   127.0.0.1/32   trust
EOF
}

# The depot's database and its least-privileged role (the same SQL as docs/deployment.md).
make_database() {
  local dir=$1 port=$2
  as_postgres "$pg_bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir" -p "$port" -d postgres >/dev/null <<EOF
CREATE ROLE $role LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION;
CREATE DATABASE $database;
REVOKE ALL ON DATABASE $database FROM PUBLIC;
REVOKE CONNECT ON DATABASE postgres FROM PUBLIC;
GRANT CONNECT ON DATABASE $database TO $role;
\\connect $database
REVOKE ALL ON SCHEMA public FROM PUBLIC;
CREATE SCHEMA $role AUTHORIZATION $role;
ALTER ROLE $role IN DATABASE $database SET search_path = $role;
EOF
}

start() {
  local dir=$1 port tries
  [[ -e $dir/data ]] && die "$dir/data already exists: stop that cluster first (pg-cluster.sh stop $dir)"
  [[ -x $pg_bin/initdb ]] || die "no $pg_bin/initdb: install postgresql-15 (scripts/setup.sh)"
  [[ $(id -u) -eq 0 ]] || die "needs root (the server runs as the postgres user through runuser)"
  local made=0
  [[ -d $dir ]] || { mkdir -p "$dir"; made=1; }
  dir=$(realpath "$dir")
  chown postgres:postgres "$dir"
  chmod 0700 "$dir"
  if ! as_postgres test -w "$dir"; then
    ((made)) && rmdir "$dir"
    die "the postgres user cannot reach $dir: a directory above it is closed to others" \
        "(mktemp -d makes 0700 directories: pass the one mktemp made as DIR, not a directory inside it)"
  fi
  touch "$dir/$marker"
  # --no-sync: initdb's own files are not flushed (a throw-away cluster; saves most of initdb's time).
  # The server itself runs with fsync=on: every commit is durable.
  as_postgres "$pg_bin/initdb" -D "$dir/data" -U postgres -E UTF8 --locale=C --auth=trust --no-sync \
    >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; die "initdb in $dir/data failed (log above)"; }
  echo "include 'pg-cluster.conf'" >>"$dir/data/postgresql.conf"
  # A free port can be taken between asking and binding: try another one then.
  for tries in 1 2 3; do
    port=$(free_port)
    write_settings "$dir" "$port"
    if as_postgres "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 start >/dev/null 2>&1; then
      echo "$port" >"$dir/port"
      make_database "$dir" "$port"
      say "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') in $dir on 127.0.0.1:$port"
      url_of "$dir"
      return
    fi
    say "the server did not start on port $port (try $tries of 3): $(tail -n 3 "$dir/postgres.log" | tr '\n' ' ')"
  done
  die "PostgreSQL did not start in $dir (log: $dir/postgres.log)"
}

stop() {
  local dir=$1
  [[ -d $dir ]] || die "no directory $dir"
  [[ -f $dir/$marker ]] || die "$dir was not made by pg-cluster.sh start (no $marker): not removing it"
  if [[ -f $dir/data/postmaster.pid ]]; then
    # fast: rolls back open transactions and closes the depots' connections, then a clean checkpoint.
    as_postgres "$pg_bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null ||
      die "the server in $dir did not stop (log: $dir/postgres.log)"
  fi
  rm -rf "$dir"
}

(($# == 2)) || usage
case $1 in
  start) start "$2" ;;
  url) url_of "$2" ;;
  stop) stop "$2" ;;
  *) usage ;;
esac
