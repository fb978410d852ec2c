#pragma once
// The OpenGL API the renderer's files are compiled for: OpenGL ES 3 (FIELDCHECK_GLES3, embedded GPUs)
// or desktop OpenGL 3. Only the renderer (tablet_window.cpp, camera_texture.cpp) includes it, and
// every GL call it makes must be valid on both.
#if defined(FIELDCHECK_GLES3)
#include <GLES3/gl3.h>
#else
#include <GL/gl.h>
#endif

namespace fc {

// What the renderer was built for; TabletWindow refuses a context of the other kind.
struct GlApi {
    bool es;
    int major;
    int minor;
    const char* glsl_version;  // for ImGui_ImplOpenGL3_Init: must match the API, or no shader compiles
    const char* name;          // in error messages
};

#if defined(FIELDCHECK_GLES3)
inline constexpr GlApi kGlApi{true, 3, 0, "#version 300 es", "OpenGL ES 3.0"};
#else
inline constexpr GlApi kGlApi{false, 3, 0, "#version 130", "OpenGL 3"};
#endif

}  // namespace fc
