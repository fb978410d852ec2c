#pragma once
// Whether a precheck confirmation fits a visit's template: the one rule the planning sheet, the
// `confirm` command and the depot's store share, said the way the planner reads it.
#include "checklists/checklist_template.h"
#include "checklists/expected.h"
#include "checklists/precheck_confirmation.h"

namespace fc {

// Ok when `c` names one of `t`'s before-departure prechecks and says who confirmed it (1 to
// kMaxConfirmedByBytes of UTF-8 without control characters) at a time after 1970. The errors
// (unknown_item, wrong_actor, empty_text, text_too_long, invalid_time) list the prechecks that can
// be confirmed, so the planner need not open the template to find the right id.
Status check_confirmation(const ChecklistTemplate& t, const PrecheckConfirmation& c);

// "a, b": the ids of `t`'s before-departure prechecks, or "none" when it has none.
std::string confirmable_prechecks(const ChecklistTemplate& t);

}  // namespace fc
