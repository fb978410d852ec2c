#pragma once
// CameraTexture: the camera preview as one OpenGL texture, reused frame after frame, for ImGui::Image.
// Needs the window's GL context: the app creates it and hands the screens a hook; headless tests have none.
#include <imgui.h>

#include "platform/camera.h"

namespace fc {

class CameraTexture {
public:
    CameraTexture() = default;
    ~CameraTexture();
    CameraTexture(const CameraTexture&) = delete;
    CameraTexture& operator=(const CameraTexture&) = delete;

    // Uploads `frame` (re-allocating only when its size changed) and returns the texture to draw.
    ImTextureID show(const CameraFrame& frame);
    // The texture of the last frame shown; 0 before the first.
    ImTextureID texture() const;
    int width() const { return width_; }
    int height() const { return height_; }

private:
    unsigned int id_ = 0;
    int width_ = 0;
    int height_ = 0;
};

}  // namespace fc
