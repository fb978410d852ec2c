#!/usr/bin/env bash
# idle_cpu.sh BINDIR: the app's CPU when nobody touches it. A real depot (fieldcheck-depot serve
# --demo on 127.0.0.1), the app enrolled to it and synced once, started under Xvfb (Mesa software
# GL) with the demo day; a visit is opened to its prechecks by clicks, then nothing happens for
# 65 s: at least two background sync passes (every 30 s). Prints idle_cpu (% of one core, from
# every thread's schedstat) and idle_frames (frames drawn while idle: the hit-target file is rewritten after
# each frame, and its modification time is watched).
set -euo pipefail
bindir=$(realpath "${1:?usage: idle_cpu.sh BINDIR}")
seconds=${IDLE_SECONDS:-65}
work=$(mktemp -d /tmp/fieldcheck-idle.XXXXXX)
depot_pid=""; app_pid=""; xvfb_pid=""
cleanup() {
  for p in $app_pid $depot_pid $xvfb_pid; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "idle_cpu: $*"; [[ -f $work/app.log ]] && tail -20 "$work/app.log"; exit 1; }

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$bindir/fieldcheck-depot" serve --data "$work/depot" --listen "127.0.0.1:$port" --demo >"$work/depot.log" 2>&1 &
depot_pid=$!
for _ in $(seq 100); do curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
token=$("$bindir/fieldcheck-depot" token create --data "$work/depot" --technician demo --device idle-tablet)
"$bindir/fieldcheck" enroll --data "$work/tablet" --depot "http://127.0.0.1:$port" --token "$token" >/dev/null
"$bindir/fieldcheck" sync --data "$work/tablet" >/dev/null || fail "the first sync failed"

Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$work/display" >/dev/null 2>&1 &
xvfb_pid=$!
for _ in $(seq 100); do [[ -s $work/display ]] && break; sleep 0.1; done
[[ -s $work/display ]] || fail "Xvfb did not start"
export DISPLAY=":$(cat "$work/display")"
targets=$work/targets.txt
"$bindir/fieldcheck" --data "$work/tablet" --demo --hit-targets "$targets" --camera test 2>"$work/app.log" &
app_pid=$!
field() { awk -F'\t' -v id="$1" '$1 == id { print $2; exit }' "$targets"; }
click() {  # ID: waits up to 10 s for the item, clicks its middle
  for _ in $(seq 100); do [[ -n $(field "$1" 2>/dev/null) ]] && break; sleep 0.1; done
  read -r x0 y0 x1 y1 <<<"$(field "$1")" || fail "no $1 on screen"
  xdotool mousemove $(((x0 + x1) / 2)) $(((y0 + y1) / 2)) click 1; sleep 0.5
}
for _ in $(seq 150); do [[ -s $targets ]] && break; sleep 0.1; done
[[ -s $targets ]] || fail "the app drew no frame"
click "$(cut -f1 "$targets" | grep -m1 '^visit:')"
click start-visit
[[ $(head -1 "$targets" | cut -f2) == prechecks ]] || fail "the visit did not open to its prechecks"
xdotool mousemove 1 1; sleep 3  # the pointer off every button; let the last frames settle

# CPU time in ns of every thread (schedstat), finer than /proc/PID/stat's 10 ms ticks.
cpu_ns() { cat /proc/"$app_pid"/task/*/schedstat | awk '{ s += $1 } END { printf "%d", s }'; }
before=$(cpu_ns); start=$(date +%s.%N)
frames=0; last=$(stat -c %Y.%y "$targets")
end=$((SECONDS + seconds))
while ((SECONDS < end)); do
  now=$(stat -c %Y.%y "$targets")
  [[ $now != "$last" ]] && frames=$((frames + 1)) && last=$now
  sleep 0.05
done
after=$(cpu_ns); stop=$(date +%s.%N)
kill -0 "$app_pid" 2>/dev/null || fail "the app exited while idle"
pct=$(awk -v t=$((after - before)) -v a="$start" -v b="$stop" 'BEGIN { printf "%.3f", 100 * t / 1e9 / (b - a) }')
echo "idle_cpu: a visit open, enrolled, ${seconds} s without input: $(((after - before) / 1000000)) ms of CPU, ${pct} % of one core, $frames frames drawn"
echo "FIGURE idle_cpu $pct %"
echo "FIGURE idle_frames $frames frames"
