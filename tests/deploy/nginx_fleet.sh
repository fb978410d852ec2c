#!/usr/bin/env bash
# Two depot instances on one PostgreSQL behind a real nginx with TLS, configured from the shipped site
# file (packaging/nginx/fieldcheck-depot-fleet), and real tablet stores syncing through it (issue 16):
#   1. a test CA and a server certificate for 127.0.0.1 (openssl), nginx's config made from the
#      shipped site file (ports, certificate paths: each substitution must match once), `nginx -t`;
#   2. a throw-away PostgreSQL cluster (scripts/pg-cluster.sh), nginx as a non-root process;
#   3. nginx's body limits: one byte over a visit's 4 MiB, an attachment's 32 MiB and the small
#      API bodies' 64 KiB gets 413 from nginx with the depot's JSON error; exactly the limit passes;
#   4. two `fieldcheck-depot serve --db URL --data SHARED --trusted-proxy 127.0.0.1` instances; four
#      tablets (the real `fieldcheck enroll --ca-file` and `fieldcheck sync`; visits sealed by
#      tests/programs/receipt_tablet) sync at once through https://127.0.0.1:PORT, one of them
#      twice from two copies of its store (the same visit raced through the proxy);
#   5. the depot's export holds each visit exactly once, and both instances took requests.
#   (3b. before the depots, two stand-ins on their ports show what nginx passes on and when it sends
#   a request again: never an API request once sent, a page's GET to the other instance.)
# Steps 4-5 need `serve --db` (issue 16's storage layer): without it the script stops there and fails.
# FIELDCHECK_FLEET_DRY_RUN=sqlite runs steps 4-5 with both instances on one SQLite data directory
# instead: a check of this script's own steps, not of the fleet's one truth.
#   usage: tests/deploy/nginx_fleet.sh BUILD_DIR    (bin/fieldcheck-depot, bin/fieldcheck, bin/receipt_tablet)
set -euo pipefail
build=$(realpath "${1:?usage: nginx_fleet.sh BUILD_DIR}")
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
site=$source_dir/packaging/nginx/fieldcheck-depot-fleet
depot=$build/bin/fieldcheck-depot
app=$build/bin/fieldcheck
sealer=$build/bin/receipt_tablet
started=$SECONDS
die() { echo "nginx_fleet: FAIL: $*" >&2; exit 1; }
say() { echo "nginx_fleet: $*"; }

for p in "$depot" "$app" "$sealer"; do [[ -x $p ]] || die "no $p: build it in $build first"; done
for tool in nginx openssl curl python3; do command -v "$tool" >/dev/null || die "no $tool (scripts/setup.sh installs it)"; done

work=$(mktemp -d /tmp/fieldcheck-fleet.XXXXXX)
pg_dir="" nginx_pid="" depot_pids=() stand_ins=()
stop_pid() {
  kill "-$1" "$2" 2>/dev/null || true
  wait "$2" 2>/dev/null || true
}
cleanup() {
  local pid
  for pid in "${depot_pids[@]}" "${stand_ins[@]}"; do stop_pid TERM "$pid"; done
  [[ -n $nginx_pid ]] && stop_pid QUIT "$nginx_pid"
  [[ -n $pg_dir ]] && "$source_dir/scripts/pg-cluster.sh" stop "$pg_dir" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# --- 1. The test CA, the server certificate, nginx's config -------------------------------------
# scripts/fleet-nginx.sh config (the bench's nginx too): a test CA and a server certificate for
# 127.0.0.1 as tests/sync/depot/test_ca.h makes them, verified; the shipped site file with this test's
# ports and files, each substitution matching exactly once (so a change to the site file this test
# no longer covers fails here); `nginx -t`. As root (CI) nginx runs as nobody: its directory is
# nobody's, and the one above it must be open to others.
run_nginx_as=()
if [[ $(id -u) -eq 0 ]]; then run_nginx_as=(setpriv --reuid=nobody --regid=nogroup --clear-groups --no-new-privs --); fi
chmod 0711 "$work"
prefix=$work/nginx
tls=$prefix/tls
nginx_port=$(free_port) port_1=$(free_port) port_2=$(free_port)
"$source_dir/scripts/fleet-nginx.sh" config "$prefix" "$nginx_port" "$port_1" "$port_2" ||
  die "nginx's config could not be made from the shipped site file $site (the script's words above)"
nginx_cmd=("${run_nginx_as[@]}" nginx -p "$prefix" -e "$prefix/error.log" -c "$prefix/nginx.conf" -g "daemon off;")
say "test CA and server certificate made; nginx -t accepts the shipped site file ($(nginx -v 2>&1 | sed 's/.*: //'))"

# --- 2. PostgreSQL and nginx ---------------------------------------------------------------------
pg_dir=$(mktemp -d /tmp/fieldcheck-fleet-pg.XXXXXX)
t0=$(date +%s%N)
db_url=$("$source_dir/scripts/pg-cluster.sh" start "$pg_dir") || die "the throw-away PostgreSQL cluster did not start"
say "PostgreSQL cluster started in $(( ($(date +%s%N) - t0) / 1000000 )) ms: $db_url"

# Stand-ins on the depots' ports until the depots start (steps 3 and 3b: nginx's own behaviour).
# Each stand-in logs every request as a JSON line (port, method, path, the forwarding headers, how the
# body came) and drops the connection without an answer the first time any of them sees a path with
# "once" in it (a marker file shared by both): the second to see it answers. So a request nginx
# sends again reaches both, whichever it tried first.
cat >"$work/stand_in.py" <<'PY'
import http.server, json, os, socketserver, sys
port, log, markers = int(sys.argv[1]), sys.argv[2], sys.argv[3]
class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def answer(self):
        length = self.headers.get("Content-Length")
        if length: self.rfile.read(int(length))
        first = False
        if "once" in self.path:
            try:
                os.close(os.open(os.path.join(markers, self.path.replace("/", "_")), os.O_CREAT | os.O_EXCL))
                first = True
            except FileExistsError:
                pass
        with open(log, "a") as f:
            f.write(json.dumps({"port": port, "method": self.command, "path": self.path,
                                "xff": self.headers.get("X-Forwarded-For"), "xfp": self.headers.get("X-Forwarded-Proto"),
                                "length": length, "te": self.headers.get("Transfer-Encoding"), "dropped": first}) + "\n")
        if first:
            self.close_connection = True
            self.connection.shutdown(2)
            return
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()
    do_GET = do_PUT = do_POST = answer
    def log_message(self, *args): pass
socketserver.ThreadingTCPServer.allow_reuse_address = True
socketserver.ThreadingTCPServer(("127.0.0.1", port), Handler).serve_forever()
PY
mkdir "$work/markers"
for p in "$port_1" "$port_2"; do
  python3 "$work/stand_in.py" "$p" "$work/stand-in.log" "$work/markers" &
  stand_ins+=($!)
done
for p in "$port_1" "$port_2"; do
  for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && break; sleep 0.1; done
done
"${nginx_cmd[@]}" >"$work/nginx.out" 2>&1 &
nginx_pid=$!
for _ in $(seq 100); do [[ -s $prefix/nginx.pid ]] && break; sleep 0.1; done
[[ -s $prefix/nginx.pid ]] || { cat "$work/nginx.out" "$prefix/error.log" >&2; die "nginx did not start"; }
fleet=https://127.0.0.1:$nginx_port
nginx_user=$(ps -o user= -p "$nginx_pid")
[[ $nginx_user != root ]] || die "nginx runs as root"

# --- 3. TLS and the body limits -------------------------------------------------------------------
# status METHOD PATH BYTES: the status of a request with a body of BYTES zero bytes; the answer's
# headers and body in $work/answer.*.
status() {
  head -c "$3" /dev/zero >"$work/body"
  curl -sS --cacert "$tls/ca.pem" -X "$1" --data-binary @"$work/body" -H 'Content-Type: application/octet-stream' \
    -D "$work/answer.head" -o "$work/answer.body" -w '%{http_code}' "$fleet$2"
}
curl -sS -o /dev/null "$fleet/healthz" 2>/dev/null && die "curl trusted nginx's certificate without the test CA"
MiB=$((1 << 20))
while read -r method path limit; do
  got=$(status "$method" "$path" $((limit + 1)))
  [[ $got == 413 ]] || die "$method $path with $((limit + 1)) bytes answered $got, not 413"
  grep -qi '^X-Fieldcheck-Depot: 1' "$work/answer.head" || die "nginx's 413 on $path lacks X-Fieldcheck-Depot: the tablet would take it for a stranger's"
  grep -q '"error":"too_large"' "$work/answer.body" || die "nginx's 413 on $path is not the depot's JSON error: $(head -c 200 "$work/answer.body")"
  got=$(status "$method" "$path" "$limit")
  [[ $got == 200 ]] || die "$method $path with exactly $limit bytes (the depot's own limit) got $got, not the instance's 200"
done <<EOF
PUT /api/v1/visits/V-too-large $((4 * MiB))
PUT /api/v1/attachments/0000000000000000000000000000000000000000000000000000000000000000 $((32 * MiB))
POST /api/v1/enroll $((64 << 10))
EOF
say "TLS with the test CA; nginx refuses one byte over each API limit (4 MiB, 32 MiB, 64 KiB) with the depot's 413 and passes the limit itself"

# --- 3b. What nginx passes on, and when it sends a request again ----------------------------------
seen() { python3 -c 'import json,sys; print(sum(1 for l in open(sys.argv[1]) if json.loads(l)["path"] == sys.argv[2]))' "$work/stand-in.log" "$1"; }
# A tablet's PUT that one instance took and then died on: nginx answers 502, never sends it on.
got=$(curl -sS --cacert "$tls/ca.pem" -o /dev/null -w '%{http_code}' -X PUT --data-binary visit "$fleet/api/v1/visits/once-put")
[[ $got == 502 && $(seen /api/v1/visits/once-put) == 1 ]] ||
  die "an API PUT whose instance dropped it got $got and reached $(seen /api/v1/visits/once-put) instances: nginx must answer 502 and send it nowhere else"
# After fail_timeout the dropping instance is back in the turn: nginx counts it in whole seconds and
# rests an instance while the difference is 10 or less, so wait until it is surely 11.
sleep 12
# A page's GET is sent to the other instance.
got=$(curl -sS --cacert "$tls/ca.pem" -o /dev/null -w '%{http_code}' "$fleet/visits/once-get")
[[ $got == 200 && $(seen /visits/once-get) == 2 ]] ||
  die "a back-office GET whose first instance dropped it got $got after reaching $(seen /visits/once-get) instances, not 200 from the second"
# A forged X-Forwarded-For is replaced, X-Forwarded-Proto is https, a chunked body (HTTP/1.1, as the
# tablets send) arrives whole with a length.
head -c 100000 /dev/urandom >"$work/chunked.body"
got=$(curl -sS --http1.1 --cacert "$tls/ca.pem" -o /dev/null -w '%{http_code}' -X PUT -H 'X-Forwarded-For: 203.0.113.9' \
  -H 'Transfer-Encoding: chunked' --data-binary @"$work/chunked.body" "$fleet/api/v1/attachments/forwarded")
[[ $got == 200 ]] || die "a chunked PUT through nginx got $got"
python3 - "$work/stand-in.log" <<'PY' || die "what nginx passed on is not what the site file promises"
import json, sys
r = [json.loads(l) for l in open(sys.argv[1]) if json.loads(l)["path"] == "/api/v1/attachments/forwarded"][0]
want = {"xff": "127.0.0.1", "xfp": "https", "length": "100000", "te": None}
got = {k: r[k] for k in want}
if got != want:
    sys.exit(f"nginx_fleet: an instance got {got}, not {want}")
PY
for pid in "${stand_ins[@]}"; do stop_pid TERM "$pid"; done
stand_ins=()
say "nginx sends a dropped API PUT nowhere else (502), a dropped page GET to the other instance; X-Forwarded-For overwritten, bodies buffered (chunked in, Content-Length out)"

# --- 4. The fleet: needs serve --db ---------------------------------------------------------------
dry_run=${FIELDCHECK_FLEET_DRY_RUN:-}
db_args=(--db "$db_url")
if [[ $dry_run == sqlite ]]; then
  db_args=()
  say "DRY RUN: both instances on one SQLite data directory, not on PostgreSQL"
else
  # Not `| grep -q`: grep leaves at the first match, the help's second write gets SIGPIPE, and
  # pipefail turns that into "no --db" (it did, in CI).
  [[ $("$depot" serve --help) == *--db* ]] ||
    die "fieldcheck-depot serve takes no --db yet (issue 16's PostgreSQL storage): steps 1-3b passed, the fleet steps could not run"
fi

shared=$work/attachments  # the directory every instance sees (here: one machine)
mkdir -m 0700 "$shared"
admin() {
  "$depot" "$@" "${db_args[@]}" --data "$shared" 2>>"$work/admin.log" ||
    { cat "$work/admin.log" >&2; die "fieldcheck-depot $* ${db_args[*]:+--db ...} failed (its words above)"; }
}
for t in "$source_dir"/templates/*.json; do admin template import "$t" >/dev/null; done
tablets=4
today=$(date -u +%Y-%m-%d)
{
  echo "visit_id,technician_id,technician_name,customer_name,address,job_id,window_start,window_end,template_id"
  for n in $(seq "$tablets"); do
    for v in 1 2; do
      echo "V-fleet-$n-$v,tech-$n,Monteur $n,Klant $n-$v,Dorpsstraat $v,J-fleet-$n-$v,${today}T06:00:00Z,${today}T20:00:00Z,fiber-modem-install-nl"
    done
  done
} >"$work/sheet.csv"
admin assign "$work/sheet.csv" >/dev/null

# One after the other: the first migrates the database and makes the depot's signing key.
for n in 1 2; do
  port_var=port_$n
  "$depot" serve "${db_args[@]}" --data "$shared" --listen "127.0.0.1:${!port_var}" --trusted-proxy 127.0.0.1 \
    >"$work/depot-$n.log" 2>&1 &
  depot_pids+=($!)
  for _ in $(seq 100); do grep -q "listening on" "$work/depot-$n.log" && break; sleep 0.1; done
  grep -q "listening on" "$work/depot-$n.log" || { cat "$work/depot-$n.log" >&2; die "depot instance $n did not start"; }
done
[[ $(curl -sS --cacert "$tls/ca.pem" -o /dev/null -w '%{http_code}' "$fleet/healthz") == 200 ]] ||
  die "GET $fleet/healthz through nginx did not answer 200"

for n in $(seq "$tablets"); do
  token=$(admin token create --technician "tech-$n")
  "$app" enroll --data "$work/tablet-$n" --depot "$fleet" --token "$token" --ca-file "$tls/ca.pem" >/dev/null ||
    die "tablet $n did not enroll through $fleet"
  "$app" sync --data "$work/tablet-$n" >"$work/pull-$n.log" 2>&1 || { cat "$work/pull-$n.log" >&2; die "tablet $n's first sync failed"; }
  for v in 1 2; do
    "$sealer" seal "$work/tablet-$n" "V-fleet-$n-$v" submit >/dev/null || die "tablet $n could not seal V-fleet-$n-$v"
  done
done
# Tablet 1's store twice: both copies send the same sealed visits at once (the race through nginx).
cp -a "$work/tablet-1" "$work/tablet-1-copy"
pids=()
for t in "$work"/tablet-*; do
  "$app" sync --data "$t" >"$t.sync.log" 2>&1 &
  pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid" || { cat "$work"/tablet-*.sync.log >&2; die "a tablet's sync through nginx failed (logs above)"; }; done
say "$tablets tablets and a copy of one synced at once through $fleet"

# --- 5. One truth -------------------------------------------------------------------------------
admin export --format json --out "$work/export.json" 2>/dev/null
python3 - "$work/export.json" "$tablets" <<'EOF' || die "the fleet's export does not hold each visit exactly once"
import collections, json, sys
tablets = int(sys.argv[2])
ids = collections.Counter(v["visit_id"] for v in json.load(open(sys.argv[1]))["visits"])
want = {f"V-fleet-{n}-{v}" for n in range(1, tablets + 1) for v in (1, 2)}
doubled = sorted(i for i, c in ids.items() if c > 1)
if set(ids) != want or doubled:
    sys.exit(f"nginx_fleet: export holds {sorted(ids)}; doubled {doubled}; missing {sorted(want - set(ids))}")
EOF
# Stored once (201) per visit in all; the copy's two visits were answered "already there" (200).
created=$(cat "$work"/depot-?.log | grep -c 'depot: PUT /api/v1/visits/{id} 201' || true)
again=$(cat "$work"/depot-?.log | grep -c 'depot: PUT /api/v1/visits/{id} 200' || true)
((created == tablets * 2 && again >= 2)) ||
  die "the instances created $created visits (not $((tablets * 2))) and answered $again with 200 (not 2 or more for the copy's)"
say "the instances created $created visits and answered $again sent again with 200"
for n in 1 2; do
  served=$(grep -c 'depot: [A-Z]* /api/v1/' "$work/depot-$n.log" || true)
  ((served > 0)) || die "depot instance $n took no API request: nginx sent everything to one instance"
  say "instance $n served $served API requests"
done
for n in 1 2; do
  kill -TERM "${depot_pids[$((n - 1))]}"
  wait "${depot_pids[$((n - 1))]}" || die "depot instance $n did not exit 0 on SIGTERM"
done
depot_pids=()
say "${dry_run:+DRY RUN ($dry_run) }PASS: $((tablets * 2)) visits once each through nginx and two instances ($((SECONDS - started)) s)"
