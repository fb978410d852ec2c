#pragma once
// The words the visits pages share for a visit's stored names (outcome, cause kind, survey channel,
// integrity flag, actor, event kind) in a person's language, so the list, the visit and the
// customer's story say the same thing the same way.
#include <string>

#include "catalogue/lang.h"

namespace fc {

std::string outcome_words(Lang lang, const std::string& outcome);      // "completed" | "not_possible"
std::string cause_words(Lang lang, const std::string& cause_kind);     // "" when there is no cause
std::string channel_words(Lang lang, const std::string& channel);      // tablet | phone_qr | mailed_link | none
std::string flag_words(Lang lang, const std::string& flag_code);       // a SurveyFlag code
// The customer's page of a visit: by the customer when the planning sheet named one, else by the
// job ("" when neither is known), path segments encoded.
std::string customer_path(const std::string& customer_id, const std::string& job_id);
// Anything the depot does not know a word for (a newer tablet's name) is shown as it is stored.

}  // namespace fc
