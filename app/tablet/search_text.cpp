#include "app/tablet/search_text.h"

#include <optional>

namespace fc {
namespace {

// Latin-1 Supplement letters U+00C0..U+00FF, upper and lower case alike; "" keeps the character
// (the multiplication and division signs).
constexpr const char* kLatin1[64] = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",   // C0..CF
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "ss", // D0..DF
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",   // E0..EF
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "y",  // F0..FF
};

// Latin Extended-A, U+0100..U+017F, as runs of code points that fold to the same letters.
struct Run {
    char32_t last;  // the run ends here (inclusive) and starts after the previous run
    const char* folded;
};
constexpr Run kExtendedA[] = {
    {0x105, "a"}, {0x10D, "c"}, {0x111, "d"}, {0x11B, "e"}, {0x123, "g"}, {0x127, "h"}, {0x131, "i"},
    {0x133, "ij"}, {0x135, "j"}, {0x138, "k"}, {0x142, "l"}, {0x14B, "n"}, {0x151, "o"}, {0x153, "oe"},
    {0x159, "r"}, {0x161, "s"}, {0x167, "t"}, {0x173, "u"}, {0x175, "w"}, {0x178, "y"}, {0x17E, "z"},
    {0x17F, "s"},
};

// One code point from `s` at `i` (advanced past it); nullopt for a byte that does not start valid UTF-8.
std::optional<char32_t> next_code_point(std::string_view s, std::size_t& i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char lead = byte(i);
    int extra = 0;
    char32_t cp = 0;
    if (lead >= 0xC2 && lead <= 0xDF) { extra = 1; cp = lead & 0x1F; }
    else if (lead >= 0xE0 && lead <= 0xEF) { extra = 2; cp = lead & 0x0F; }
    else if (lead >= 0xF0 && lead <= 0xF4) { extra = 3; cp = lead & 0x07; }
    else return std::nullopt;
    if (i + static_cast<std::size_t>(extra) >= s.size()) return std::nullopt;
    for (int k = 1; k <= extra; ++k) {
        const unsigned char c = byte(i + static_cast<std::size_t>(k));
        if ((c & 0xC0) != 0x80) return std::nullopt;
        cp = (cp << 6) | (c & 0x3F);
    }
    // Overlong three- and four-byte forms and surrogates are not valid UTF-8.
    if ((extra == 2 && cp < 0x800) || (extra == 3 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF)) {
        return std::nullopt;
    }
    i += static_cast<std::size_t>(extra) + 1;
    return cp;
}

const char* folded_letter(char32_t cp) {
    if (cp >= 0xC0 && cp <= 0xFF) return kLatin1[cp - 0xC0];
    if (cp >= 0x100 && cp <= 0x17F) {
        for (const Run& r : kExtendedA) {
            if (cp <= r.last) return r.folded;
        }
    }
    return "";
}

}  // namespace

std::string search_folded(std::string_view utf8) {
    std::string out;
    out.reserve(utf8.size());
    std::size_t i = 0;
    while (i < utf8.size()) {
        const unsigned char c = static_cast<unsigned char>(utf8[i]);
        if (c < 0x80) {
            out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c);
            ++i;
            continue;
        }
        const std::size_t start = i;
        const auto cp = next_code_point(utf8, i);
        if (!cp) {
            out += static_cast<char>(c);
            ++i;
            continue;
        }
        // Combining accents (a decomposed "e" + U+0301) fold away like the composed letters do.
        if (*cp >= 0x300 && *cp <= 0x36F) continue;
        const char* letter = folded_letter(*cp);
        if (*letter) out += letter;
        else out.append(utf8.substr(start, i - start));
    }
    return out;
}

bool search_matches(std::string_view query, std::string_view folded_haystack) {
    const std::string folded_query = search_folded(query);
    std::size_t i = 0;
    while (i < folded_query.size()) {
        while (i < folded_query.size() && folded_query[i] == ' ') ++i;
        std::size_t end = i;
        while (end < folded_query.size() && folded_query[end] != ' ') ++end;
        if (end > i && folded_haystack.find(std::string_view(folded_query).substr(i, end - i)) == std::string_view::npos) {
            return false;
        }
        i = end;
    }
    return true;
}

}  // namespace fc
