#include "platform/camera_texture.h"

#include <cstddef>
#include <cstdint>

#include "platform/gl_api.h"

namespace fc {

CameraTexture::~CameraTexture() {
    if (id_) glDeleteTextures(1, &id_);
}

ImTextureID CameraTexture::texture() const {
    return reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(id_));
}

ImTextureID CameraTexture::show(const CameraFrame& frame) {
    const auto expected = static_cast<std::size_t>(frame.width) * static_cast<std::size_t>(frame.height) * 4;
    if (frame.width <= 0 || frame.height <= 0 || frame.rgba.size() != expected) return texture();
    if (!id_) {
        glGenTextures(1, &id_);
        glBindTexture(GL_TEXTURE_2D, id_);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    }
    glBindTexture(GL_TEXTURE_2D, id_);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);  // RGBA rows are always a multiple of 4 bytes
    // Why reuse: a new texture per frame at 30 frames a second churns driver memory; the same size
    // only needs its pixels replaced.
    if (frame.width == width_ && frame.height == height_) {
        glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, frame.width, frame.height, GL_RGBA, GL_UNSIGNED_BYTE, frame.rgba.data());
    } else {
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, frame.width, frame.height, 0, GL_RGBA, GL_UNSIGNED_BYTE, frame.rgba.data());
        width_ = frame.width;
        height_ = frame.height;
    }
    return texture();
}

}  // namespace fc
