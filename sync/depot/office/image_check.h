#pragma once
// ImageKind: what a stored file's bytes are when the back office may show them as an image. A
// tablet's upload is only a hash and bytes: before a browser gets a file from the depot's own
// origin, its bytes must be a JPEG or PNG (magic and a decoded header), never HTML or script.
#include <optional>
#include <string_view>

namespace fc {

struct ImageKind {
    const char* media_type;  // "image/jpeg" | "image/png"
    const char* extension;   // "jpg" | "png"
    int width = 0;
    int height = 0;
};

// nullopt for anything that is not a JPEG or PNG whose header decodes to a real size.
std::optional<ImageKind> image_kind(std::string_view bytes);

}  // namespace fc
