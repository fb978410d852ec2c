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

cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DFIELDCHECK_BUILD_APP=OFF >/dev/null
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
