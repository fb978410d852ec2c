#!/usr/bin/env bash
# Installs this machine's architecture's fieldcheck packages with apt-get (dependencies from Debian),
# checks that the programs run from the installed layout (the depot started as its systemd unit would,
# with its config, answering on loopback), then purges them and checks that nothing is left: files,
# the system user and group, the data directory, the unit's enablement, dpkg's status.
#   usage: tests/packaging/install_purge.sh PACKAGES_DIR     (scripts/package-deb.sh makes it)
# Needs root. Refuses to run when any of the packages, the user or its files are already on the
# machine (installed from elsewhere: this test would purge them); purges what it installed on failure.
set -euo pipefail
dir=${1:?usage: install_purge.sh PACKAGES_DIR}
started=$SECONDS
die() { echo "install_purge: FAIL: $*" >&2; exit 1; }
say() { echo "install_purge: $*"; }

packages=(fieldcheck fieldcheck-depot fieldcheck-templates)
user=fieldcheck-depot
data=/var/lib/fieldcheck-depot
config=/etc/default/fieldcheck-depot
unit=/lib/systemd/system/fieldcheck-depot.service
fleet_unit=/lib/systemd/system/fieldcheck-depot@.service
leftovers=("$data" "$config" /etc/systemd/system/fieldcheck-depot.service
           /etc/systemd/system/multi-user.target.wants/fieldcheck-depot.service
           /var/lib/systemd/deb-systemd-helper-enabled/fieldcheck-depot.service.dsh-also
           /var/lib/systemd/deb-systemd-helper-enabled/multi-user.target.wants/fieldcheck-depot.service
           /var/lib/systemd/deb-systemd-helper-masked/fieldcheck-depot.service)

# The packages dpkg still knows (installed, or removed with their conffiles left).
known_packages() {
  local p status
  for p in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
    [[ -z $status || $status == not-installed ]] || echo "$p"
  done
}

[[ $(id -u) -eq 0 ]] || die "needs root (apt-get install, a system user)"
arch=$(dpkg --print-architecture)
debs=()
for p in "${packages[@]}"; do
  matches=("$dir"/"${p}"_*_{"$arch",all}.deb)
  found=""
  for m in "${matches[@]}"; do [[ -f $m ]] && found=$(realpath "$m"); done
  [[ -n $found ]] || die "no ${p}_*_$arch.deb (or _all) in $dir: run scripts/package-deb.sh first"
  debs+=("$found")
done

# Never touch a machine where fieldcheck is installed from elsewhere: the purge would remove its data.
already=$(known_packages | tr '\n' ' ')
[[ -z $already ]] || die "already on this machine: ${already}(this test would purge them; apt-get purge them first)"
getent passwd "$user" >/dev/null && die "the user $user already exists: it is not this test's"
for f in "${leftovers[@]}"; do [[ -e $f || -L $f ]] && die "$f already exists: it is not this test's"; done

work=$(mktemp -d /tmp/fieldcheck-deb.XXXXXX)
depot_pid=""; installed=0
cleanup() {
  if [[ -n $depot_pid ]]; then kill "$depot_pid" 2>/dev/null; wait "$depot_pid" 2>/dev/null || true; fi
  if ((installed)); then
    mapfile -t left < <(known_packages)
    ((${#left[@]} == 0)) || DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq "${left[@]}" >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

say "installing ${debs[*]##*/}"
installed=1
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${debs[@]}" >"$work/apt-install.log" 2>&1 ||
  { cat "$work/apt-install.log" >&2; die "apt-get install of the packages failed (log above)"; }
for p in "${packages[@]}"; do
  [[ $(dpkg-query -W -f='${db:Status-Abbrev}' "$p") == "ii " ]] || die "$p is not fully installed after apt-get install"
done

# The programs: --help from PATH, binaries stripped, the camera module loadable beside the real binary.
fieldcheck-depot --help >/dev/null || die "fieldcheck-depot --help did not exit 0"
fieldcheck --help >/dev/null || die "fieldcheck --help did not exit 0"
app=/usr/libexec/fieldcheck/fieldcheck
module=$(dirname "$app")/libfieldcheck_camera_gst.so
for elf in "$app" /usr/bin/fieldcheck-depot "$module"; do
  sections=$(readelf -S -W "$elf")  # captured first: grep -q closing a pipe early would end readelf with SIGPIPE
  grep -qE ' \.(symtab|debug_info) ' <<<"$sections" && die "$elf is not stripped"
done
[[ -f $module ]] || die "the camera module is not beside the binary $app, where open_camera looks"
abi=$(python3 -c 'import ctypes,sys; print(ctypes.CDLL(sys.argv[1]).fieldcheck_camera_abi())' "$module") ||
  die "the installed camera module $module does not load (a library its package does not depend on?)"
say "camera module $module loads, ABI $abi"

# The app from the installed layout: --demo reads /usr/share/fieldcheck/templates, the fonts from
# fonts-dejavu-core, one frame under Xvfb.
if command -v xvfb-run >/dev/null; then
  xvfb-run -a -s "-screen 0 1280x800x24" fieldcheck --data "$work/tablet" --demo --exit-after-first-frame \
    >"$work/app.log" 2>&1 || { cat "$work/app.log" >&2; die "the installed fieldcheck --demo did not draw its first frame"; }
  say "fieldcheck --demo drew its first frame from the installed templates and fonts"
else
  say "xvfb-run missing: the installed app's first frame is not checked"
fi

# The depot's user, data directory and unit as postinst left them.
uid=$(id -u "$user") || die "postinst made no user $user"
((uid < 1000)) || die "$user is not a system user (uid $uid)"
[[ $(stat -c '%U %a' "$data") == "$user 700" ]] || die "$data is not $user's and 0700: $(stat -c '%U %a' "$data")"
[[ -f $unit ]] || die "no unit $unit"
[[ -f $fleet_unit ]] || die "no template unit $fleet_unit"
if command -v deb-systemd-helper >/dev/null; then
  [[ -L /etc/systemd/system/multi-user.target.wants/fieldcheck-depot.service ]] || die "postinst did not enable the unit"
fi
if command -v systemd-analyze >/dev/null; then
  systemd-analyze verify "$unit" >"$work/verify.log" 2>&1 || { cat "$work/verify.log" >&2; die "systemd-analyze verify $unit failed"; }
  say "systemd-analyze verify: the unit is valid"
  # The sandbox must not wear away unnoticed: systemd's own exposure score, 0 (none) to 10.
  exposure=$(systemd-analyze security --offline=true "$unit" 2>/dev/null | sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
  [[ -n $exposure ]] || die "systemd-analyze security gave no exposure level for $unit"
  awk -v e="$exposure" 'BEGIN { exit !(e <= 2.0) }' || die "the unit's exposure is $exposure, above 2.0: the sandbox was weakened"
  say "systemd-analyze security: exposure $exposure"
  # The fleet's template unit, as instance 1 (verify needs an instance name: a link in a directory of our own).
  ln -s "$fleet_unit" "$work/fieldcheck-depot@1.service"
  systemd-analyze verify "$work/fieldcheck-depot@1.service" >"$work/verify-fleet.log" 2>&1 ||
    { cat "$work/verify-fleet.log" >&2; die "systemd-analyze verify of $fleet_unit (as instance 1) failed"; }
  exposure=$(systemd-analyze security --offline=true "$work/fieldcheck-depot@1.service" 2>/dev/null | sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
  [[ -n $exposure ]] || die "systemd-analyze security gave no exposure level for $fleet_unit"
  awk -v e="$exposure" 'BEGIN { exit !(e <= 2.0) }' || die "the fleet unit's exposure is $exposure, above 2.0: the sandbox was weakened"
  say "systemd-analyze: the fleet's template unit is valid, exposure $exposure"
fi

# serve as the unit runs it: its ExecStart with its EnvironmentFile's values, as its User=. The port
# is set in the config file (a free one), so the answer on it shows the config is what serve reads.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
sed -i "s/^FIELDCHECK_DEPOT_PORT=.*/FIELDCHECK_DEPOT_PORT=$port/" "$config"
exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
unit_user=$(sed -n 's/^User=//p' "$unit")
[[ $unit_user == "$user" ]] || die "the unit runs as '$unit_user', not $user"
# ExecStart's words with the config's values, one a line, by systemd's rules: the file's lines are
# NAME=value (no shell quoting), ${NAME} is one word, $NAME is split at spaces.
unit_command() {
  local name value line
  while IFS='=' read -r name value; do
    [[ $name =~ ^[A-Z_]+$ ]] && export "$name=$value"
  done <"$config"
  line=$(sed 's/\${\([A-Z_]*\)}/"${\1}"/g' <<<"$exec_start")
  local -a words
  eval "words=($line)"
  printf '%s\n' "${words[@]}"
}
mapfile -t argv < <(unit_command)
say "starting as $user: ${argv[*]}"
# setpriv execs the depot itself (runuser would stay as its parent and die of the SIGTERM it passes on).
setpriv --reuid="$user" --regid="$user" --init-groups --no-new-privs -- "${argv[@]}" >"$work/depot.out" 2>"$work/depot.err" &
depot_pid=$!
for _ in $(seq 300); do grep -q "listening on" "$work/depot.out" && break; sleep 0.1; done
grep -q "listening on http://127.0.0.1:$port (data $data)" "$work/depot.out" ||
  { cat "$work/depot.out" "$work/depot.err" >&2; die "the depot did not say it listens on 127.0.0.1:$port with data $data"; }
health=$(curl -sS -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/healthz") || die "nothing answers on 127.0.0.1:$port"
[[ $health == 200 ]] || die "GET /healthz answered $health"
[[ $(stat -c %U "$data/depot.db") == "$user" ]] || die "$data/depot.db is not $user's"
kill -TERM "$depot_pid"
wait "$depot_pid" || die "the depot did not exit 0 on SIGTERM"
depot_pid=""
say "the depot answered /healthz on 127.0.0.1:$port and stopped on SIGTERM"

# Remove, then purge: then nothing may be left.
for deb in "${debs[@]}"; do
  dpkg-deb -c "$deb" | awk '$1 !~ /^d/ {print substr($6, 2)}' >>"$work/files"
done
# remove keeps what purge deletes: the data (every received visit), the user, the settings.
DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq "${packages[@]}" >"$work/apt-remove.log" 2>&1 ||
  { cat "$work/apt-remove.log" >&2; die "apt-get remove failed (log above)"; }
[[ -f $data/depot.db && -f $config ]] || die "apt-get remove deleted the depot's data or its settings"
getent passwd "$user" >/dev/null || die "apt-get remove deleted the user $user"
[[ $(dpkg-query -W -f='${db:Status-Status}' fieldcheck-depot) == config-files ]] || die "fieldcheck-depot is not left as config-files by remove"
mapfile -t left < <(known_packages)
DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq "${left[@]}" >"$work/apt-purge.log" 2>&1 ||
  { cat "$work/apt-purge.log" >&2; die "apt-get purge failed (log above)"; }
installed=0
remaining=$(known_packages | tr "\n" " ")
[[ -z $remaining ]] || die "dpkg still knows ${remaining}after the purge"
while read -r f; do [[ -e $f || -L $f ]] && die "$f is left after the purge"; done <"$work/files"
for f in "${leftovers[@]}"; do [[ -e $f || -L $f ]] && die "$f is left after the purge"; done
getent passwd "$user" >/dev/null && die "the user $user is left after the purge"
getent group "$user" >/dev/null && die "the group $user is left after the purge"
[[ -d /usr/libexec/fieldcheck || -d /usr/share/fieldcheck ]] && die "a fieldcheck directory is left in /usr"
say "PASS: installed, ran, purged; nothing left ($((SECONDS - started)) s)"
