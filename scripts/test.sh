#!/usr/bin/env bash
# Sets up, builds (warnings as errors, AddressSanitizer + UBSan) and runs every test with ctest;
# the threaded cases also run under ThreadSanitizer in a build of their own.
set -euo pipefail
cd "$(dirname "$0")/.."
# Each stage says how long it took, so the 30-minute budget can be kept stage by stage.
start=$SECONDS
stage() { echo "== test.sh: $1 done at $((SECONDS - start)) s"; }
./scripts/setup.sh
stage setup
build=build/ci
# -g1: line tables are all a sanitizer's stack trace needs; objects are 40 % smaller and link faster.
debug_info=(-DCMAKE_C_FLAGS_DEBUG=-g1 -DCMAKE_CXX_FLAGS_DEBUG=-g1)
# Unity builds (FIELDCHECK_UNITY, CMakeLists.txt) here, in the fuzz build and in the build without
# sanitizers; the TSan build compiles the libraries file by file, so that CI still proves each of
# their files includes what it uses.
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Debug "${debug_info[@]}" -DFIELDCHECK_WERROR=ON -DFIELDCHECK_SANITIZE=ON \
  -DFIELDCHECK_UNITY=ON >/dev/null
cmake --build "$build" -j "$(nproc)"
stage "sanitizer build"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# Hostile bytes first: every libFuzzer target for 12 s, one per core at a time, in its own clang build
# (build/fuzz), so that ctest's summary is the run's closing line.
./scripts/fuzz.sh 12
stage fuzz
# Data races: the sync worker beside the GUI thread, the depot's worker pool (build/tsan, one program).
./scripts/tsan.sh
stage tsan
# The depot's memory under attack must stay within 20 MB of its start: a figure about the depot, not
# about ASan's allocator, which keeps about 1 MiB per worker thread (docs/reliability.md). So that
# test runs once more in a build without sanitizers. That build also holds the OpenGL ES 3 twin of the
# tablet app (the renderer's files compiled a second time, nothing else), whose smoke test runs here;
# the desktop renderer's runs in the sanitizer build's ctest below.
# It is the optimised build the packages ship (-O2; -g1 keeps line tables for a crash's backtrace).
plain=build/ci-plain
cmake -S . -B "$plain" -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O2 -g1 -DNDEBUG" \
  "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -g1 -DNDEBUG" -DFIELDCHECK_WERROR=ON -DFIELDCHECK_SANITIZE=OFF \
  -DFIELDCHECK_GLES3_TWIN=ON -DFIELDCHECK_UNITY=ON >/dev/null
cmake --build "$plain" -j "$(nproc)" --target test_depot_attack fieldcheck-depot fieldcheck-gles3 fieldcheck_camera_gst receipt_tablet \
  test_depot_pg fieldcheck
stage "plain build"
# The ES 3 walk spends most of its 90 s waiting for frames and clicks: it runs beside the next checks.
gles3_log=$plain/gles3-smoke.log
ctest --test-dir "$plain" --output-on-failure -R '^gui: the OpenGL ES 3 twin' >"$gles3_log" 2>&1 &
gles3_smoke=$!
"$plain/bin/test_depot_attack" --test-case='a live depot under attack*' --no-version
stage "memory under attack"
# The Debian packages from that build: installed with apt-get, run, purged (docs/deployment.md).
./scripts/package-deb.sh "$plain"
tests/packaging/install_purge.sh "$plain/packages"
stage "packages built, installed, run and purged"
# The single depot's backup as docs/deployment.md tells it: sqlite3 .backup while it serves, restored
# into a fresh data directory, checked and served again.
tests/deploy/sqlite_backup_restore.sh "$plain"
stage "SQLite backup taken while serving, restored and served"
# Several depots on one PostgreSQL (issue 16, docs/deployment.md): a throw-away cluster on a free port
# on 127.0.0.1, stopped and removed whatever happens. The storage-contract, ingest, API, process and
# sync cases run again on it (test_depot_pg: the same test files, a schema per test), with the cases
# only two instances or a restarting server can show; then two instances behind a real nginx.
pg_dir=$(mktemp -d /tmp/fieldcheck-ci-pg.XXXXXX)
trap 'scripts/pg-cluster.sh stop "$pg_dir" >/dev/null 2>&1 || true' EXIT
pg_url=$(scripts/pg-cluster.sh start "$pg_dir")
# The tests make a schema per test directory: the depot role may create schemas here, nowhere else.
runuser -u postgres -- psql -qX -h "$pg_dir" -p "$(<"$pg_dir/port")" -d fieldcheck -c \
  "GRANT CREATE ON DATABASE fieldcheck TO fieldcheck_depot"
FIELDCHECK_TEST_PG=$pg_url FIELDCHECK_TEST_PG_DIR=$pg_dir "$plain/bin/test_depot_pg" --no-version
scripts/pg-cluster.sh stop "$pg_dir"
trap - EXIT
stage "the depot suite on PostgreSQL"
tests/deploy/nginx_fleet.sh "$plain"
stage "two depots on PostgreSQL behind nginx with TLS"
gles3_ok=0; wait "$gles3_smoke" || gles3_ok=$?
cat "$gles3_log"
((gles3_ok == 0)) || { echo "test.sh: the OpenGL ES 3 smoke test failed (above)"; exit 1; }
stage "OpenGL ES 3 smoke test"
cd "$build" && ctest --output-on-failure -j "$(nproc)" --timeout 900
