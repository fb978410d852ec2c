#include "canonical_json.h"

#include <rapidjson/error/en.h>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "exact_number_json.h"
#include "json_guard.h"

namespace fc {
namespace {

void write_double(std::string& out, double d) {
    if (!std::isfinite(d)) {
        out += "null";
        return;
    }
    if (d == 0) {  // -0 and 0 are the same value; one spelling keeps the seal stable
        out += '0';
        return;
    }
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, d);
    out.append(buf, r.ptr);
}

void write_int(std::string& out, std::int64_t i) {
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, i);
    out.append(buf, r.ptr);
}

void write_uint(std::string& out, std::uint64_t i) {
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, i);
    out.append(buf, r.ptr);
}

void write_value(std::string& out, const rapidjson::Value& v) {
    switch (v.GetType()) {
        case rapidjson::kNullType: out += "null"; return;
        case rapidjson::kFalseType: out += "false"; return;
        case rapidjson::kTrueType: out += "true"; return;
        case rapidjson::kStringType: write_json_string(out, {v.GetString(), v.GetStringLength()}); return;
        case rapidjson::kNumberType:
            if (v.IsInt64()) write_int(out, v.GetInt64());
            else if (v.IsUint64()) write_uint(out, v.GetUint64());
            else write_double(out, v.GetDouble());
            return;
        case rapidjson::kArrayType: {
            out += '[';
            bool first = true;
            for (const auto& item : v.GetArray()) {
                if (!first) out += ',';
                first = false;
                write_value(out, item);
            }
            out += ']';
            return;
        }
        case rapidjson::kObjectType: {
            std::vector<const rapidjson::Value::Member*> members;
            members.reserve(v.MemberCount());
            for (const auto& m : v.GetObject()) members.push_back(&m);
            const auto key = [](const rapidjson::Value::Member* m) {
                return std::string_view(m->name.GetString(), m->name.GetStringLength());
            };
            std::stable_sort(members.begin(), members.end(),
                             [&](const auto* a, const auto* b) { return key(a) < key(b); });
            out += '{';
            bool first = true;
            for (const auto* m : members) {
                if (!first) out += ',';
                first = false;
                write_json_string(out, key(m));
                out += ':';
                write_value(out, m->value);
            }
            out += '}';
            return;
        }
    }
}

// Recursion is bounded: check_json_bounds has already limited the depth.
bool all_numbers_finite(const rapidjson::Value& v) {
    if (v.IsDouble()) return std::isfinite(v.GetDouble());
    if (v.IsArray()) {
        for (const auto& item : v.GetArray()) {
            if (!all_numbers_finite(item)) return false;
        }
    }
    if (v.IsObject()) {
        for (const auto& m : v.GetObject()) {
            if (!all_numbers_finite(m.value)) return false;
        }
    }
    return true;
}

}  // namespace

CanonicalJson CanonicalJson::object() {
    CanonicalJson j;
    j.type_ = Type::Object;
    return j;
}

CanonicalJson CanonicalJson::array() {
    CanonicalJson j;
    j.type_ = Type::Array;
    return j;
}

CanonicalJson& CanonicalJson::set(std::string key, CanonicalJson value) {
    type_ = Type::Object;
    // std::string compares bytes as unsigned char, so the order does not depend on the locale.
    auto it = std::lower_bound(members_.begin(), members_.end(), key,
                               [](const auto& m, const std::string& k) { return m.first < k; });
    if (it != members_.end() && it->first == key) {
        it->second = std::move(value);
    } else {
        members_.emplace(it, std::move(key), std::move(value));
    }
    return *this;
}

CanonicalJson& CanonicalJson::push(CanonicalJson value) {
    type_ = Type::Array;
    items_.push_back(std::move(value));
    return *this;
}

std::string CanonicalJson::dump() const {
    std::string out;
    write(out);
    return out;
}

void CanonicalJson::write(std::string& out) const {
    switch (type_) {
        case Type::Null: out += "null"; return;
        case Type::Bool: out += bool_ ? "true" : "false"; return;
        case Type::Int: write_int(out, int_); return;
        case Type::Double: write_double(out, double_); return;
        case Type::String: write_json_string(out, string_); return;
        case Type::Array: {
            out += '[';
            for (std::size_t i = 0; i < items_.size(); ++i) {
                if (i) out += ',';
                items_[i].write(out);
            }
            out += ']';
            return;
        }
        case Type::Object: {
            out += '{';
            for (std::size_t i = 0; i < members_.size(); ++i) {
                if (i) out += ',';
                write_json_string(out, members_[i].first);
                out += ':';
                members_[i].second.write(out);
            }
            out += '}';
            return;
        }
    }
}

std::string canonical_json(const rapidjson::Value& v) {
    std::string out;
    write_value(out, v);
    return out;
}

void write_json_string(std::string& out, std::string_view s) {
    static constexpr char kHex[] = "0123456789abcdef";
    out += '"';
    for (const char c : s) {
        const auto u = static_cast<unsigned char>(c);
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (u < 0x20) {
                    out += "\\u00";
                    out += kHex[u >> 4];
                    out += kHex[u & 0x0F];
                } else {
                    out += c;
                }
        }
    }
    out += '"';
}

std::size_t json_string_size(std::string_view s) {
    std::size_t n = 2;
    for (const char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\' || c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t') n += 2;
        else if (u < 0x20) n += 6;
        else n += 1;
    }
    return n;
}

bool is_valid_utf8(std::string_view s) {
    std::size_t i = 0;
    const auto at = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const auto cont = [&](std::size_t k) { return k < s.size() && (at(k) & 0xC0) == 0x80; };
    while (i < s.size()) {
        const unsigned char c = at(i);
        if (c < 0x80) {
            i += 1;
        } else if (c >= 0xC2 && c <= 0xDF) {
            if (!cont(i + 1)) return false;
            i += 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            if (!cont(i + 1) || !cont(i + 2)) return false;
            if (c == 0xE0 && at(i + 1) < 0xA0) return false;  // overlong
            if (c == 0xED && at(i + 1) > 0x9F) return false;  // surrogate
            i += 3;
        } else if (c >= 0xF0 && c <= 0xF4) {
            if (!cont(i + 1) || !cont(i + 2) || !cont(i + 3)) return false;
            if (c == 0xF0 && at(i + 1) < 0x90) return false;  // overlong
            if (c == 0xF4 && at(i + 1) > 0x8F) return false;  // above U+10FFFF
            i += 4;
        } else {
            return false;
        }
    }
    return true;
}

Expected<rapidjson::Document> parse_bounded_json(std::string_view bytes, std::size_t max_bytes, int max_depth) {
    if (Status bounds = check_json_bounds(bytes, max_bytes, max_depth); !bounds) {
        return bounds.error();
    }
    if (bytes.empty()) return make_error(ErrorCode::malformed, "the document is empty (0 bytes)");
    // Not RapidJSON's own full-precision numbers: that path crashes on long fractions (see
    // exact_number_json.h), and the default one may be off by an ulp, which would break a seal.
    rapidjson::Document doc;
    if (const auto error = parse_json_with_exact_numbers(bytes, doc)) {
        return make_error(ErrorCode::malformed, std::string("not valid JSON at byte offset ") + std::to_string(error->offset) +
                                           ": " + rapidjson::GetParseError_En(error->code));
    }
    if (!all_numbers_finite(doc)) {
        return make_error(ErrorCode::malformed, "not valid JSON: NaN, Infinity or a number too large for a double");
    }
    return Expected<rapidjson::Document>(std::move(doc));
}

}  // namespace fc
