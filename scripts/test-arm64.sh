#!/usr/bin/env bash
# Runs the arm64 test suite (ctest in build/arm64, made by scripts/build-arm64.sh) under qemu-user:
# each test program through qemu-aarch64 with the arm64 sysroot, and, through binfmt_misc, the arm64
# programs tests start themselves (the depot, helper programs, python scripts' children, the GUI smoke
# test under Xvfb with the sysroot's Mesa). Prints the pass count and the time.
# Usage: scripts/test-arm64.sh [-R REGEX] [-E REGEX] [-j N]   (ctest's own options, passed on)
#   e.g. scripts/test-arm64.sh -R '^(checklists|store):'   the engine and store suites
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
# shellcheck source=scripts/arm64-env.sh
source scripts/arm64-env.sh
build=build/arm64
sysroot=$FIELDCHECK_ARM64_SYSROOT
[[ -f $build/CTestTestfile.cmake && -x $build/bin/fieldcheck-depot ]] \
  || { echo "test-arm64.sh: no arm64 build in $build: run scripts/build-arm64.sh first" >&2; exit 1; }
[[ -f $sysroot/.fieldcheck-packages ]] \
  || { echo "test-arm64.sh: no arm64 sysroot in $sysroot: run scripts/build-arm64.sh first" >&2; exit 1; }
arm64_host_tools

mode=$(arm64_exec_mode)
if [[ $mode == binfmt ]]; then
  echo "test-arm64.sh: arm64 programs start through binfmt_misc (qemu-aarch64), libraries from $sysroot"
else
  echo "test-arm64.sh: binfmt_misc cannot run arm64 programs here (not mounted, or qemu-aarch64 not registered):" >&2
  echo "  test programs run through qemu-aarch64-static -L, but the tests that start arm64 programs" >&2
  echo "  themselves fail: gui:, browser:, receipt:, and the cases that start fieldcheck-depot, fieldcheck" >&2
  echo "  or a helper program (README: arm64)" >&2
fi
# qemu-user finds the arm64 loader and libraries under this prefix; a child inherits it.
export QEMU_LD_PREFIX=$sysroot
# GStreamer's arm64 plugins and their scanner come from the sysroot; its registry cache is private,
# so a host's x86-64 registry is never read.
gst=$sysroot/usr/lib/aarch64-linux-gnu
export GST_PLUGIN_SYSTEM_PATH=$gst/gstreamer-1.0
export GST_PLUGIN_SCANNER=$gst/gstreamer1.0/gstreamer-1.0/gst-plugin-scanner
export GST_REGISTRY=$PWD/$build/gstreamer-registry.aarch64.bin
# Mesa's arm64 llvmpipe is found in the sysroot by its usual path (qemu's -L prefix applies to it).
# An emulated frame takes many times longer: the GUI smoke test stretches its waits and pauses by this.
export FIELDCHECK_TEST_SLOWDOWN=${FIELDCHECK_TEST_SLOWDOWN:-20}

log=$build/test-arm64.log
set +e
(cd "$build" && ctest --output-on-failure --timeout 900 -j "${FIELDCHECK_JOBS:-$(nproc)}" "$@") 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
summary=$(grep -E '^[0-9]+% tests passed' "$log" | tail -1 || true)
if [[ $summary =~ ([0-9]+)\ tests\ failed\ out\ of\ ([0-9]+) ]]; then
  failed=${BASH_REMATCH[1]}; total=${BASH_REMATCH[2]}
  # ctest counts a skipped test (exit 77 of the GUI smoke test) among the passed ones: not here.
  skipped=$(grep -cE '^[[:space:]]+[0-9]+ - .*\(Skipped\)$' "$log" || true)
  echo "arm64 under qemu-user ($mode): $((total - failed - skipped)) passed, $failed failed, $skipped skipped," \
       "in $((SECONDS - start)) s"
else
  echo "test-arm64.sh: ctest printed no summary (log: $log)" >&2
  exit 1
fi
exit "$status"
