#pragma once
// Visit overview: who, where, when, the customer's history across jobs, and the escalation banner.
#include <string>

#include "app/tablet/intent.h"
#include "app/tablet/strings.h"
#include "checklists/visit.h"

namespace fc {

class TouchUi;

Intent draw_visit_overview(TouchUi& ui, const Visit& visit);

// The phrase for a failure cause kind in the UI language ("Customer absent").
std::string failure_kind_text(const Strings& t, FailureCause::Kind kind);
// Why the visit is escalated, counting the job's failures since its last completed visit
// (the banner), and the same count as a pill for the day's list. Only for escalated(a).
std::string escalation_text(const Strings& t, const Assignment& a);
std::string escalation_pill_text(const Strings& t, const Assignment& a);

}  // namespace fc
