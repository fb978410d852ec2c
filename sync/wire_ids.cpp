#include "wire_ids.h"

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
    if (s.empty() || s.size() > kMaxIdLength) return false;
    for (char c : s) {
        if (c < 0x20 || c > 0x7e) return false;
    }
    return true;
}

}  // namespace fc
