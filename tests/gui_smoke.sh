#!/usr/bin/env bash
# GUI smoke test: starts the real fieldcheck binary under Xvfb, walks one visit with real X clicks
# (xdotool) and no hardware key: text is typed by tapping the on-screen keyboard's keys. Saves a PNG
# of each screen.
#   usage: gui_smoke.sh FIELDCHECK_BINARY SCREENSHOT_DIR [gl3|gles3]
# The binary writes its tappable items per frame (--hit-targets), so clicks go to a button by its id
# at the position the app drew it, never to a hard-coded coordinate. With gl3 or gles3 the walk stops
# at the first frame unless the app's "renderer:" line names that kind of context (desktop OpenGL 3
# or later, or OpenGL ES 3): Mesa under Xvfb offers both, so each renderer proves it ran its own path.
set -euo pipefail
usage="usage: gui_smoke.sh FIELDCHECK_BINARY SCREENSHOT_DIR [gl3|gles3]"
bin=${1:?$usage}
shots=${2:?$usage}
expected_api=${3:-}
[[ $expected_api =~ ^(|gl3|gles3)$ ]] || { echo "gui_smoke: the third argument must be gl3 or gles3, not '$expected_api'; $usage"; exit 2; }
for tool in Xvfb xdotool import convert pdftoppm; do
  command -v "$tool" >/dev/null || { echo "gui_smoke: $tool is not installed (scripts/setup.sh installs it)"; exit 77; }
done

work=$(mktemp -d /tmp/fieldcheck-smoke.XXXXXX)
app_pid=""; xvfb_pid=""
cleanup() {
  [[ -n $app_pid ]] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null || true
  [[ -n $xvfb_pid ]] && kill "$xvfb_pid" 2>/dev/null && wait "$xvfb_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$shots"
# Under emulation (scripts/test-arm64.sh runs the arm64 binary under qemu-user) each frame takes many
# times longer: every wait and every pause after a gesture is stretched by this whole factor.
slow=${FIELDCHECK_TEST_SLOWDOWN:-1}
settle() { sleep "$(awk -v s="$1" -v k="$slow" 'BEGIN { print s * k }')"; }
targets=$work/targets.txt

# Mesa and X11 keep a few allocations for the life of the process; they are not ours.
export LSAN_OPTIONS="suppressions=$(cd "$(dirname "$0")" && pwd)/gui_lsan.supp:${LSAN_OPTIONS:-}"

Xvfb -displayfd 3 -screen 0 1280x1280x24 -nolisten tcp 3>"$work/display" >/dev/null 2>&1 &
xvfb_pid=$!
for _ in $(seq 100); do [[ -s $work/display ]] && break; sleep 0.1; done
[[ -s $work/display ]] || { echo "gui_smoke: Xvfb did not start"; exit 1; }
export DISPLAY=":$(cat "$work/display")"

fail() { echo "gui_smoke: FAIL: $*"; [[ -f $targets ]] && cat "$targets"; exit 1; }

start_app() {  # WxH
  rm -f "$targets"
  win_h=${1#*x}
  # HOME: the photo list starts in ~/Pictures, where the test photo is.
  # --camera files:: the camera shows the modem's serial as a QR code, for the photo and the scanner.
  HOME="$work/home" "$bin" --data "$work/data" --demo --size "$1" --hit-targets "$targets" --timings \
    --camera "files:$work/camera" 2>>"$work/app.log" &
  app_pid=$!
  for _ in $(seq $((150 * slow))); do [[ -s $targets ]] && break; sleep 0.1; done
  [[ -s $targets ]] || fail "the app drew no frame (log: $(cat "$work/app.log"))"
  xdotool mousemove 5 5
}
stop_app() {
  kill "$app_pid"; wait "$app_pid" || true; app_pid=""
}
# The app says on stderr which context it got (platform/tablet_window.cpp), before its first frame.
check_renderer() {
  local line
  line=$(grep -m1 '^renderer: ' "$work/app.log") || fail "the app did not say which OpenGL context it got (no 'renderer:' line on stderr)"
  echo "gui_smoke: $line"
  case $expected_api in
    gles3) [[ $line =~ ^renderer:\ OpenGL\ ES\ 3\. ]] || fail "expected an OpenGL ES 3 context, the app got: ${line#renderer: }" ;;
    gl3) [[ $line =~ ^renderer:\ OpenGL\ [3-9]\. ]] || fail "expected a desktop OpenGL 3 context or later, the app got: ${line#renderer: }" ;;
    *) ;;
  esac
}
screen_is() { [[ $(head -1 "$targets" | cut -f2) == "$1" ]]; }
has() { cut -f1 "$targets" | grep -qxF -- "$1"; }
# Waits up to 5 s (times $slow) for an item (or a screen, "screen:NAME") to appear.
wait_for() {
  for _ in $(seq $((50 * slow))); do
    if [[ $1 == screen:* ]]; then screen_is "${1#screen:}" && return 0; else has "$1" && return 0; fi
    sleep 0.1
  done
  fail "waited for $1"
}
field() { awk -F'\t' -v id="$1" -v n="$2" '$1 == id { print $n; exit }' "$targets"; }
# Drags the list with the finger (real pointer events) until the item is wholly on screen.
scroll_into_view() {
  local height=$1 id=$2
  for _ in $(seq 20); do
    [[ $(field "$id" 2) == "$(field "$id" 3)" && $(field "$id" 4) != *hidden* ]] && return 0
    read -r _ fy0 _ _ <<<"$(field "$id" 3)"
    # Start on a button in the middle band of the screen (never a text field): a drag there scrolls.
    local from; from=$(awk -F'\t' -v lo=$((height * 3 / 10)) -v hi=$((height * 7 / 10)) '
      $4 ~ /^tap/ && $4 !~ /hidden/ && $1 !~ /^(text-answer|photo-path|photo-folder|reason|measure-note|cause-text|comment:)/ {
        split($2, r, " "); cy = (r[2] + r[4]) / 2; if (cy > lo && cy < hi) { print int((r[1] + r[3]) / 2), int(cy); exit } }' "$targets")
    [[ -n $from ]] || fail "nothing to drag to reach $id"
    read -r sx sy <<<"$from"
    local dy=-250; (( fy0 < height / 2 )) && dy=250
    xdotool mousemove "$sx" "$sy" mousedown 1
    for i in 1 2 3 4 5 6 7 8 9 10; do xdotool mousemove "$sx" $((sy + dy * i / 10)); settle 0.02; done
    xdotool mouseup 1; settle 0.3
  done
  fail "could not scroll $id into view"
}
click() {
  wait_for "$1"
  scroll_into_view "$win_h" "$1"
  read -r x0 y0 x1 y1 <<<"$(field "$1" 2)"
  xdotool mousemove $(((x0 + x1) / 2)) $(((y0 + y1) / 2)); settle 0.1
  xdotool click 1; settle 0.35
}
shot() { import -window root -crop "$1+0+0" "$shots/$2.png"; echo "gui_smoke: $shots/$2.png"; }
# Taps the on-screen keyboard's key for one character, looking for it as a person would: on this
# layer, shifted, then on the accents and 123 layers.
kb_key() {
  local id=$1 layer
  for layer in "" kb:abc kb:accents kb:123; do
    if [[ -n $layer ]]; then has "$layer" || continue; click "$layer"; fi
    if has "$id"; then click "$id"; return 0; fi
    click kb:shift
    if has "$id"; then click "$id"; return 0; fi
    click kb:shift; click kb:shift  # caps lock, then off
  done
  fail "no key $id on the on-screen keyboard"
}
# Types into the focused field by taps alone (no xdotool key or type).
type_text() {
  local text=$1 i
  wait_for kb:hide
  for ((i = 0; i < ${#text}; i++)); do
    case ${text:i:1} in
      " ") kb_key kb:space ;;
      *) kb_key "kb:${text:i:1}" ;;
    esac
  done
}
export LC_ALL=C.UTF-8  # ${text:i:1} is one character, not one byte
mkdir -p "$work/home/Pictures"
convert -size 640x480 xc:'#d8dde6' -fill '#223' -draw 'rectangle 200,150 440,330' "$work/home/Pictures/modem.png"
mkdir -p "$work/camera"
command -v zint >/dev/null || { echo "gui_smoke: zint is not installed (scripts/setup.sh installs it)"; exit 77; }
# The files are shown in name order, a second each: the scanner first sees the modem without its
# label (so the screenshot catches the scanner looking), then the label.
cp "$work/home/Pictures/modem.png" "$work/camera/1-modem.png"
zint -b QRCODE --scale=8 --whitesp=4 --vwhitesp=4 -d "ZTEG-1A2B3C4D" -o "$work/camera/2-modem-label.png" >/dev/null

start_app 1280x800
check_renderer
wait_for screen:today
shot 1280x800 01-today
visit=$(cut -f1 "$targets" | grep -m1 '^visit:')

click "$visit";          wait_for screen:visit-overview; shot 1280x800 02-visit-overview
click start-visit;       wait_for screen:prechecks
for id in $(cut -f1 "$targets" | grep '^met:'); do click "$id"; done
shot 1280x800 03-prechecks
click begin-steps;       wait_for screen:step-runner

for _ in $(seq 30); do
  screen_is step-runner || break
  if has confirm; then click confirm
  elif has save-measure; then click key:sign; click key:1; click key:7; shot 1280x800 05-measure; click save-measure
  elif has save-text; then
    click text-answer; type_text "SN 4471-0098 ö"
    [[ -f $shots/keyboard.png ]] || shot 1280x800 keyboard
    click save-text
  elif has save-serial; then
    # Scanned from the camera's picture of the label: no key, no typing.
    click scan
    if has scanner-preview && [[ ! -f $shots/scanner.png ]]; then shot 1280x800 scanner; fi
    for _ in $(seq $((100 * slow))); do has serial-passes && break; sleep 0.1; done
    has serial-passes || fail "the modem's serial was not scanned from the camera"
  elif has shutter; then
    settle 0.5; [[ -f $shots/camera.png ]] || shot 1280x800 camera
    click shutter; wait_for keep-photo; click keep-photo
  elif has use-photo-path; then click photo:modem.png
  elif has save-signature; then
    rect=$(awk -F'\t' '$1 == "signature-pad" { print $2 }' "$targets"); read -r x0 y0 x1 y1 <<<"$rect"
    xdotool mousemove $((x0 + 60)) $((y1 - 60)) mousedown 1
    for i in $(seq 1 12); do xdotool mousemove $((x0 + 60 + i * 30)) $((y1 - 60 - (i % 4) * 18)); settle 0.02; done
    xdotool mouseup 1; settle 0.2
    shot 1280x800 06-signature; click save-signature
  elif has done; then click done
  elif opt=$(cut -f1 "$targets" | grep -m1 '^option:'); then click "$opt"
  fi
  grep -q "^message-ok" "$targets" && fail "the step was refused: $(cat "$targets")"
  [[ -f $shots/04-step-runner.png ]] || shot 1280x800 04-step-runner
  if has start-handover; then click start-handover; else click next; fi
done
# Template format 2: the handover is the customer's, on the customer's screen; they confirm and sign.
wait_for screen:customer-mode
has to-customer && fail "the customer's handover offers the technician's hand-over button"
shot 1280x800 07-handover
for id in $(cut -f1 "$targets" | grep '^confirm:'); do click "$id"; done
pad=$(cut -f1 "$targets" | grep -m1 '^signature-pad:') || fail "no signature item on the customer's handover"
scroll_into_view "$win_h" "$pad"
rect=$(field "$pad" 2); read -r x0 y0 x1 y1 <<<"$rect"
xdotool mousemove $((x0 + 60)) $((y1 - 60)) mousedown 1
for i in $(seq 1 12); do xdotool mousemove $((x0 + 60 + i * 30)) $((y1 - 60 - (i % 4) * 18)); settle 0.02; done
xdotool mouseup 1; settle 0.2
shot 1280x800 07b-customer-signs
click "sign:${pad#signature-pad:}"
wait_for "smiley:rate-appointment:1"
grep -q 'selected' <(grep '^smiley:' "$targets") && fail "a smiley was pre-selected"
shot 1280x800 08-customer-mode
for id in $(cut -f1 "$targets" | grep '^smiley:.*:5$'); do click "$id"; done
shot 1280x800 09-customer-answered
# Issue 13: the customer's receipt on screen, and page 1 of the A4 PDF the seal kept beside the store.
click submit;            wait_for screen:receipt
wait_for receipt-seal
shot 1280x800 receipt
pdfs=("$work"/data/receipts/*.pdf)
[[ -f ${pdfs[0]} ]] || fail "the seal kept no receipt PDF in the data directory"
pdftoppm -r 100 -png -f 1 -l 1 -singlefile "${pdfs[0]}" "$shots/receipt-pdf" || fail "pdftoppm could not draw the receipt PDF"
echo "gui_smoke: $shots/receipt-pdf.png"
click technician;        wait_for pin-ok
click pin:1; click pin:2; click pin:3; click pin:4
shot 1280x800 11-pin
click pin-ok;            wait_for screen:close
shot 1280x800 12-close
click done;              wait_for screen:today
click sync;              wait_for screen:sync
shot 1280x800 13-sync
click back;              wait_for screen:today
click practice;          wait_for screen:practice-picker
shot 1280x800 14-practice-picker
click "$(cut -f1 "$targets" | grep -m1 '^template:')"; wait_for screen:prechecks
shot 1280x800 15-practice
stop_app

# Portrait: the same store, reopened in 800x1280.
start_app 800x1280
wait_for screen:today
shot 800x1280 16-today-portrait
click "$(cut -f1 "$targets" | grep '^visit:' | sed -n 3p)"; wait_for screen:visit-overview
shot 800x1280 17-overview-portrait
click start-visit;       wait_for screen:prechecks
for id in $(cut -f1 "$targets" | grep '^met:'); do click "$id"; done
click begin-steps;       wait_for screen:step-runner
for _ in $(seq 5); do has save-measure && break; if has confirm; then click confirm; elif opt=$(cut -f1 "$targets" | grep -m1 '^option:'); then click "$opt"; fi; click next; done
shot 800x1280 18-measure-portrait
stop_app

# The stories, one screenshot each (issue 10), on the same store in landscape. The app reopens the
# visit the portrait walk left in its steps; back to the day's list first.
start_app 1280x800
wait_for screen:step-runner
click back-to-today;       wait_for screen:today
# Story 000: of the day's fiber visits only the one whose patch nobody confirmed is red.
red=$(cut -f1 "$targets" | grep -c '^badge:.*:red$' || true)
[[ $red == 1 ]] || fail "expected exactly one red visit on the day's list, found $red"
red_visit=$(cut -f1 "$targets" | grep '^badge:.*:red$' | sed 's/^badge:\(.*\):red$/\1/')
[[ $red_visit == *-04 ]] || fail "the red visit is $red_visit, not the one whose patch is unconfirmed"
shot 1280x800 story-000-today
click "visit:$red_visit";  wait_for screen:visit-overview
click start-visit;         wait_for screen:prechecks
click not-possible;        wait_for screen:close
has precheck-open || fail "the close screen does not say which blocking precheck is still open"
has cause:network_fault && fail "a network fault is offered while the patch precheck is open (story 000)"
shot 1280x800 story-000-close
click to-prechecks;        wait_for screen:prechecks
click back;                wait_for screen:today
# Story 002: the alarm question was asked at the intake, before departure, and the tablet says who confirmed it.
click "$(cut -f1 "$targets" | grep -m1 '^visit:.*-02$')"; wait_for screen:visit-overview
click start-visit;         wait_for screen:prechecks
wait_for intake:alarm-asked-at-intake
shot 1280x800 story-002-prechecks
click back;                wait_for screen:today
# Story 001: the third attempt shows the job's history and the escalation.
click "$(cut -f1 "$targets" | grep -m1 '^visit:.*-03$')"; wait_for screen:visit-overview
has escalation || fail "the third attempt on the job shows no escalation (story 001)"
shot 1280x800 story-001-history
stop_app

grep -h "fieldcheck:" "$work/app.log" || true
echo "gui_smoke: OK, screenshots in $shots"
