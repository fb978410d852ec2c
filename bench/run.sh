#!/usr/bin/env bash
# Builds every benchmark (Release) into build/bench and runs each one, printing the machine first.
# Convention: a bench program takes one argument, a scratch directory on the filesystem it measures
# (here build/bench/data, on the same filesystem as the checkout), and prints its own figures.
set -euo pipefail
cd "$(dirname "$0")/.."
build=build/bench
data="$build/data"

mapfile -t programs < <(for f in bench/*.cpp; do basename "$f" .cpp; done)
if ((${#programs[@]} == 0)); then
  echo "bench: no bench programs" >&2
  exit 1
fi

# The app's libraries are configured (not all built) because camera_preview links the platform; only the
# bench programs below are built.
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DFIELDCHECK_BUILD_APP=ON -DFIELDCHECK_BENCH=ON >/dev/null
cmake --build "$build" -j "$(nproc)" --target "${programs[@]}" >/dev/null
mkdir -p "$data"

cpu=$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//' || true)
echo "machine:"
echo "  nproc:      $(nproc)"
echo "  cpu:        ${cpu:-unknown}"
echo "  kernel:     $(uname -srm)"
echo "  filesystem: $(df -T "$data" | awk 'NR==2 {print $2 " on " $1 " (mounted at " $7 ")"}') for $(cd "$data" && pwd)"
echo "  date:       $(date -u +%Y-%m-%dT%H:%M:%SZ)"
for p in "${programs[@]}"; do
  echo
  echo "== $p"
  rm -rf "${data:?}/$p"
  "$build/bin/$p" "$data/$p"
  rm -rf "${data:?}/$p"
done

# The soak at full size: tests/sync/depot/test_depot_soak.cpp (a doctest case, not a bench program), Release,
# 200 tablets against one `fieldcheck-depot serve` for FIELDCHECK_SOAK_SECONDS (default 180) of rounds;
# its temporary directories go under $data (TMPDIR), on the filesystem measured above. It prints its
# own block of figures and fails (exit non-zero) on any lost, duplicated or refused visit.
echo
echo "== depot soak (test_depot: a fleet of tablets)"
cmake --build "$build" -j "$(nproc)" --target test_depot fieldcheck-depot >/dev/null
TMPDIR="$(cd "$data" && pwd)" FIELDCHECK_SOAK_TABLETS="${FIELDCHECK_SOAK_TABLETS:-200}" \
  FIELDCHECK_SOAK_SECONDS="${FIELDCHECK_SOAK_SECONDS:-180}" \
  "$build/bin/test_depot" --test-case='a fleet of tablets*' --no-version
