#include "wire_ids.h"

#include "checklists/canonical_json.h"

namespace fc {

bool is_wire_id(std::string_view s) {
    if (s.empty() || s.size() > kMaxIdLength) return false;
    for (char c : s) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        if (!ok) return false;
    }
    return true;
}

std::optional<std::int64_t> parse_wire_number(std::string_view s) {
    if (s.empty() || s.size() > 18) return std::nullopt;
    std::int64_t n = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        n = n * 10 + (c - '0');
    }
    return n;
}

bool is_device_label(std::string_view s) {
    if (s.empty() || s.size() > kMaxIdLength || !is_valid_utf8(s)) return false;
    for (char c : s) {
        const auto b = static_cast<unsigned char>(c);
        if (b < 0x20 || b == 0x7f) return false;
    }
    // C1 controls (U+0080..U+009F) are two bytes in UTF-8: C2 80..C2 9F.
    for (std::size_t i = 0; i + 1 < s.size(); ++i) {
        const auto b0 = static_cast<unsigned char>(s[i]);
        const auto b1 = static_cast<unsigned char>(s[i + 1]);
        if (b0 == 0xC2 && b1 >= 0x80 && b1 <= 0x9F) return false;
    }
    return true;
}

}  // namespace fc
