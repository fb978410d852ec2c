#!/usr/bin/env bash
# The single depot's backup, as docs/deployment.md tells an operator to take it, restored and used.
# A real `fieldcheck-depot serve` on SQLite gets templates, a planning sheet, a back-office account
# and visits a real tablet store sealed and sent (with photos: attachments). While it serves and a
# tablet keeps syncing against it, `sqlite3 depot.db ".backup FILE"` copies the database, then the
# attachments and the depot's key are copied (that order: docs/deployment.md says why). The depot
# stops; the backup goes into a fresh data directory, where:
#   PRAGMA integrity_check is ok; export (csv and json) is byte for byte the original's; a depot
#   starts on it, and the same tablet seals one more visit and sends it there: its receipt verifies
#   with the key the tablet pinned at enrollment, and export then holds every visit once.
#   usage: tests/deploy/sqlite_backup_restore.sh BUILD_DIR   (bin/fieldcheck-depot, bin/receipt_tablet)
set -euo pipefail
build=${1:?usage: sqlite_backup_restore.sh BUILD_DIR}
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
depot=$build/bin/fieldcheck-depot
tablet_program=$build/bin/receipt_tablet
started=$SECONDS
die() { echo "sqlite_backup_restore: FAIL: $*" >&2; exit 1; }
say() { echo "sqlite_backup_restore: $*"; }

for p in "$depot" "$tablet_program"; do [[ -x $p ]] || die "no $p: build it in $build first"; done
command -v sqlite3 >/dev/null || die "no sqlite3 (scripts/setup.sh installs it)"

work=$(mktemp -d /tmp/fieldcheck-backup.XXXXXX)
depot_pid="" syncer_pid=""
stop_process() {
  local pid=$1
  [[ -n $pid ]] || return 0
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
cleanup() { stop_process "$syncer_pid"; stop_process "$depot_pid"; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port=$(free_port)
url=http://127.0.0.1:$port
tablet=$work/tablet

# serve DATA: a depot on $port; its pid in depot_pid once it says it listens.
serve() {
  local data=$1 log
  log=$work/serve-$(basename "$1").log
  "$depot" serve --data "$data" --listen "127.0.0.1:$port" >"$log" 2>&1 &
  depot_pid=$!
  for _ in $(seq 100); do grep -q "listening on" "$log" && return 0; sleep 0.1; done
  cat "$log" >&2
  die "the depot on $data did not say it listens on 127.0.0.1:$port (log above)"
}
stop_depot() {
  kill -TERM "$depot_pid"
  wait "$depot_pid" || die "the depot did not exit 0 on SIGTERM"
  depot_pid=""
}
# An admin command; what it says goes to admin.log, shown when it fails.
admin() {
  "$depot" "$@" 2>>"$work/admin.log" || { cat "$work/admin.log" >&2; die "fieldcheck-depot $* failed (its words above)"; }
}
exports() {  # DATA PREFIX: export as csv and json into PREFIX.csv, PREFIX.json
  admin export --data "$1" --format csv --out "$2.csv"
  admin export --data "$1" --format json --out "$2.json"
}
received() { python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["visits"]))' "$1"; }

# The depot's data: every shipped template, four visits for one technician, an office account.
data=$work/depot
for t in "$source_dir"/templates/*.json; do
  admin template import --data "$data" "$t" >/dev/null
done
token=$(admin token create --data "$data" --technician tech-backup)
today=$(date -u +%Y-%m-%d)
{
  echo "visit_id,technician_id,technician_name,customer_name,address,job_id,window_start,window_end,template_id"
  for v in 1 2 3 4; do
    echo "V-backup-$v,tech-backup,Sanne de Vries,Mevr. Jansen,Kerkstraat $v Ede,J-backup-$v,${today}T06:00:00Z,${today}T20:00:00Z,fiber-modem-install-nl"
  done
} >"$work/sheet.csv"
admin assign --data "$data" "$work/sheet.csv" >/dev/null
printf 'a long enough password\n' | admin user add planner-1 --role planner --data "$data" >/dev/null

serve "$data"
"$tablet_program" enroll "$tablet" "$url" "$token" >/dev/null || die "the tablet did not enroll at $url"
for v in 1 2 3; do "$tablet_program" seal "$tablet" "V-backup-$v" submit >/dev/null || die "the tablet could not seal V-backup-$v"; done
"$tablet_program" send "$tablet" >"$work/send.out" || die "the tablet could not send its visits: $(cat "$work/send.out")"
grep -qx "sent 3" "$work/send.out" || die "the tablet sent '$(cat "$work/send.out")', not 3 visits"
photos=$(find "$data/attachments" -type f ! -name '.incoming-*' | wc -l)
((photos > 0)) || die "the received visits left no attachments in $data/attachments"
exports "$data" "$work/serving"
[[ $(received "$work/serving.json") == 3 ]] || die "the depot's export holds $(received "$work/serving.json") visits, not 3"

# The backup, while the depot serves and a tablet syncs against it (reads, key checks): first the
# database through SQLite, then the attachments and the key.
( while :; do "$tablet_program" send "$tablet" >/dev/null 2>&1 || true; done ) &
syncer_pid=$!
backup=$work/backup
mkdir -m 0700 "$backup"
sqlite3 "$data/depot.db" ".backup '$backup/depot.db'" || die "sqlite3 .backup of $data/depot.db failed while the depot served"
cp -a "$data/attachments" "$backup/attachments"
cp -a "$data/depot-signing.key" "$backup/"
stop_process "$syncer_pid"; syncer_pid=""
check=$(sqlite3 "$backup/depot.db" "PRAGMA integrity_check") || die "sqlite3 cannot read the backup"
[[ $check == ok ]] || die "PRAGMA integrity_check of the backup: $check"
say "backup taken while serving: depot.db $(stat -c %s "$backup/depot.db") bytes, $photos attachments; integrity_check ok"

stop_depot
exports "$data" "$work/original"
cmp -s "$work/serving.csv" "$work/original.csv" || die "the original's export changed between the backup and the stop"

# The restore: a fresh data directory, private like the one the depot makes.
restored=$work/restored
mkdir -m 0700 "$restored"
cp -a "$backup/depot.db" "$backup/depot-signing.key" "$restored/"
cp -a "$backup/attachments" "$restored/attachments"
exports "$restored" "$work/restored"
for f in csv json; do
  cmp "$work/original.$f" "$work/restored.$f" || die "the restored depot's $f export differs from the original's"
done
diff -r "$data/attachments" "$restored/attachments" >/dev/null || die "the restored attachments differ from the original's"
# Every file is read (no early exit): a pipe closed early would be SIGPIPE, which pipefail turns
# into "all good".
misnamed=$(cd "$restored/attachments" && find . -type f ! -name '.incoming-*' -printf '%f\n' |
  while read -r f; do [[ $(sha256sum <"$f" | cut -d' ' -f1) == "$f" ]] || echo "$f"; done)
[[ -z $misnamed ]] || die "restored attachments whose bytes do not match their name (SHA-256): $misnamed"
say "restored: csv and json exports identical to the original's ($(received "$work/restored.json") visits), attachments identical"

# The restored depot serves the same tablet: a new visit's receipt must verify with the key the
# tablet pinned from the original depot (the key file is part of the backup).
serve "$restored"
"$tablet_program" seal "$tablet" V-backup-4 submit >/dev/null || die "the tablet could not seal V-backup-4"
"$tablet_program" send "$tablet" >"$work/send4.out" 2>"$work/send4.err" ||
  die "the tablet could not send V-backup-4 to the restored depot: $(cat "$work/send4.out" "$work/send4.err")"
grep -qx "sent 1" "$work/send4.out" || die "the tablet sent '$(cat "$work/send4.out")' to the restored depot, not 1 visit"
stop_depot
exports "$restored" "$work/after"
python3 - "$work/after.json" <<'EOF' || die "the restored depot's export does not hold V-backup-1..4 once each"
import collections, json, sys
ids = collections.Counter(v["visit_id"] for v in json.load(open(sys.argv[1]))["visits"])
sys.exit(0 if sorted(ids) == [f"V-backup-{n}" for n in range(1, 5)] and set(ids.values()) == {1} else 1)
EOF
check=$(sqlite3 "$restored/depot.db" "PRAGMA integrity_check")
[[ $check == ok ]] || die "PRAGMA integrity_check of the restored depot after use: $check"
say "PASS: the restored depot took a new visit with its old key; 4 visits once each ($((SECONDS - started)) s)"
