#!/usr/bin/env bash
# Builds the Debian packages with CPack from a build without sanitizers: fieldcheck (the tablet app),
# fieldcheck-depot (the depot and its systemd unit) and fieldcheck-templates, into BUILD_DIR/packages/.
#   usage: scripts/package-deb.sh [BUILD_DIR]     (default build/ci-plain; build/arm64 for the cross build)
# The architecture is the build's compiler's (packaging/packages.cmake). For a cross build
# dpkg-shlibdeps reads the libraries from the build's sysroot (its CMAKE_SYSROOT) and their dependency
# information from the host's dpkg database (same Debian release): see shlibs_root() below.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/ci-plain}
die() { echo "package-deb.sh: $*" >&2; exit 1; }

cache=$build/CMakeCache.txt
[[ -f $cache ]] || die "no CMake build in $build (configure it as scripts/test.sh configures build/ci-plain)"
cache_value() { sed -n "s/^$1:[A-Z]*=//p" "$cache"; }
[[ $(cache_value FIELDCHECK_SANITIZE) == OFF ]] ||
  die "$build is built with sanitizers: packages come from a build without them (FIELDCHECK_SANITIZE=OFF)"
[[ -f $build/CPackConfig.cmake ]] || die "$build has no CPackConfig.cmake: reconfigure it with this source tree"

targets=(fieldcheck-depot)
[[ $(cache_value FIELDCHECK_BUILD_APP) != OFF ]] && targets+=(fieldcheck fieldcheck_camera_gst)
nice -n 5 cmake --build "$build" -j "$(nproc)" --target "${targets[@]}"

# A cross build's shared libraries are in its sysroot, whose packages were only extracted (no dpkg
# database to say which package holds a library). dpkg-shlibdeps takes the dependency information of
# a library from a DEBIAN/ directory above it, so a shim root holds the sysroot's library directories
# (symlinks) and DEBIAN/symbols + DEBIAN/shlibs: the host's, for the same Debian release's packages.
shlibs_root() {
  local sysroot=$1 multiarch=$2 shim=$build/packaging/shlibs-root
  rm -rf "$shim" && mkdir -p "$shim/DEBIAN" "$shim/usr/lib"
  ln -s "$(realpath "$sysroot/usr/lib/$multiarch")" "$shim/usr/lib/$multiarch"
  cat /var/lib/dpkg/info/*.symbols >"$shim/DEBIAN/symbols"
  # The host's cross packages (libc6-arm64-cross, ...) name the target's own packages with an
  # architecture qualifier (ld-linux-aarch64 -> libc6:arm64): in a package of that architecture the
  # plain name is the same package, and Depends must not hold it twice.
  sed -E 's/([a-z0-9][a-z0-9.+-]*):[a-z0-9]+\b/\1/g' /var/lib/dpkg/info/*.shlibs >"$shim/DEBIAN/shlibs"
  echo "$shim/usr/lib/$multiarch"
}

cpack_args=(-G DEB --config CPackConfig.cmake)
sysroot=$(cache_value FIELDCHECK_DEB_SYSROOT)
if [[ -n $sysroot ]]; then
  [[ -d $sysroot ]] || die "the sysroot $sysroot of $build is missing (scripts/build-arm64.sh makes it)"
  multiarch=$(cache_value FIELDCHECK_DEB_MULTIARCH)
  [[ -d $sysroot/usr/lib/$multiarch ]] || die "the sysroot $sysroot has no usr/lib/$multiarch"
  # realpath -s: absolute, but through the shim's symlink (resolved, it would lose DEBIAN/).
  cpack_args+=(-D "CPACK_DEBIAN_PACKAGE_SHLIBDEPS_PRIVATE_DIRS=$(realpath -s "$(shlibs_root "$sysroot" "$multiarch")")")
fi

rm -rf "$build/packages"
(cd "$build" && cpack "${cpack_args[@]}") >"$build/packaging/cpack.log" 2>&1 ||
  { cat "$build/packaging/cpack.log" >&2; die "cpack failed in $build (log above, kept in $build/packaging/cpack.log)"; }
# CPack runs dpkg-shlibdeps with --ignore-missing-info: in a cross build a library the host's dpkg
# database does not know (its amd64 twin is not installed here) would be left out of Depends silently.
if [[ -n $sysroot ]]; then
  shim=$build/packaging/shlibs-root/DEBIAN
  unknown=()
  while read -r soname; do
    base=${soname%%.so*} version=${soname#*.so.}
    [[ $soname == ld-linux-* ]] && continue  # the loader: part of libc6, named per architecture
    grep -q "^$soname " "$shim/symbols" || grep -q "^$base $version " "$shim/shlibs" || unknown+=("$soname")
  done < <(find "$build/packages/_CPack_Packages" -type f -exec readelf -d {} + 2>/dev/null |
           sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort -u)
  ((${#unknown[@]} == 0)) ||
    die "no dependency information for ${unknown[*]}: install the amd64 package of each (same name) on this host"
fi
shopt -s nullglob
debs=("$build"/packages/*.deb)
((${#debs[@]})) || die "cpack made no .deb in $build/packages"
for deb in "${debs[@]}"; do
  # CPack runs dpkg-shlibdeps with --ignore-missing-info: a library it could not place leaves
  # Depends without it, silently. Every program links libc6, so its absence means shlibdeps failed.
  if [[ $(dpkg-deb -f "$deb" Architecture) != all ]] && ! dpkg-deb -f "$deb" Depends | grep -q 'libc6 (>='; then
    die "$deb has no libc6 in Depends: dpkg-shlibdeps found no library (cpack log: $build/packaging/cpack.log)"
  fi
  echo "package-deb.sh: $deb ($(stat -c %s "$deb") bytes; installed $(dpkg-deb -f "$deb" Installed-Size) KiB)"
done
