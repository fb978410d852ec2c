#pragma once
// PhotoThumbnails: the file picker's small pictures, decoded once per file with stb and kept as
// textures while the app runs. Needs the window's GL context (run_tablet owns it; tests have none).
#include <map>
#include <memory>
#include <string>

#include <imgui.h>

#include "platform/camera_texture.h"

namespace fc {

class PhotoThumbnails {
public:
    // The texture for the photo at `path`, at most kSide pixels on its long side; 0 when the file
    // cannot be decoded (the picker then shows its placeholder colour).
    ImTextureID texture(const std::string& path);

    static constexpr int kSide = 128;
    static constexpr std::size_t kMaxKept = 120;  // a folder's worth; beyond it, kept ones are dropped to make room

private:
    std::map<std::string, std::unique_ptr<CameraTexture>> kept_;
};

}  // namespace fc
