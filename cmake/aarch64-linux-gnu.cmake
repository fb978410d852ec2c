# Cross-compiles for Debian arm64 with Debian's cross toolchain (crossbuild-essential-arm64) against
# an arm64 sysroot made by scripts/build-arm64.sh (mmdebstrap), never the host's multiarch.
# Usage: cmake -DCMAKE_TOOLCHAIN_FILE=cmake/aarch64-linux-gnu.cmake -DFIELDCHECK_ARM64_SYSROOT=DIR ...
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)

# Why a cache variable passed through: try_compile projects re-read this file and need the same sysroot.
if(NOT FIELDCHECK_ARM64_SYSROOT AND DEFINED ENV{FIELDCHECK_ARM64_SYSROOT})
  set(FIELDCHECK_ARM64_SYSROOT "$ENV{FIELDCHECK_ARM64_SYSROOT}")
endif()
if(NOT FIELDCHECK_ARM64_SYSROOT OR NOT EXISTS "${FIELDCHECK_ARM64_SYSROOT}/usr/include/aarch64-linux-gnu")
  message(FATAL_ERROR "FIELDCHECK_ARM64_SYSROOT (${FIELDCHECK_ARM64_SYSROOT}) is not an arm64 sysroot: "
                      "make one with scripts/build-arm64.sh")
endif()
set(FIELDCHECK_ARM64_SYSROOT "${FIELDCHECK_ARM64_SYSROOT}" CACHE PATH "arm64 sysroot (scripts/build-arm64.sh)")
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES FIELDCHECK_ARM64_SYSROOT)
set(ENV{FIELDCHECK_ARM64_SYSROOT} "${FIELDCHECK_ARM64_SYSROOT}")

set(CMAKE_SYSROOT "${FIELDCHECK_ARM64_SYSROOT}")
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
set(CMAKE_STRIP aarch64-linux-gnu-strip)

# Libraries and headers only from the sysroot; programs (python3, msgfmt) from the host.
set(CMAKE_FIND_ROOT_PATH "${FIELDCHECK_ARM64_SYSROOT}")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# pkg-config reads the sysroot's .pc files and prefixes their paths with it.
set(ENV{PKG_CONFIG_DIR} "")
set(ENV{PKG_CONFIG_LIBDIR} "${FIELDCHECK_ARM64_SYSROOT}/usr/lib/aarch64-linux-gnu/pkgconfig:${FIELDCHECK_ARM64_SYSROOT}/usr/share/pkgconfig:${FIELDCHECK_ARM64_SYSROOT}/usr/lib/pkgconfig")
set(ENV{PKG_CONFIG_SYSROOT_DIR} "${FIELDCHECK_ARM64_SYSROOT}")

# Test programs run under qemu-user with the sysroot's loader and libraries: doctest_discover_tests
# lists the cases through it, and ctest starts each suite through it.
find_program(FIELDCHECK_QEMU_AARCH64 NAMES qemu-aarch64-static qemu-aarch64 REQUIRED)
set(CMAKE_CROSSCOMPILING_EMULATOR "${FIELDCHECK_QEMU_AARCH64};-L;${FIELDCHECK_ARM64_SYSROOT}")
