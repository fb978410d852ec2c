#pragma once
// Visit overview: who, where, when, the customer's history on this job, and the escalation banner.
#include <string>

#include "app/tablet/intent.h"
#include "app/tablet/strings.h"
#include "checklists/visit.h"

namespace fc {

class TouchUi;

Intent draw_visit_overview(TouchUi& ui, const Visit& visit);

// The phrase for a failure cause kind in the UI language ("Customer absent").
std::string failure_kind_text(const Strings& t, FailureCause::Kind kind);

}  // namespace fc
