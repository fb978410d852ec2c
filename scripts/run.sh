#!/usr/bin/env bash
# Sets up, builds, and starts the main job: a local depot with demo data and the tablet app enrolled
# to it. Data lives in $FIELDCHECK_DEMO_DIR (default ~/.local/share/fieldcheck-demo); run again to
# continue where you left off.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
build=build/release
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j "$(nproc)" --target fieldcheck fieldcheck_camera_gst fieldcheck-depot
bin="$PWD/$build/bin"

demo="${FIELDCHECK_DEMO_DIR:-$HOME/.local/share/fieldcheck-demo}"
port="${FIELDCHECK_DEMO_PORT:-8470}"
mkdir -p "$demo" && chmod 700 "$demo"

"$bin/fieldcheck-depot" serve --data "$demo/depot" --listen "127.0.0.1:$port" --demo &
depot_pid=$!
trap 'kill "$depot_pid" 2>/dev/null || true; wait "$depot_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  kill -0 "$depot_pid" 2>/dev/null || { echo "run: the depot did not start (see above)"; exit 1; }
  sleep 0.1
done

if [[ -r "$demo/depot/demo-office-password" ]]; then
  echo "run: the back office is at http://127.0.0.1:$port/ (log in as demo, password $(cat "$demo/depot/demo-office-password"))"
fi

if [[ ! -e "$demo/tablet/enrolled" ]]; then
  token="$("$bin/fieldcheck-depot" token create --data "$demo/depot" --technician demo --device demo-tablet)"
  "$bin/fieldcheck" enroll --data "$demo/tablet" --depot "http://127.0.0.1:$port" --token "$token"
  touch "$demo/tablet/enrolled"
fi
"$bin/fieldcheck" sync --data "$demo/tablet" || echo "run: first sync incomplete (the app retries by itself)"

app=("$bin/fieldcheck" --data "$demo/tablet" --demo "$@")
# A machine without a camera shows GStreamer's test picture in the photo and serial steps instead.
if [[ ! -e /dev/video0 && " $* " != *" --camera "* ]]; then
  echo "run: no camera at /dev/video0; the photo steps use the test picture (--camera test)."
  app+=(--camera test)
fi
if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
  echo "run: no display found; starting the app on a virtual display (Xvfb)."
  echo "run: a screenshot is written to build/screenshots/run.png after 5 s; stop with Ctrl-C."
  mkdir -p build/screenshots
  xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
    "$@" & app=$!
    sleep 5; import -window root build/screenshots/run.png 2>/dev/null || true
    wait $app' _ "${app[@]}"
else
  "${app[@]}"
fi
