#pragma once
// CanonicalJson: JSON built in code and written byte-for-byte deterministically (seals, stored forms).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <rapidjson/document.h>

#include "expected.h"

namespace fc {

// Why one canonical form: the seal is a SHA-256 over these bytes, so the same content must give the
// same bytes on the tablet and on the depot. Rules: object keys sorted bytewise, no whitespace,
// integers as integers, doubles in the shortest form that reads back to the same value (-0 is
// written as 0; NaN and infinities, which JSON cannot hold, as null), strings escaped minimally
// (", \ and control characters only; other bytes, UTF-8 included, are copied as they are).
class CanonicalJson {
public:
    CanonicalJson() = default;  // null
    CanonicalJson(std::nullptr_t) {}
    CanonicalJson(bool b) : type_(Type::Bool), bool_(b) {}
    CanonicalJson(int i) : type_(Type::Int), int_(i) {}
    CanonicalJson(std::int64_t i) : type_(Type::Int), int_(i) {}
    CanonicalJson(double d) : type_(Type::Double), double_(d) {}
    CanonicalJson(std::string s) : type_(Type::String), string_(std::move(s)) {}
    CanonicalJson(std::string_view s) : type_(Type::String), string_(s) {}
    CanonicalJson(const char* s) : type_(Type::String), string_(s) {}

    static CanonicalJson object();
    static CanonicalJson array();

    // Object member; a key set twice keeps the last value. Returns *this so calls chain.
    CanonicalJson& set(std::string key, CanonicalJson value);
    // Array element, in the order pushed.
    CanonicalJson& push(CanonicalJson value);

    std::string dump() const;
    void write(std::string& out) const;

private:
    enum class Type { Null, Bool, Int, Double, String, Array, Object };
    Type type_ = Type::Null;
    bool bool_ = false;
    std::int64_t int_ = 0;
    double double_ = 0;
    std::string string_;
    std::vector<CanonicalJson> items_;                          // Array
    std::vector<std::pair<std::string, CanonicalJson>> members_;  // Object, kept sorted by key
};

// The same canonical form for an already parsed RapidJSON value (e.g. to re-serialise a document).
std::string canonical_json(const rapidjson::Value& v);

// Appends `s` as a JSON string literal (quotes included) with the minimal escaping above.
void write_json_string(std::string& out, std::string_view s);

// Length of write_json_string's output for `s`, without writing it.
std::size_t json_string_size(std::string_view s);

// Well-formed UTF-8 (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF).
bool is_valid_utf8(std::string_view s);

// Parses untrusted bytes: check_json_bounds first (size, UTF-8, depth), then RapidJSON with numbers
// converted exactly (parse_json_with_exact_numbers). Never throws or aborts; errors say what and at which byte
// offset, with code "too_large", "not_utf8", "too_deep" or "malformed". NaN, Infinity and numbers
// beyond a double are refused; a NUL byte is not an end of input.
Expected<rapidjson::Document> parse_bounded_json(std::string_view bytes, std::size_t max_bytes, int max_depth);

}  // namespace fc
