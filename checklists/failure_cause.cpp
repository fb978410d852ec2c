#include "failure_cause.h"

#include <array>
#include <utility>

#include "canonical_json.h"
#include "strict_json.h"

namespace fc {
namespace {

constexpr std::array<std::pair<FailureCause::Kind, const char*>, 5> kKinds{{
    {FailureCause::Kind::PrecheckNotMet, "precheck_not_met"},
    {FailureCause::Kind::CustomerAbsent, "customer_absent"},
    {FailureCause::Kind::EquipmentDoesNotFit, "equipment_does_not_fit"},
    {FailureCause::Kind::NetworkFault, "network_fault"},
    {FailureCause::Kind::Other, "other"},
}};

constexpr std::size_t kMaxEncodedCauseBytes = 32 * 1024;

}  // namespace

const char* to_string(FailureCause::Kind kind) {
    for (const auto& [k, name] : kKinds) {
        if (k == kind) return name;
    }
    return "unknown";
}

std::optional<FailureCause::Kind> failure_kind_from_string(const std::string& s) {
    for (const auto& [k, name] : kKinds) {
        if (s == name) return k;
    }
    return std::nullopt;
}

std::string encode_failure_cause(const FailureCause& cause) {
    return CanonicalJson::object()
        .set("kind", to_string(cause.kind))
        .set("precheck_id", cause.precheck_id)
        .set("text", cause.text)
        .dump();
}

Expected<FailureCause> decode_failure_cause(const std::string& json) {
    auto doc = parse_bounded_json(json, kMaxEncodedCauseBytes, 1);
    if (!doc) return make_error(ErrorCode::malformed, "failure cause: " + doc.error().message);
    StrictObject o(*doc, "$");
    FailureCause cause;
    std::string kind;
    o.string("kind", kind);
    o.string("precheck_id", cause.precheck_id);
    o.string("text", cause.text);
    if (Status s = o.finish(); !s) return make_error(ErrorCode::malformed, "failure cause: " + s.error().message);
    const auto k = failure_kind_from_string(kind);
    if (!k) return make_error(ErrorCode::malformed, "failure cause: $.kind \"" + kind + "\" is not a known cause");
    cause.kind = *k;
    return cause;
}

}  // namespace fc
