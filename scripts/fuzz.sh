#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan, build/fuzz) and runs each for a bounded time.
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET=30] [TARGET...]
# Prints the executions per target; exits non-zero when a target crashed, hung (-timeout), ran out
# of memory (-rss_limit_mb) or broke a promise; the input that did it is in build/fuzz/artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
shift || true
build=build/fuzz

if ! command -v clang++ >/dev/null; then
  echo "fuzz: clang++ not found (scripts/setup.sh installs clang and libclang-rt-14-dev)" >&2
  exit 1
fi
# -O1 -g, asserts kept: fast enough to fuzz, and a crash still has a readable stack.
cmake -S . -B "$build" -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g" -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" \
  -DFIELDCHECK_FUZZ=ON -DFIELDCHECK_BUILD_APP=OFF >/dev/null
cmake --build "$build" -j "$(nproc)" --target fuzz_targets

if (($#)); then
  targets=("$@")
else
  targets=()
  for src in tests/fuzz/fuzz_*.cpp; do targets+=("$(basename "$src" .cpp)"); done
fi

# The sanitizers must stop the run on the first finding; leaks count as findings.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}:abort_on_error=1
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}:halt_on_error=1:suppressions=$PWD/tests/fuzz/ubsan.supp
mkdir -p "$build/artifacts" "$build/logs"
failed=()
printf '%-24s %12s %10s %s\n' target executions exec/s result
for t in "${targets[@]}"; do
  seeds="tests/fuzz/corpus/$t"
  work="$build/corpus/$t"  # what the fuzzer finds stays out of the source tree
  mkdir -p "$work"
  log="$build/logs/$t.log"
  set +e
  "$build/bin/$t" -max_total_time="$seconds" -rss_limit_mb=512 -timeout=5 -print_final_stats=1 \
    -artifact_prefix="$build/artifacts/$t-" "$work" "$seeds" >"$log" 2>&1
  rc=$?
  set -e
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n1)
  result=ok
  if ((rc != 0)); then
    result="FAILED (exit $rc, log $log)"
    failed+=("$t")
    grep -E 'ERROR|broken promise|SUMMARY|Test unit written' "$log" | head -n 20 >&2 || true
  fi
  printf '%-24s %12s %10s %s\n' "$t" "${execs:-?}" "${rate:-?}" "$result"
done
if ((${#failed[@]})); then
  echo "fuzz: findings in ${failed[*]}" >&2
  exit 1
fi
