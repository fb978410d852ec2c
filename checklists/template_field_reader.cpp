#include "template_field_reader.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <unordered_map>

namespace fc {
namespace {

// Titles and labels are read on a tablet at arm's length; anything longer belongs in help.
constexpr std::size_t kMaxLineChars = 200;
constexpr std::size_t kMaxIdChars = 64;

std::size_t count_chars(std::string_view s) {
    return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

bool is_blank(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

// The first control character that this shape of text may not hold, or -1.
int forbidden_control(std::string_view s, TextShape shape) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (shape == TextShape::Paragraph && (c == '\n' || c == '\t')) continue;
        if (c < 0x20 || c == 0x7F) return c;
        if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) < 0xA0) {
            return static_cast<unsigned char>(s[i + 1]);
        }
    }
    return -1;
}

// Optimal string alignment distance (a swap of two neighbours counts as one edit, as in
// "requried"), or limit + 1 when it is larger. Only the band |i - j| <= limit is computed, so a
// comparison costs O(length * limit): hostile files may ask for many.
std::size_t edit_distance_within(std::string_view a, std::string_view b, std::size_t limit) {
    const std::size_t n = a.size();
    const std::size_t m = b.size();
    const std::size_t far = limit + 1;
    if (n > m + limit || m > n + limit) return far;
    std::vector<std::size_t> before(m + 2, far), previous(m + 2, far), current(m + 2, far);
    for (std::size_t j = 0; j <= std::min(m, limit); ++j) previous[j] = j;
    for (std::size_t i = 1; i <= n; ++i) {
        const std::size_t lo = i > limit ? i - limit : 0;
        const std::size_t hi = std::min(m, i + limit);
        if (lo > 0) current[lo - 1] = far;
        current[hi + 1] = far;
        if (lo == 0) current[0] = i;
        for (std::size_t j = std::max<std::size_t>(lo, 1); j <= hi; ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            std::size_t d = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d = std::min(d, before[j - 2] + 1);
            current[j] = std::min(d, far);
        }
        std::swap(before, previous);
        std::swap(previous, current);
    }
    return std::min(previous[m], far);
}

}  // namespace

std::string json_type_name(const rapidjson::Value& v) {
    switch (v.GetType()) {
        case rapidjson::kNullType: return "null";
        case rapidjson::kFalseType:
        case rapidjson::kTrueType: return "true/false";
        case rapidjson::kObjectType: return "an object";
        case rapidjson::kArrayType: return "a list";
        case rapidjson::kStringType: return "text";
        case rapidjson::kNumberType: return "a number";
    }
    return "something else";
}

std::string_view string_view_of(const rapidjson::Value& v) { return {v.GetString(), v.GetStringLength()}; }

std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& candidates) {
    if (word.size() > 64) return {};
    std::string_view best;
    std::size_t best_distance = 3;
    std::size_t compared = 0;
    for (const auto c : candidates) {
        if (++compared > 1000) break;  // a hostile file can list thousands; a hint is not worth the time
        const std::size_t limit = c.size() <= 4 ? 1 : 2;
        const std::size_t dist = edit_distance_within(word, c, limit);
        if (dist <= limit && dist < best_distance && dist < word.size() && dist < c.size()) {
            best = c;
            best_distance = dist;
        }
    }
    return best.empty() ? std::string{} : " (did you mean " + quoted(best) + "?)";
}

std::string join(const std::vector<std::string_view>& words, std::string_view separator) {
    constexpr std::size_t kMaxWords = 12;  // messages stay one readable line
    std::string out;
    for (std::size_t i = 0; i < words.size() && i < kMaxWords; ++i) {
        if (i > 0) out += separator;
        out += words[i].size() > 60 ? quoted(words[i]) : std::string(words[i]);
    }
    if (words.size() > kMaxWords) out += std::string(separator) + "\u2026 (" + std::to_string(words.size()) + " in all)";
    return out;
}

std::string number_text(double d) {
    if (std::isnan(d)) return "NaN";
    if (std::isinf(d)) return d < 0 ? "-Infinity" : "Infinity";
    // std::to_chars without a format is the shortest text that reads back as the same double, in
    // plain notation when that is not longer ("-30", "0.001", "1e+21"), and never follows the locale.
    char buf[32];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
    if (ec != std::errc{}) return std::to_string(d);  // cannot happen: 32 bytes hold any double
    return std::string(buf, end);
}

FieldReader::FieldReader(const rapidjson::Value& object, std::string path, std::string noun, ProblemList& problems,
                         const std::vector<std::string_view>& known_keys,
                         const std::vector<std::string_view>& answer_keys, std::string answer_key_message)
    : object_(object), path_(std::move(path)), noun_(std::move(noun)), problems_(problems) {
    std::unordered_map<std::string_view, int> seen;
    for (auto m = object_.MemberBegin(); m != object_.MemberEnd(); ++m) {
        const std::string_view key = string_view_of(m->name);
        if (++seen[key] == 2) {
            report(key, "the key appears more than once in this " + noun_ +
                            "; keep one (JSON readers disagree about which one counts)");
        }
        if (seen[key] > 1) continue;
        if (std::find(known_keys.begin(), known_keys.end(), key) != known_keys.end()) continue;
        if (std::find(answer_keys.begin(), answer_keys.end(), key) != answer_keys.end()) {
            report(key, answer_key_message);
            continue;
        }
        if (problems_.full()) {
            report(key, {});  // counted only; no need to word it
            continue;
        }
        report(key, "unknown key " + quoted(key) + did_you_mean(key, known_keys) + "; a " + noun_ +
                        " takes only: " + join(known_keys, ", "));
    }
}

const rapidjson::Value* FieldReader::find(std::string_view key) const {
    for (auto m = object_.MemberBegin(); m != object_.MemberEnd(); ++m) {
        if (string_view_of(m->name) == key) return &m->value;
    }
    return nullptr;
}

const rapidjson::Value* FieldReader::typed(std::string_view key, Need need, bool (rapidjson::Value::*is)() const,
                                           const char* wanted) {
    const rapidjson::Value* v = find(key);
    if (v == nullptr) {
        if (need == Need::Required) {
            report(key, "missing; every " + noun_ + " needs " + std::string(key == "id" ? "an" : "a") + " \"" +
                            std::string(key) + "\"");
        }
        return nullptr;
    }
    if (!(v->*is)()) {
        report(key, "must be " + std::string(wanted) + ", not " + json_type_name(*v));
        return nullptr;
    }
    return v;
}

std::optional<std::string> FieldReader::text(std::string_view key, Need need, TextShape shape) {
    const rapidjson::Value* v = typed(key, need, &rapidjson::Value::IsString, "text (a string in quotes)");
    if (v == nullptr) return std::nullopt;
    const std::string_view s = string_view_of(*v);
    if (is_blank(s)) {
        if (need == Need::Required) {
            report(key, "is empty; every " + noun_ + " needs " + std::string(key == "id" ? "an" : "a") + " \"" +
                            std::string(key) + "\"");
            return std::nullopt;
        }
        return std::string{};  // an empty optional text is the same as leaving it out
    }
    if (const int c = forbidden_control(s, shape); c >= 0) {
        char code[16];
        std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(c));
        report(key, std::string("contains the control character ") + code +
                        (shape == TextShape::Line ? "; a one-line text holds printable characters only"
                                                  : "; only line breaks (\\n) and tabs (\\t) are allowed"));
        return std::nullopt;
    }
    if (shape == TextShape::Line && count_chars(s) > kMaxLineChars) {
        report(key, "is " + std::to_string(count_chars(s)) + " characters long; keep it to " +
                        std::to_string(kMaxLineChars) + " (it must fit on the tablet) and put the rest in \"help\"");
        return std::nullopt;
    }
    return std::string(s);
}

std::optional<std::string> FieldReader::id(std::string_view key, std::string_view extra, std::string_view example) {
    const rapidjson::Value* v = typed(key, Need::Required, &rapidjson::Value::IsString, "text (a string in quotes)");
    if (v == nullptr) return std::nullopt;
    const std::string_view s = string_view_of(*v);
    const auto allowed = [&](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || extra.find(c) != std::string_view::npos;
    };
    std::string rule = "lowercase letters a-z, digits";
    for (std::size_t i = 0; i < extra.size(); ++i) rule += std::string(i + 1 == extra.size() ? " and '" : ", '") + extra[i] + "'";
    if (s.empty()) {
        report(key, "is empty; every " + noun_ + " needs an id, like " + quoted(example));
        return std::nullopt;
    }
    if (s.size() > kMaxIdChars || !std::all_of(s.begin(), s.end(), allowed)) {
        report(key, quoted(s) + " is not a valid id: use only " + rule + " (at most " + std::to_string(kMaxIdChars) +
                        "), like " + quoted(example));
        return std::nullopt;
    }
    return std::string(s);
}

std::optional<std::string> FieldReader::one_of(std::string_view key, Need need,
                                               const std::vector<std::string_view>& allowed, std::string_view what) {
    const rapidjson::Value* v = typed(key, need, &rapidjson::Value::IsString, "text (a string in quotes)");
    if (v == nullptr) return std::nullopt;
    const std::string_view s = string_view_of(*v);
    if (std::find(allowed.begin(), allowed.end(), s) == allowed.end()) {
        report(key, "unknown " + std::string(what) + " " + quoted(s) + did_you_mean(s, allowed) + "; use one of: " +
                        join(allowed, ", "));
        return std::nullopt;
    }
    return std::string(s);
}

std::optional<bool> FieldReader::flag(std::string_view key, Need need) {
    const rapidjson::Value* v = typed(key, need, &rapidjson::Value::IsBool, "true or false (without quotes)");
    if (v == nullptr) return std::nullopt;
    return v->GetBool();
}

std::optional<double> FieldReader::number(std::string_view key, Need need) {
    const rapidjson::Value* v = typed(key, need, &rapidjson::Value::IsNumber, "a number (without quotes)");
    if (v == nullptr) return std::nullopt;
    const double d = v->GetDouble();
    if (!std::isfinite(d)) {
        report(key, number_text(d) + " is not a finite number; write an ordinary number like -27.5");
        return std::nullopt;
    }
    return d;
}

const rapidjson::Value* FieldReader::list(std::string_view key, Need need) {
    return typed(key, need, &rapidjson::Value::IsArray, "a list [ ... ]");
}

const rapidjson::Value* FieldReader::object(std::string_view key, Need need) {
    return typed(key, need, &rapidjson::Value::IsObject, "an object { ... }");
}

}  // namespace fc
