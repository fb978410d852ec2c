#pragma once
// error_subject: what a refused verb was about, read from the open visit, so the message can name
// it ("Question “Arrival” has no answer yet") in the screen's language without the engine's prose.
#include <string>

#include "checklists/expected.h"
#include "checklists/visit.h"

namespace fc {

// The title the engine's rule stopped at, found the way the rule looks: the current step, the
// first unanswered precheck, the first blocking precheck not met, the first handover item not
// confirmed, the first required question without an answer. "" when the code concerns none.
std::string error_subject(const Error& e, const Visit& visit);

}  // namespace fc
