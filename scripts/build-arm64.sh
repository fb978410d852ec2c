#!/usr/bin/env bash
# Cross-builds fieldcheck for Debian arm64: the tablet app, the depot and every test program, in
# build/arm64, with Debian's cross toolchain (crossbuild-essential-arm64) against an arm64 sysroot in
# build/arm64-sysroot made by mmdebstrap (not the host's multiarch: some -dev packages cannot be
# installed for two architectures side by side). No sanitizers; -O2 -g1 like build/ci-plain.
# Usage: scripts/build-arm64.sh [cmake --build target...]   (default: everything)
# The sysroot is reused while its package list is unchanged; delete build/arm64-sysroot to remake it.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
start=$SECONDS
stage_start=$SECONDS
stage() { echo "== build-arm64.sh: $1 took $((SECONDS - stage_start)) s (total $((SECONDS - start)) s)"; stage_start=$SECONDS; }

# shellcheck source=scripts/arm64-env.sh
source scripts/arm64-env.sh
arm64_host_tools
stage "host tools"

# What the build links against (scripts/setup.sh's -dev packages, for arm64), and what the tests load
# at run time under qemu: Mesa's GL/EGL drivers, GStreamer's plugins, the GUI font.
sysroot_packages=(
  libc6-dev libstdc++-12-dev libgcc-12-dev
  libimgui-dev libstb-dev libglfw3-dev libgl-dev libgles-dev libegl-dev
  libsqlite3-dev rapidjson-dev
  libcpp-httplib-dev libssl-dev zlib1g-dev libbrotli-dev
  libsodium-dev libqrencode-dev libcli11-dev libkainjow-mustache-dev
  libcairo2-dev libfreetype-dev libcurl4-openssl-dev
  libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev gstreamer1.0-plugins-base gstreamer1.0-plugins-good
  libzbar-dev doctest-dev
  libgl1-mesa-dri libglx-mesa0 libegl-mesa0 libgles2 fonts-dejavu-core
  heaptrack libheaptrack  # bench/footprint --arch arm64: the app's heap through a whole visit, under qemu-user
)
sysroot=$FIELDCHECK_ARM64_SYSROOT
stamp=$sysroot/.fieldcheck-packages
wanted=$(printf '%s\n' "${sysroot_packages[@]}" | sort)
if [[ -f $stamp && $(cat "$stamp") == "$wanted" ]]; then
  echo "build-arm64.sh: reusing the arm64 sysroot in $sysroot"
else
  rm -rf "$sysroot"
  mkdir -p "$(dirname "$sysroot")"
  # --variant=extract: packages are unpacked, never configured, so no arm64 program runs (no emulation).
  # /bin, /sbin and /lib are links into /usr, as on an installed Debian 12 (merged /usr).
  include=$(IFS=,; echo "${sysroot_packages[*]}")
  mmdebstrap --quiet --mode=root --arch=arm64 --variant=extract --include="$include" \
    --setup-hook='for d in bin sbin lib; do mkdir -p "$1/usr/$d" && ln -s "usr/$d" "$1/$d"; done' \
    bookworm "$sysroot" \
    "deb http://deb.debian.org/debian bookworm main" \
    "deb http://deb.debian.org/debian bookworm-updates main" \
    "deb http://deb.debian.org/debian-security bookworm-security main" \
    || { echo "build-arm64.sh: mmdebstrap could not make the arm64 sysroot in $sysroot" >&2; exit 1; }
  # Under qemu-user with -L, a path that exists in the sysroot hides the host's: the sysroot's empty
  # /tmp and its /dev (links into a /proc it has not) would hide the host's own.
  rm -rf "${sysroot:?}/dev" "${sysroot:?}/tmp"
  arm64_fix_absolute_links "$sysroot"
  echo "$wanted" >"$stamp"
  echo "build-arm64.sh: arm64 sysroot made in $sysroot ($(du -sh "$sysroot" | cut -f1))"
fi
stage "sysroot"

build=build/arm64
launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
fi
cmake -S . -B "$build" -DCMAKE_TOOLCHAIN_FILE="$root/cmake/aarch64-linux-gnu.cmake" \
  -DFIELDCHECK_ARM64_SYSROOT="$sysroot" "${launcher[@]}" \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O2 -g1 -DNDEBUG" \
  "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -g1 -DNDEBUG" -DFIELDCHECK_WERROR=ON -DFIELDCHECK_SANITIZE=OFF >/dev/null \
  || { echo "build-arm64.sh: configuring $build failed (see the messages above)" >&2; exit 1; }
stage "configure"
targets=()
for t in "$@"; do targets+=(--target "$t"); done
nice -n 5 cmake --build "$build" -j "${FIELDCHECK_JOBS:-$(nproc)}" "${targets[@]}"
stage "cross-build"
file -b "$build/bin/fieldcheck-depot" | grep -q "ARM aarch64" \
  || { echo "build-arm64.sh: $build/bin/fieldcheck-depot is not an arm64 program" >&2; exit 1; }
echo "build-arm64.sh: arm64 programs in $build/bin (total $((SECONDS - start)) s)"
