# Fails the build when a linked tablet program holds the other API's ImGui OpenGL3 backend or links
# the other GL library (cmake -P; fieldcheck_check_renderer in platform/CMakeLists.txt).
#   cmake -DPROGRAM=FILE -DAPI=gl3|gles3 -DNM=nm -DREADELF=readelf -P check_renderer_link.cmake
# Why nm: Debian's libimgui.a holds the desktop build of the backend, and its symbols have the same
# names as the ES build's; only the desktop one carries the gl3w loader (imgl3wInit).
execute_process(COMMAND ${NM} --defined-only ${PROGRAM} OUTPUT_VARIABLE symbols RESULT_VARIABLE nm_failed)
execute_process(COMMAND ${READELF} -d ${PROGRAM} OUTPUT_VARIABLE dynamic RESULT_VARIABLE readelf_failed)
if(nm_failed OR readelf_failed)
  message(FATAL_ERROR "check_renderer_link: cannot read the symbols of ${PROGRAM} with ${NM} and ${READELF}")
endif()
if(NOT symbols MATCHES "ImGui_ImplOpenGL3_Init")
  message(FATAL_ERROR "check_renderer_link: ${PROGRAM} holds no ImGui OpenGL3 backend")
endif()
string(REGEX MATCHALL "Shared library: \\[[^]]+\\]" needed "${dynamic}")
set(desktop_libraries "libGL\\.so|libOpenGL\\.so|libGLX\\.so")
if(API STREQUAL "gles3")
  if(symbols MATCHES "imgl3wInit")
    message(FATAL_ERROR "check_renderer_link: ${PROGRAM} holds the desktop OpenGL build of ImGui's backend "
                        "(libimgui.a's, with the gl3w loader) instead of the OpenGL ES 3 one")
  endif()
  if(NOT needed MATCHES "libGLESv2\\.so" OR needed MATCHES "${desktop_libraries}")
    message(FATAL_ERROR "check_renderer_link: ${PROGRAM} must link libGLESv2 and no desktop GL library: ${needed}")
  endif()
elseif(API STREQUAL "gl3")
  if(NOT symbols MATCHES "imgl3wInit")
    message(FATAL_ERROR "check_renderer_link: ${PROGRAM} does not hold the desktop OpenGL build of ImGui's backend")
  endif()
  if(needed MATCHES "libGLESv2\\.so" OR NOT needed MATCHES "${desktop_libraries}")
    message(FATAL_ERROR "check_renderer_link: ${PROGRAM} must link a desktop GL library and not libGLESv2: ${needed}")
  endif()
else()
  message(FATAL_ERROR "check_renderer_link: API must be gl3 or gles3, not '${API}'")
endif()
