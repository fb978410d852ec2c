#include "app/tablet/photo_thumbnails.h"

#include <algorithm>

#include <stb/stb_image.h>

namespace fc {
namespace {

// Nearest-pixel reduction: a thumbnail a finger taps needs no filtering, and it keeps this cheap.
CameraFrame small_frame(const unsigned char* rgba, int w, int h, int side) {
    const float scale = std::min(1.0f, static_cast<float>(side) / static_cast<float>(std::max(w, h)));
    CameraFrame f;
    f.width = std::max(1, static_cast<int>(static_cast<float>(w) * scale));
    f.height = std::max(1, static_cast<int>(static_cast<float>(h) * scale));
    f.rgba.resize(static_cast<std::size_t>(f.width) * static_cast<std::size_t>(f.height) * 4);
    for (int y = 0; y < f.height; ++y) {
        const int sy = std::min(h - 1, static_cast<int>(static_cast<float>(y) / scale));
        for (int x = 0; x < f.width; ++x) {
            const int sx = std::min(w - 1, static_cast<int>(static_cast<float>(x) / scale));
            const unsigned char* from = rgba + (static_cast<std::size_t>(sy) * static_cast<std::size_t>(w) + static_cast<std::size_t>(sx)) * 4;
            std::copy(from, from + 4, f.rgba.begin() + (static_cast<std::ptrdiff_t>(y) * f.width + x) * 4);
        }
    }
    return f;
}

}  // namespace

ImTextureID PhotoThumbnails::texture(const std::string& path) {
    if (const auto it = kept_.find(path); it != kept_.end()) return it->second->texture();
    if (kept_.size() >= kMaxKept) kept_.erase(kept_.begin());
    auto& slot = kept_[path];
    slot = std::make_unique<CameraTexture>();
    int w = 0;
    int h = 0;
    int components = 0;
    unsigned char* rgba = stbi_load(path.c_str(), &w, &h, &components, 4);
    if (!rgba) return slot->texture();  // kept empty, so an unreadable file is not decoded every frame
    slot->show(small_frame(rgba, w, h, kSide));
    stbi_image_free(rgba);
    return slot->texture();
}

}  // namespace fc
