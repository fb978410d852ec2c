# The Debian packages (scripts/package-deb.sh runs CPack): what each program installs and where.
#   fieldcheck            the tablet app and its camera module in /usr/libexec/fieldcheck/, /usr/bin/fieldcheck
#   fieldcheck-depot      the depot, its systemd units (one depot; an instance of a fleet) and /etc/default/fieldcheck-depot
#   fieldcheck-templates  the demo templates, /usr/share/fieldcheck/templates (Architecture: all)
# Included from the top-level CMakeLists.txt (not add_subdirectory): CPack reads top-level variables.
include(GNUInstallDirs)

# Why: `cpack` builds the `preinstall` target, which by default depends on `all` (every test suite);
# the packages need only the programs, which scripts/package-deb.sh builds by name first.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)

set(_pkg ${PROJECT_SOURCE_DIR}/packaging)
set(_pkg_out ${PROJECT_BINARY_DIR}/packaging)

# Debian wants /usr/share/doc/PACKAGE/{copyright,changelog.Debian.gz} in every package; gzip -n keeps
# the file's bytes free of a time stamp.
file(MAKE_DIRECTORY ${_pkg_out})
execute_process(COMMAND gzip -9 -n -c ${_pkg}/changelog OUTPUT_FILE ${_pkg_out}/changelog.Debian.gz
                RESULT_VARIABLE _gzip_failed)
if(_gzip_failed)
  message(FATAL_ERROR "packaging: gzip could not compress ${_pkg}/changelog")
endif()
function(fieldcheck_package_docs component package)
  install(FILES ${_pkg}/copyright ${_pkg_out}/changelog.Debian.gz
          DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/${package} COMPONENT ${component})
endfunction()

# The tablet app lives in /usr/libexec/fieldcheck/ beside its camera module, because open_camera() loads
# the module from the directory of /proc/self/exe; /usr/bin/fieldcheck starts it (packaging/fieldcheck.sh).
# /usr/libexec, not /usr/lib/fieldcheck: CPack adds ldconfig calls for a .so anywhere below /usr/lib.
set(_app_dir libexec/fieldcheck)
if(TARGET fieldcheck)
  install(TARGETS fieldcheck RUNTIME DESTINATION ${_app_dir} COMPONENT tablet)
  install(TARGETS fieldcheck_camera_gst LIBRARY DESTINATION ${_app_dir} COMPONENT tablet)
  install(PROGRAMS ${_pkg}/fieldcheck.sh DESTINATION ${CMAKE_INSTALL_BINDIR} RENAME fieldcheck COMPONENT tablet)
  fieldcheck_package_docs(tablet fieldcheck)
endif()

install(TARGETS fieldcheck-depot RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT depot)
# Debian 12 keeps units in /lib/systemd/system (files moved to /usr/lib by a package can vanish on
# upgrade while /lib is a symlink: dpkg does not know the two are one).
install(FILES ${_pkg}/depot/fieldcheck-depot.service DESTINATION /lib/systemd/system COMPONENT depot)
install(FILES ${_pkg}/depot/fieldcheck-depot.default DESTINATION /etc/default RENAME fieldcheck-depot COMPONENT depot)
# A fleet on PostgreSQL (docs/deployment.md): the template unit fieldcheck-depot@N.service; an example
# of its settings to copy to /etc/default/fieldcheck-depot-N (not a conffile: how many instances run is
# the operator's choice); the nginx site file that puts the instances behind one TLS address.
install(FILES ${_pkg}/depot/fieldcheck-depot@.service DESTINATION /lib/systemd/system COMPONENT depot)
install(FILES ${_pkg}/depot/fieldcheck-depot-instance.default ${_pkg}/nginx/fieldcheck-depot-fleet
        DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/fieldcheck-depot/examples COMPONENT depot)
fieldcheck_package_docs(depot fieldcheck-depot)

install(DIRECTORY ${PROJECT_SOURCE_DIR}/templates/ DESTINATION ${CMAKE_INSTALL_DATADIR}/fieldcheck/templates
        COMPONENT templates FILES_MATCHING PATTERN "*.json")
fieldcheck_package_docs(templates fieldcheck-templates)

# The architecture comes from the compiler, not from the machine: a cross build (build/arm64) makes
# arm64 packages on an amd64 host. dpkg-architecture maps the compiler's GNU triplet to Debian's name.
execute_process(COMMAND ${CMAKE_CXX_COMPILER} -dumpmachine OUTPUT_VARIABLE _triplet OUTPUT_STRIP_TRAILING_WHITESPACE)
execute_process(COMMAND dpkg-architecture -t ${_triplet} -qDEB_HOST_ARCH
                OUTPUT_VARIABLE FIELDCHECK_DEB_ARCH OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
execute_process(COMMAND dpkg-architecture -t ${_triplet} -qDEB_HOST_MULTIARCH
                OUTPUT_VARIABLE _multiarch OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
# For scripts/package-deb.sh, which reads them from CMakeCache.txt: a cross build's dpkg-shlibdeps
# needs the sysroot's library directory (a toolchain file's CMAKE_SYSROOT is not in the cache).
set(FIELDCHECK_DEB_MULTIARCH "${_multiarch}" CACHE INTERNAL "Debian multiarch triplet of the packages")
set(FIELDCHECK_DEB_SYSROOT "${CMAKE_SYSROOT}" CACHE INTERNAL "sysroot the packaged programs were linked against")
if(NOT FIELDCHECK_DEB_ARCH)
  # A warning, not an error: the build and its tests do not need the packages.
  message(WARNING "packaging: no Debian architecture for the compiler's target '${_triplet}' "
                  "(dpkg-architecture, from dpkg-dev): no CPack configuration, scripts/package-deb.sh will refuse")
  return()
endif()

set(FIELDCHECK_PACKAGE_MAINTAINER "fieldcheck maintainers <fieldcheck@example.nl>"
    CACHE STRING "the Maintainer field of the Debian packages")
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME fieldcheck)
set(CPACK_PACKAGE_VENDOR fieldcheck)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT ${FIELDCHECK_PACKAGE_MAINTAINER})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_DIRECTORY ${PROJECT_BINARY_DIR}/packages)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL depot templates)
if(TARGET fieldcheck)
  list(PREPEND CPACK_COMPONENTS_ALL tablet)
endif()
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # NAME_VERSION-RELEASE_ARCH.deb
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE ${FIELDCHECK_DEB_ARCH})
set(CPACK_DEBIAN_PACKAGE_MAINTAINER ${FIELDCHECK_PACKAGE_MAINTAINER})
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://fieldcheck.example.nl/")
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Libraries linked at build time: dpkg-shlibdeps reads them from the binaries (for a cross build it
# needs the target's sysroot: scripts/package-deb.sh passes it).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)

set(CPACK_DEBIAN_TABLET_PACKAGE_NAME fieldcheck)
set(CPACK_DEBIAN_TABLET_PACKAGE_SECTION misc)
# What dpkg-shlibdeps cannot see: the fonts the GUI opens by path, and the GStreamer elements the
# camera module names in its pipeline (videotestsrc, videoconvert, videoscale, decodebin, appsink:
# -base; v4l2src, imagefreeze, jpegdec: -good).
set(CPACK_DEBIAN_TABLET_PACKAGE_DEPENDS "fonts-dejavu-core, gstreamer1.0-plugins-base, gstreamer1.0-plugins-good")
# The OpenGL ES renderer (FIELDCHECK_GLES3) has GLFW make its context through EGL, which GLFW loads
# with dlopen; desktop GL comes through libglfw3's own dependency on libgl1.
if(FIELDCHECK_GLES3)
  string(APPEND CPACK_DEBIAN_TABLET_PACKAGE_DEPENDS ", libegl1")
endif()
set(CPACK_DEBIAN_TABLET_PACKAGE_RECOMMENDS "fieldcheck-templates (= ${PROJECT_VERSION}-1)")
set(CPACK_COMPONENT_TABLET_DESCRIPTION "offline-first field-visit checklists: the technician's tablet app
A touch-first app (Dear ImGui, GLFW, OpenGL) that walks an installer through
prechecks, the procedure, the handover and the customer's own survey, seals
each visit and sends it to a fieldcheck depot whenever a connection is there.
The camera (GStreamer, ZBar) is loaded only when a photo or serial step
opens it.")

set(CPACK_DEBIAN_DEPOT_PACKAGE_NAME fieldcheck-depot)
set(CPACK_DEBIAN_DEPOT_PACKAGE_SECTION net)
# adduser: postinst makes the system user the unit runs as.
set(CPACK_DEBIAN_DEPOT_PACKAGE_DEPENDS "adduser")
set(CPACK_DEBIAN_DEPOT_PACKAGE_SUGGESTS "fieldcheck-templates (= ${PROJECT_VERSION}-1)")
set(CPACK_DEBIAN_DEPOT_PACKAGE_CONTROL_EXTRA
    ${_pkg}/depot/conffiles ${_pkg}/depot/postinst ${_pkg}/depot/prerm ${_pkg}/depot/postrm)
set(CPACK_COMPONENT_DEPOT_DESCRIPTION "offline-first field-visit checklists: the depot server
Receives the sealed visits of fieldcheck tablets over HTTP(S) into SQLite,
serves the customers' survey and receipt pages and the back office, and
holds the administration commands. Runs as the systemd unit
fieldcheck-depot.service, configured in /etc/default/fieldcheck-depot.")

set(CPACK_DEBIAN_TEMPLATES_PACKAGE_NAME fieldcheck-templates)
set(CPACK_DEBIAN_TEMPLATES_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_TEMPLATES_PACKAGE_ARCHITECTURE all)
set(CPACK_COMPONENT_TEMPLATES_DESCRIPTION "offline-first field-visit checklists: demo templates
Six demo procedures (fiber modem, DSL alarm line, Wi-Fi activation), in Dutch
and English, that `fieldcheck --demo` and `fieldcheck-depot serve --demo`
read from /usr/share/fieldcheck/templates.")

include(CPack)
