#pragma once
// PhotoMetadata: removes location, device and text metadata from a picked photo's bytes without
// touching the picture (no re-encoding), before it is stored and sent.
#include <optional>
#include <string>
#include <string_view>

namespace fc {

// A JPEG without its APP1 (Exif, XMP), APP13 (IPTC) and comment segments; the image data, JFIF,
// ICC profile (APP2) and Adobe (APP14) segments are kept byte for byte. A photo that was turned
// (Exif orientation other than 1) gets a minimal Exif segment with only that orientation, so it still
// shows upright. nullopt when the marker structure is broken or truncated.
std::optional<std::string> strip_jpeg_metadata(std::string_view jpeg);

// A PNG without its tEXt, zTXt, iTXt, eXIf and tIME chunks; nothing after IEND. nullopt when a chunk
// runs past the end, or there is no IEND.
std::optional<std::string> strip_png_metadata(std::string_view png);

}  // namespace fc
