#pragma once
// PrecheckConfirmation: a before-departure precheck the intake or the network operator confirmed for
// one visit, as the planning sheet or `fieldcheck-depot confirm` gave it to the depot.
#include <cstddef>
#include <cstdint>
#include <string>

namespace fc {

// Longest "by" a confirmation may carry (it is sealed into the visit).
inline constexpr std::size_t kMaxConfirmedByBytes = 200;

struct PrecheckConfirmation {
    std::string visit_id;
    std::string precheck_id;
    std::string by;            // who confirmed: "intake", "operator:KPN", a name
    std::int64_t at_ms = 0;    // when, UTC milliseconds

    friend bool operator==(const PrecheckConfirmation&, const PrecheckConfirmation&) = default;
};

}  // namespace fc
