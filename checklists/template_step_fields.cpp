#include "template_step_fields.h"

#include <cmath>

#include "answer.h"
#include "serial_number.h"

namespace fc {
namespace {

const std::vector<std::string_view> kSerialChecks{"none", "luhn", "gs1"};

// A whole number in [low, kMaxPhotosPerStep], or nothing (reported).
std::optional<int> photo_count(FieldReader& f, std::string_view key, int low, const std::string& low_reason) {
    const auto n = f.number(key, Need::Optional);
    if (!n) return std::nullopt;
    const int high = static_cast<int>(kMaxPhotosPerStep);
    if (*n != std::floor(*n) || *n < low || *n > high) {
        f.report(key, "must be a whole number from " + std::to_string(low) + " to " + std::to_string(high) + low_reason +
                          ", not " + number_text(*n));
        return std::nullopt;
    }
    return static_cast<int>(*n);
}

void name_misplaced(FieldReader& f, const Step& s, std::initializer_list<std::string_view> keys, const char* owner) {
    for (const std::string_view key : keys) {
        if (!f.has(key)) continue;
        f.report(key, "only a " + std::string(owner) + " step has \"" + std::string(key) + "\"; this is a " +
                          to_string(s.kind) + " step");
    }
}

}  // namespace

void read_photo_counts(FieldReader& f, Step& s) {
    if (s.kind != StepKind::Photo) {
        name_misplaced(f, s, {"photos_min", "photos_max"}, "photo");
        return;
    }
    // Why not 0: a step that may have no photo is an optional step ("required": false), left
    // unanswered; an answer with no photo in it would be a second way of saying the same.
    const auto min = f.has("photos_min")
                         ? photo_count(f, "photos_min", 1, " (to make the photos optional, set \"required\": false)")
                         : std::optional<int>(1);
    if (min) s.photos_min = *min;
    s.photos_max = s.photos_min;
    if (!f.has("photos_max")) return;
    if (const auto max = photo_count(f, "photos_max", 1, "")) {
        if (min && *max < *min) {
            f.report("photos_max", "is " + std::to_string(*max) + ", fewer than photos_min " + std::to_string(*min) +
                                       "; photos_max must be at least photos_min");
            return;
        }
        s.photos_max = *max;
    }
}

void read_serial_fields(FieldReader& f, Step& s) {
    if (s.kind != StepKind::Serial) {
        name_misplaced(f, s, {"pattern", "check"}, "serial");
        return;
    }
    if (auto check = f.one_of("check", Need::Optional, kSerialChecks, "check digit")) {
        s.check = *check == "luhn" ? SerialCheck::Luhn : *check == "gs1" ? SerialCheck::Gs1 : SerialCheck::None;
    }
    const rapidjson::Value* v = f.find("pattern");
    if (!v) return;
    if (!v->IsString()) {
        f.report("pattern", "must be text (an ECMAScript regular expression), not " + json_type_name(*v),
                 ErrorCode::invalid_pattern);
        return;
    }
    const std::string pattern(string_view_of(*v));
    if (pattern.empty()) {
        f.report("pattern", "is empty; remove it to accept any serial number", ErrorCode::invalid_pattern);
        return;
    }
    auto compiled = compile_serial_pattern(pattern);
    if (!compiled) {
        f.report("pattern", compiled.error().message, ErrorCode::invalid_pattern);
        return;
    }
    s.pattern = pattern;
    s.compiled_pattern = std::move(*compiled);
}

}  // namespace fc
