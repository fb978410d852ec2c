#pragma once
// JpegSegments: the marker segments before a JPEG's image data, for tests that check what a JPEG
// carries (APP0 JFIF yes, APP1 Exif no).
#include <cstdint>
#include <string>
#include <vector>

namespace fc::test {

// The markers (0xE0 for APP0, 0xE1 for APP1, ...) up to the start of scan; empty if not a JPEG.
inline std::vector<int> jpeg_markers(const std::string& bytes) {
    std::vector<int> markers;
    if (bytes.size() < 4 || static_cast<std::uint8_t>(bytes[0]) != 0xFF || static_cast<std::uint8_t>(bytes[1]) != 0xD8) return markers;
    std::size_t at = 2;
    while (at + 4 <= bytes.size() && static_cast<std::uint8_t>(bytes[at]) == 0xFF) {
        const int marker = static_cast<std::uint8_t>(bytes[at + 1]);
        markers.push_back(marker);
        if (marker == 0xDA) break;
        at += 2 + (static_cast<std::size_t>(static_cast<std::uint8_t>(bytes[at + 2])) << 8 | static_cast<std::uint8_t>(bytes[at + 3]));
    }
    return markers;
}

}  // namespace fc::test
