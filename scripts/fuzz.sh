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
# -O1, asserts kept: fast enough to fuzz; line tables (not full -g) still give a crash a readable
# stack, and build and link faster.
cmake -S . -B "$build" -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" \
  -DFIELDCHECK_FUZZ=ON -DFIELDCHECK_BUILD_APP=OFF -DFIELDCHECK_UNITY=ON >/dev/null
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
# One target per core at a time: each fuzzer is one process on one thread.
fuzz_one() {
  local t=$1 seeds="tests/fuzz/corpus/$1" work="$build/corpus/$1"  # finds stay out of the source tree
  local log="$build/logs/$t.log" rc=0 result=ok
  mkdir -p "$work"
  "$build/bin/$t" -max_total_time="$seconds" -rss_limit_mb=512 -timeout=5 -print_final_stats=1 \
    -artifact_prefix="$build/artifacts/$t-" "$work" "$seeds" >"$log" 2>&1 || rc=$?
  local execs rate
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n1)
  ((rc == 0)) || result="FAILED (exit $rc, log $log)"
  printf '%-24s %12s %10s %s\n' "$t" "${execs:-?}" "${rate:-?}" "$result" >"$build/logs/$t.result"
  echo "$rc" >"$build/logs/$t.rc"
}
for t in "${targets[@]}"; do
  rm -f "$build/logs/$t.rc"
  while (($(jobs -rp | wc -l) >= $(nproc))); do wait -n || true; done
  fuzz_one "$t" &
done
wait
failed=()
for t in "${targets[@]}"; do [[ $(cat "$build/logs/$t.rc" 2>/dev/null) == 0 ]] || failed+=("$t"); done
printf '%-24s %12s %10s %s\n' target executions exec/s result
for t in "${targets[@]}"; do cat "$build/logs/$t.result" 2>/dev/null || echo "$t: no result (the run was killed)"; done
for t in "${failed[@]}"; do
  grep -E 'ERROR|broken promise|SUMMARY|Test unit written' "$build/logs/$t.log" | head -n 20 >&2 || true
done
if ((${#failed[@]})); then
  echo "fuzz: findings in ${failed[*]}" >&2
  exit 1
fi
