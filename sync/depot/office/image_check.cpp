#include "sync/depot/office/image_check.h"

#include <climits>

// stb_image as this file's own static copy, JPEG and PNG only: the depot links no image library,
// and a static copy cannot clash with the tablet's (platform links Debian's libstb).
#define STB_IMAGE_STATIC
#define STB_IMAGE_IMPLEMENTATION
#define STBI_ONLY_JPEG
#define STBI_ONLY_PNG
#define STBI_NO_STDIO
#define STBI_NO_LINEAR
#define STBI_NO_HDR
#include <stb/stb_image.h>

namespace fc {
namespace {

bool starts_with(std::string_view bytes, std::string_view magic) { return bytes.substr(0, magic.size()) == magic; }

}  // namespace

std::optional<ImageKind> image_kind(std::string_view bytes) {
    static constexpr std::string_view kJpeg("\xFF\xD8\xFF", 3);
    static constexpr std::string_view kPng("\x89PNG\r\n\x1A\n", 8);
    ImageKind kind{};
    if (starts_with(bytes, kJpeg)) kind = {"image/jpeg", "jpg"};
    else if (starts_with(bytes, kPng)) kind = {"image/png", "png"};
    else return std::nullopt;
    if (bytes.size() > static_cast<std::size_t>(INT_MAX)) return std::nullopt;
    int components = 0;
    // The header decoded for real (dimensions, SOF / IHDR), not only the magic bytes.
    if (!stbi_info_from_memory(reinterpret_cast<const stbi_uc*>(bytes.data()), static_cast<int>(bytes.size()), &kind.width,
                               &kind.height, &components)) {
        return std::nullopt;
    }
    if (kind.width <= 0 || kind.height <= 0) return std::nullopt;
    return kind;
}

}  // namespace fc
