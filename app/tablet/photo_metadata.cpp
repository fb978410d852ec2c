#include "app/tablet/photo_metadata.h"

#include <array>
#include <cstdint>

namespace fc {
namespace {

// Every read goes through these: the bytes come from any file on the tablet, so no length in them
// is trusted before it is checked against what is there.
std::uint8_t byte_at(std::string_view s, std::size_t i) { return static_cast<std::uint8_t>(s[i]); }

std::uint32_t read16(std::string_view s, std::size_t i, bool big_endian) {
    const std::uint32_t a = byte_at(s, i);
    const std::uint32_t b = byte_at(s, i + 1);
    return big_endian ? (a << 8 | b) : (b << 8 | a);
}

std::uint32_t read32(std::string_view s, std::size_t i, bool big_endian) {
    const std::uint32_t hi = read16(s, i, big_endian);
    const std::uint32_t lo = read16(s, i + 2, big_endian);
    return big_endian ? (hi << 16 | lo) : (lo << 16 | hi);
}

// The orientation (1..8) in an APP1 Exif payload's first IFD; 1 when absent or unreadable.
int exif_orientation(std::string_view payload) {
    if (payload.size() < 14 || payload.substr(0, 6) != std::string_view("Exif\0\0", 6)) return 1;
    const std::string_view tiff = payload.substr(6);
    const bool big = tiff.substr(0, 2) == "MM";
    if (!big && tiff.substr(0, 2) != "II") return 1;
    const std::uint32_t ifd = read32(tiff, 4, big);
    if (ifd > tiff.size() || tiff.size() - ifd < 2) return 1;
    const std::uint32_t count = read16(tiff, ifd, big);
    for (std::uint32_t i = 0; i < count; ++i) {
        const std::size_t entry = ifd + 2 + std::size_t{12} * i;
        if (entry + 12 > tiff.size()) return 1;
        if (read16(tiff, entry, big) == 0x0112 && read16(tiff, entry + 2, big) == 3) {
            const std::uint32_t value = read16(tiff, entry + 8, big);
            return value >= 1 && value <= 8 ? static_cast<int>(value) : 1;
        }
    }
    return 1;
}

// An APP1 segment whose Exif holds the orientation and nothing else (big-endian TIFF, one IFD entry).
std::string orientation_segment(int orientation) {
    const std::array<unsigned char, 36> segment = {
        0xFF, 0xE1, 0x00, 0x22, 'E', 'x', 'i', 'f', 0, 0,             // marker, length 34, Exif header
        'M', 'M', 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08,                   // TIFF header, IFD at 8
        0x00, 0x01,                                                     // one entry
        0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01,                 // Orientation, SHORT, count 1
        0x00, static_cast<unsigned char>(orientation), 0x00, 0x00,     // the value
        0x00, 0x00, 0x00, 0x00};                                        // no next IFD
    return std::string(segment.begin(), segment.end());
}

bool drops_jpeg_segment(int marker) {
    return marker == 0xE1 || marker == 0xED || marker == 0xFE;  // APP1 Exif/XMP, APP13 IPTC, COM
}

}  // namespace

std::optional<std::string> strip_jpeg_metadata(std::string_view jpeg) {
    if (jpeg.size() < 4 || byte_at(jpeg, 0) != 0xFF || byte_at(jpeg, 1) != 0xD8) return std::nullopt;
    std::string out(jpeg.substr(0, 2));
    int orientation = 1;
    std::size_t at = 2;
    while (true) {
        if (at + 2 > jpeg.size() || byte_at(jpeg, at) != 0xFF) return std::nullopt;
        while (at + 2 <= jpeg.size() && byte_at(jpeg, at + 1) == 0xFF) ++at;  // fill bytes
        if (at + 2 > jpeg.size()) return std::nullopt;
        const int marker = byte_at(jpeg, at + 1);
        if (marker == 0xD8 || marker == 0xD9 || marker == 0x00) return std::nullopt;  // no image before the end
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {  // markers without a length
            out.append(jpeg.substr(at, 2));
            at += 2;
            continue;
        }
        if (at + 4 > jpeg.size()) return std::nullopt;
        const std::size_t length = read16(jpeg, at + 2, true);
        if (length < 2 || jpeg.size() - at - 2 < length) return std::nullopt;
        if (marker == 0xDA) {
            // The scan and everything after it is the picture itself: copied as it is.
            if (orientation != 1) out += orientation_segment(orientation);
            out.append(jpeg.substr(at));
            return out;
        }
        if (marker == 0xE1 && orientation == 1) orientation = exif_orientation(jpeg.substr(at + 4, length - 2));
        if (!drops_jpeg_segment(marker)) out.append(jpeg.substr(at, 2 + length));
        at += 2 + length;
    }
}

std::optional<std::string> strip_png_metadata(std::string_view png) {
    static constexpr std::string_view kSignature("\x89PNG\r\n\x1a\n", 8);
    if (png.substr(0, 8) != kSignature) return std::nullopt;
    std::string out(kSignature);
    std::size_t at = 8;
    while (at + 12 <= png.size()) {
        const std::size_t length = read32(png, at, true);
        if (length > 0x7FFFFFFFu || png.size() - at - 12 < length) return std::nullopt;
        const std::string_view type = png.substr(at + 4, 4);
        const bool metadata = type == "tEXt" || type == "zTXt" || type == "iTXt" || type == "eXIf" || type == "tIME";
        if (!metadata) out.append(png.substr(at, 12 + length));
        at += 12 + length;
        if (type == "IEND") return out;
    }
    return std::nullopt;
}

}  // namespace fc
