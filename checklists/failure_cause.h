#pragma once
// FailureCause: the true reason a visit could not be completed, from a fixed list (story 1).
#include <optional>
#include <string>

#include "expected.h"

namespace fc {

struct FailureCause {
    enum class Kind { PrecheckNotMet, CustomerAbsent, EquipmentDoesNotFit, NetworkFault, Other };
    Kind kind = Kind::Other;
    std::string precheck_id;  // PrecheckNotMet: which precheck
    std::string text;         // Other: mandatory free text; optional detail for the rest

    friend bool operator==(const FailureCause&, const FailureCause&) = default;
};

const char* to_string(FailureCause::Kind kind);
std::optional<FailureCause::Kind> failure_kind_from_string(const std::string& s);

// Canonical JSON ({"kind":"precheck_not_met","precheck_id":"patch","text":""}), the detail of a
// ClosedNotPossible event; the decoder is strict (code "malformed").
std::string encode_failure_cause(const FailureCause& cause);
Expected<FailureCause> decode_failure_cause(const std::string& json);

}  // namespace fc
