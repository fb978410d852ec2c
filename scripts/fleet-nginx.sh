#!/usr/bin/env bash
# A throw-away nginx in front of two depot instances, made from the shipped site file
# (packaging/nginx/fieldcheck-depot-fleet) with a test CA, in a directory of its own (issue 16's
# benchmark, bench/depot_fleet.cpp):
#   scripts/fleet-nginx.sh start DIR PORT1 PORT2   makes DIR, a test CA (DIR/tls/ca.pem) and a server
#                                                  certificate for 127.0.0.1, nginx's config (the site
#                                                  file with its listen address on a free port of
#                                                  127.0.0.1, the instances on 127.0.0.1:PORT1 and
#                                                  :PORT2, the certificate paths; nothing else
#                                                  changed), `nginx -t`, then starts nginx; prints
#                                                  only its URL on standard output (https://127.0.0.1:PORT)
#   scripts/fleet-nginx.sh stop DIR                stops that nginx (graceful) and removes DIR
#   scripts/fleet-nginx.sh config DIR NGINX_PORT PORT1 PORT2
#                                                  start's first half: DIR, the certificates and the
#                                                  config for nginx on 127.0.0.1:NGINX_PORT, checked
#                                                  with `nginx -t`, not started (tests/deploy/nginx_fleet.sh
#                                                  runs that nginx itself, in the foreground)
# nginx runs as a daemon; as root (CI, the bench) it runs as nobody, so DIR is nobody's and must be
# reachable by nobody (a directory under /tmp made by this script is; DIR's parent must be open to
# others).
set -euo pipefail
source_dir=$(cd "$(dirname "$0")/.." && pwd)
site=$source_dir/packaging/nginx/fieldcheck-depot-fleet
marker=fleet-nginx.owner  # in DIR: `stop` removes only a directory `start` made

die() { echo "fleet-nginx.sh: $*" >&2; exit 1; }
usage() { die "usage: fleet-nginx.sh start DIR PORT1 PORT2 | stop DIR | config DIR NGINX_PORT PORT1 PORT2"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# P-256 keys, a CA (critical CA:TRUE, keyCertSign) and a server certificate for IP 127.0.0.1 and
# localhost (critical CA:FALSE, serverAuth), as tests/sync/depot/test_ca.h makes them.
make_certificates() {
  local tls=$1 log=$1/openssl.log
  openssl req -x509 -new -nodes -newkey ec -pkeyopt ec_paramgen_curve:P-256 -keyout "$tls/ca.key" -out "$tls/ca.pem" \
    -days 2 -subj "/CN=fieldcheck fleet test CA" -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>"$log" || { cat "$log" >&2; die "openssl could not make the test CA in $tls"; }
  openssl req -new -nodes -newkey ec -pkeyopt ec_paramgen_curve:P-256 -keyout "$tls/server.key" -out "$tls/server.csr" \
    -subj "/CN=fieldcheck depot fleet" 2>>"$log" || { cat "$log" >&2; die "openssl could not make the server key in $tls"; }
  printf '%s\n' "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature" \
    "extendedKeyUsage=serverAuth" "subjectAltName=IP:127.0.0.1,DNS:localhost" >"$tls/server.ext"
  openssl x509 -req -in "$tls/server.csr" -CA "$tls/ca.pem" -CAkey "$tls/ca.key" -CAcreateserial -days 1 \
    -extfile "$tls/server.ext" -out "$tls/server.pem" 2>>"$log" || { cat "$log" >&2; die "openssl could not sign the server certificate in $tls"; }
  openssl verify -CAfile "$tls/ca.pem" "$tls/server.pem" >/dev/null || die "the server certificate in $tls does not verify with its CA"
}

# The shipped site file with this run's ports and files: each placeholder must be found exactly once.
write_site() {
  local out=$1 nginx_port=$2 port_1=$3 port_2=$4 tls=$5
  python3 - "$site" "$out" "$nginx_port" "$port_1" "$port_2" "$tls" <<'EOF' || die "the site file $site no longer has the shape this script rewrites"
import sys
site, out, nginx_port, port_1, port_2, tls = sys.argv[1:]
text = open(site).read()
for old, new in [("listen 443 ssl http2;", f"listen 127.0.0.1:{nginx_port} ssl http2;"),
                 ("listen [::]:443 ssl http2;\n", ""),
                 ("server 127.0.0.1:8471 ", f"server 127.0.0.1:{port_1} "),
                 ("server 127.0.0.1:8472 ", f"server 127.0.0.1:{port_2} "),
                 ("ssl_certificate     /etc/fieldcheck/tls/fleet-fullchain.pem;", f"ssl_certificate     {tls}/server.pem;"),
                 ("ssl_certificate_key /etc/fieldcheck/tls/fleet-key.pem;", f"ssl_certificate_key {tls}/server.key;")]:
    if text.count(old) != 1:
        sys.exit(f"fleet-nginx.sh: '{old.strip()}' is in the site file {text.count(old)} times, not once")
    text = text.replace(old, new)
open(out, "w").write(text)
EOF
}

nginx_as() {
  if [[ $(id -u) -eq 0 ]]; then
    setpriv --reuid=nobody --regid=nogroup --clear-groups --no-new-privs -- "$@"
  else
    "$@"
  fi
}

configure() {
  local dir=$1 nginx_port=$2 port_1=$3 port_2=$4
  command -v nginx >/dev/null || die "no nginx (scripts/setup.sh installs it)"
  command -v openssl >/dev/null || die "no openssl (scripts/setup.sh installs it)"
  [[ -e $dir/nginx.conf ]] && die "$dir already holds an nginx of this script: stop it first (fleet-nginx.sh stop $dir)"
  mkdir -p "$dir/tls" "$dir/temp"
  dir=$(realpath "$dir")
  touch "$dir/$marker"
  make_certificates "$dir/tls"
  write_site "$dir/fleet.conf" "$nginx_port" "$port_1" "$port_2" "$dir/tls"
  # What /etc/nginx/nginx.conf gives a site on Debian, with every path in DIR; no access log (one
  # line per request would be a benchmark's own disk load).
  cat >"$dir/nginx.conf" <<EOF
worker_processes 2;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $dir/temp/body;
    proxy_temp_path $dir/temp/proxy;
    fastcgi_temp_path $dir/temp/fastcgi;
    uwsgi_temp_path $dir/temp/uwsgi;
    scgi_temp_path $dir/temp/scgi;
    include $dir/fleet.conf;
}
EOF
  if [[ $(id -u) -eq 0 ]]; then chown -R nobody:nogroup "$dir"; chmod 0711 "$dir"; fi
  nginx_as test -r "$dir/nginx.conf" || die "nobody cannot read $dir/nginx.conf: a directory above $dir is closed to others"
  local cmd=(nginx -p "$dir" -e "$dir/error.log" -c "$dir/nginx.conf")
  nginx_as "${cmd[@]}" -t >"$dir/nginx-t.log" 2>&1 || { cat "$dir/nginx-t.log" >&2; die "nginx -t refused the config made from $site"; }
}

start() {
  local dir=$1 port_1=$2 port_2=$3 nginx_port
  nginx_port=$(free_port)
  configure "$dir" "$nginx_port" "$port_1" "$port_2"
  dir=$(realpath "$dir")
  local cmd=(nginx -p "$dir" -e "$dir/error.log" -c "$dir/nginx.conf")
  nginx_as "${cmd[@]}" >"$dir/nginx.out" 2>&1 || { cat "$dir/nginx.out" "$dir/error.log" >&2; die "nginx did not start in $dir"; }
  for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$nginx_port") 2>/dev/null && break; sleep 0.1; done
  (exec 3<>"/dev/tcp/127.0.0.1/$nginx_port") 2>/dev/null || die "nginx in $dir does not listen on 127.0.0.1:$nginx_port (log: $dir/error.log)"
  echo "https://127.0.0.1:$nginx_port"
}

stop() {
  local dir=$1 pid
  [[ -d $dir ]] || die "no directory $dir"
  [[ -f $dir/$marker ]] || die "$dir was not made by fleet-nginx.sh start (no $marker): not removing it"
  if [[ -s $dir/nginx.pid ]]; then
    pid=$(<"$dir/nginx.pid")
    kill -QUIT "$pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && die "nginx ($pid) in $dir did not stop within 10 s"
  fi
  rm -rf "$dir"
}

case ${1:-} in
  start) (($# == 4)) || usage; start "$2" "$3" "$4" ;;
  stop) (($# == 2)) || usage; stop "$2" ;;
  config) (($# == 5)) || usage; configure "$2" "$3" "$4" "$5" ;;
  *) usage ;;
esac
