#pragma once
// PrecheckConfirmation: a before-departure precheck the intake or the network operator confirmed for
// one visit, as the planning sheet or `fieldcheck-depot confirm` gave it to the depot.
#include <cstddef>
#include <cstdint>
#include <string>

#include "checklist_template.h"
#include "expected.h"

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

// The one rule of what a confirmation may say, checked where it is given (the planning sheet, the
// `confirm` command, the depot's store) and again when it is sealed into a visit (Visit::record_intake):
// Ok when `c` names one of `t`'s before-departure prechecks and says who confirmed it (1 to
// kMaxConfirmedByBytes of UTF-8 on one line) at a time after 1970. The errors (unknown_item,
// wrong_actor, empty_text, text_too_long, invalid_time) list the prechecks that can be confirmed,
// so the planner need not open the template to find the right id.
Status check_confirmation(const ChecklistTemplate& t, const PrecheckConfirmation& c);

// A confirmation is a fact that was given, and once sealed it cannot change: one dated after `now_ms`
// (more than a few minutes, for clocks that differ) is a typo that would stay on the visit for good.
// Checked where a person gives one (`confirm`, the planning sheet); "invalid_time" otherwise.
inline constexpr std::int64_t kConfirmationClockSlackMs = 10 * 60 * 1000;
Status check_confirmation_time(const PrecheckConfirmation& c, std::int64_t now_ms);

// "a, b": the ids of `t`'s before-departure prechecks, or "none" when it has none.
std::string confirmable_prechecks(const ChecklistTemplate& t);

}  // namespace fc
