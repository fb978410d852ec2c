#include "json_guard.h"

#include <string>

namespace fc {
namespace {

// Length of the UTF-8 sequence starting at s[i], or 0 when it is not well-formed (RFC 3629:
// no overlongs, no surrogates, nothing above U+10FFFF).
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
    const unsigned char c = b(0);
    const std::size_t left = s.size() - i;
    const auto cont = [&](std::size_t k) { return k < left && (b(k) & 0xC0) == 0x80; };
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (!cont(1) || !cont(2)) return 0;
        if (c == 0xE0 && b(1) < 0xA0) return 0;  // overlong
        if (c == 0xED && b(1) > 0x9F) return 0;  // surrogate
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (!cont(1) || !cont(2) || !cont(3)) return 0;
        if (c == 0xF0 && b(1) < 0x90) return 0;
        if (c == 0xF4 && b(1) > 0x8F) return 0;
        return 4;
    }
    return 0;
}

}  // namespace

std::size_t valid_utf8_prefix(std::string_view bytes) {
    std::size_t i = 0;
    while (i < bytes.size()) {
        const std::size_t n = utf8_sequence_length(bytes, i);
        if (n == 0) break;
        i += n;
    }
    return i;
}

Status check_json_bounds(std::string_view bytes, std::size_t max_bytes, int max_depth) {
    if (bytes.size() > max_bytes) {
        return make_error(ErrorCode::too_large, "the document is " + std::to_string(bytes.size()) +
                                           " bytes; at most " + std::to_string(max_bytes) + " are accepted");
    }
    int depth = 0;
    bool in_string = false;
    bool escaped = false;
    for (std::size_t i = 0; i < bytes.size();) {
        const std::size_t n = utf8_sequence_length(bytes, i);
        if (n == 0) {
            return make_error(ErrorCode::not_utf8, "the document is not valid UTF-8 at byte offset " + std::to_string(i));
        }
        if (n == 1) {
            const char c = bytes[i];
            if (in_string) {
                if (escaped) escaped = false;
                else if (c == '\\') escaped = true;
                else if (c == '"') in_string = false;
            } else if (c == '"') {
                in_string = true;
            } else if (c == '[' || c == '{') {
                if (++depth > max_depth) {
                    return make_error(ErrorCode::too_deep, "nesting deeper than " + std::to_string(max_depth) +
                                                      " levels at byte offset " + std::to_string(i));
                }
            } else if (c == ']' || c == '}') {
                --depth;
            }
        }
        i += n;
    }
    return {};
}

}  // namespace fc
