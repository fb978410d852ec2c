#!/usr/bin/env bash
# app_memory.sh FIELDCHECK: the app's memory through a whole visit. Runs the GUI smoke walk
# (tests/gui_smoke.sh: the real binary under Xvfb, Mesa software GL, one visit walked by clicks,
# a camera photo, a signature, the customer's survey and receipt, then practice and portrait) with the
# binary wrapped so that its /proc/PID/smaps_rollup is read every 0.2 s. Prints the peak PSS and
# USS (private clean + dirty) in MiB as app_pss and app_uss.
set -euo pipefail
bin=$(realpath "${1:?usage: app_memory.sh FIELDCHECK}")
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/fieldcheck-memory.XXXXXX)
trap 'rm -rf "$work"' EXIT
samples=$work/samples
# The wrapper keeps its PID through exec, so the sampler started before the exec reads the app.
cat >"$work/fieldcheck" <<WRAP
#!/usr/bin/env bash
me=\$\$
( while [[ -r /proc/\$me/smaps_rollup ]]; do
    awk '/^Pss:/ {p=\$2} /^Private_(Clean|Dirty):/ {u+=\$2} END {if (p) print p, u}' /proc/\$me/smaps_rollup 2>/dev/null >>"$samples" || true
    sleep 0.2
  done ) &
exec "$bin" "\$@"
WRAP
chmod +x "$work/fieldcheck"
if ! "$root/tests/gui_smoke.sh" "$work/fieldcheck" "$work/shots" >"$work/walk.log" 2>&1; then
  cat "$work/walk.log"; echo "app_memory: the walk failed"; exit 1
fi
[[ -s $samples ]] || { echo "app_memory: no sample of the app's memory"; exit 1; }
read -r pss uss < <(awk '$1 > p {p=$1} $2 > u {u=$2} END {print p, u}' "$samples")
echo "app_memory: $(wc -l <"$samples") samples through the walk; peak PSS $((pss / 1024)) MiB, peak USS $((uss / 1024)) MiB"
echo "FIGURE app_pss $(awk -v k="$pss" 'BEGIN {printf "%.1f", k / 1024}') MiB"
echo "FIGURE app_uss $(awk -v k="$uss" 'BEGIN {printf "%.1f", k / 1024}') MiB"
