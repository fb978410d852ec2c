# What scripts/build-arm64.sh and scripts/test-arm64.sh share: the sysroot's place, the host tools
# they install when missing, and how arm64 programs are started (binfmt_misc, or qemu by hand).
# Usage: source scripts/arm64-env.sh (from the source tree's root), then call the functions.

FIELDCHECK_ARM64_SYSROOT=${FIELDCHECK_ARM64_SYSROOT:-$PWD/build/arm64-sysroot}
export FIELDCHECK_ARM64_SYSROOT

# Installs the cross toolchain, mmdebstrap and qemu-user when missing (Debian 12 packages only).
arm64_host_tools() {
  local tools=(crossbuild-essential-arm64 mmdebstrap qemu-user-static binfmt-support file)
  local missing=() p
  for p in "${tools[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    echo "arm64: installing ${missing[*]}"
    local sudo=""
    [[ $(id -u) -ne 0 ]] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

# Extracted packages keep absolute links (/usr/lib/aarch64-linux-gnu/libfoo.so -> /lib/...): inside a
# sysroot they would point at the host's files, so each becomes relative to the sysroot.
arm64_fix_absolute_links() {
  local sysroot=$1 link target
  while IFS= read -r -d '' link; do
    target=$(readlink "$link")
    [[ $target == /* ]] || continue
    ln -sfn "$(realpath -m --relative-to="$(dirname "$link")" "$sysroot$target")" "$link"
  done < <(find "$sysroot" -type l -print0)
}

# Makes an aarch64 ELF startable by exec (binfmt_misc with qemu-aarch64), so that tests that start
# child programs (the depot, helper programs, python scripts) work. Prints "binfmt" or "emulator":
# with "emulator", only programs started by ctest itself run (through CMAKE_CROSSCOMPILING_EMULATOR).
arm64_exec_mode() {
  local misc=/proc/sys/fs/binfmt_misc
  if [[ ! -e $misc/register ]]; then
    mount -t binfmt_misc binfmt_misc "$misc" 2>/dev/null || true
  fi
  if [[ -e $misc/register && ! -e $misc/qemu-aarch64 ]]; then
    update-binfmts --enable qemu-aarch64 >/dev/null 2>&1 || true
  fi
  if [[ -e $misc/qemu-aarch64 ]] && grep -q '^enabled' "$misc/qemu-aarch64"; then
    echo binfmt
  else
    echo emulator
  fi
}
