#!/usr/bin/env bash
# app_heap.sh FIELDCHECK [PRELOAD INTERPRET]: the app's own heap through a whole visit, by heaptrack.
# Runs the GUI smoke walk (tests/gui_smoke.sh: the real binary under Xvfb, one visit walked by clicks,
# a camera photo, a signature, the customer's survey and receipt, then practice and portrait) with
# every start of the binary traced by heaptrack's preload library. Prints the largest peak heap of
# those starts (malloc'ed bytes in use, not RSS) as app_heap, and the app's own share of it, without
# the GL driver's, as app_heap_own.
# Not the `heaptrack` command: it would stand between the smoke test and the app, whose PID the test
# signals; the wrapper sets the same two variables and execs the app, so the PID stays the app's.
# PRELOAD and INTERPRET default to this machine's heaptrack; for an arm64 binary run through qemu-user
# (binfmt, QEMU_LD_PREFIX set), PRELOAD is the arm64 library's path as the app sees it and INTERPRET
# the arm64 heaptrack_interpret in the sysroot.
set -euo pipefail
bin=$(realpath "${1:?usage: app_heap.sh FIELDCHECK [PRELOAD INTERPRET]}")
# Debian's heaptrack (1.4) keeps both in /usr/lib/heaptrack, on every architecture.
preload=${2:-/usr/lib/heaptrack/libheaptrack_preload.so}
interpret=${3:-/usr/lib/heaptrack/libexec/heaptrack_interpret}
for tool in heaptrack_print; do
  command -v "$tool" >/dev/null || { echo "app_heap: $tool is not installed (apt-get install heaptrack)"; exit 1; }
done
[[ -x $interpret ]] || { echo "app_heap: no heaptrack_interpret at $interpret"; exit 1; }
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/fieldcheck-heap.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir "$work/traces"
cat >"$work/fieldcheck" <<WRAP
#!/usr/bin/env bash
pipe=$work/traces/fifo.\$\$
mkfifo "\$pipe"
"$interpret" <"\$pipe" | gzip -c >"$work/traces/heap.\$\$.gz" &
export LD_PRELOAD="$preload\${LD_PRELOAD:+:\$LD_PRELOAD}" DUMP_HEAPTRACK_OUTPUT="\$pipe"
exec "$bin" "\$@"
WRAP
chmod +x "$work/fieldcheck"
if ! "$root/tests/gui_smoke.sh" "$work/fieldcheck" "$work/shots" >"$work/walk.log" 2>&1; then
  cat "$work/walk.log"; echo "app_heap: the walk failed"; exit 1
fi
# Each interpreter ends when its app has closed the pipe.
for _ in $(seq 300); do pgrep -f "$interpret" >/dev/null || break; sleep 0.1; done
# The GL driver's share: under Xvfb, Mesa's software rasteriser keeps the framebuffers, textures and
# compiled shaders in the heap (on a tablet's GPU they are in video memory). heaptrack's flame-graph
# stacks with cost "peak" give each backtrace's bytes at the moment of the peak; an allocation is the
# driver's when its allocating frame is unresolved (Debian's Mesa is stripped) and its nearest named
# caller is code that calls into GL. What remains is the app's own share: its code, ImGui, SQLite,
# GStreamer, X11's client library, libc.
classify='
import re, sys
gl = re.compile(r"^(gl[A-Z]\w*|glX\w*|glfw\w*|ImGui_ImplOpenGL3_\w*|fc::TabletWindow::end_frame|fc::CameraTexture::\w*)")
total = driver = 0
for line in open(sys.argv[1]):
    stack, _, cost = line.rstrip("\n").rpartition(" ")
    frames = [f for f in stack.split(";") if f]
    named = [f.split(" (")[0] for f in frames if not f.startswith("0x")]
    total += int(cost)
    if frames and frames[-1].startswith("0x") and named and gl.match(named[-1]):
        driver += int(cost)
print(total, total - driver)
'
peak=0; own_peak=0; starts=0
for trace in "$work"/traces/heap.*.gz; do
  [[ -s $trace ]] || continue
  starts=$((starts + 1))
  heaptrack_print -f "$trace" --print-peaks 0 --print-allocators 0 --print-temporary 0 --print-leaks 0 \
    --print-flamegraph "$work/stacks" --flamegraph-cost-type peak >/dev/null 2>&1 ||
    { echo "app_heap: heaptrack_print could not read $trace"; exit 1; }
  read -r bytes own < <(python3 -c "$classify" "$work/stacks")
  (( bytes > 0 )) || { echo "app_heap: no allocation in $trace"; exit 1; }
  echo "app_heap: start $starts: peak $bytes bytes, of which the app's own $own (the rest Mesa's software GL)"
  (( bytes > peak )) && peak=$bytes
  (( own > own_peak )) && own_peak=$own
done
(( starts > 0 )) || { echo "app_heap: no trace was written"; exit 1; }
mib() { awk -v b="$1" 'BEGIN {printf "%.2f", b / 1048576}'; }
echo "FIGURE app_heap $(mib "$peak") MiB"
echo "FIGURE app_heap_own $(mib "$own_peak") MiB"
