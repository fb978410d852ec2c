#!/usr/bin/env bash
# ThreadSanitizer on the threaded cases only: configures build/tsan (-DFIELDCHECK_TSAN=ON, no GUI),
# builds just tests/tsan's test_threads and the libraries it links, and runs it; the first race
# reported fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
build=build/tsan
# -g1: line tables are all a race report's two stacks need; smaller objects build and link faster.
launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_FLAGS_DEBUG=-g1 -DCMAKE_CXX_FLAGS_DEBUG=-g1 \
  -DFIELDCHECK_WERROR=ON -DFIELDCHECK_TSAN=ON \
  -DFIELDCHECK_SANITIZE=OFF -DFIELDCHECK_BUILD_APP=OFF -DFIELDCHECK_BENCH=OFF "${launcher[@]}" >/dev/null
cmake --build "$build" -j "$(nproc)" --target test_threads
# second_deadlock_stack: a lock-order report names both acquisitions, not only the second.
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 ${TSAN_OPTIONS:-}"
"$build/bin/test_threads" --no-version "$@"
