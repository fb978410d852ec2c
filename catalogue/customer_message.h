#pragma once
// The written message the customer keeps, worded here from the engine's typed facts (story 1 and 4):
// the true cause of a failed visit, or the to-do list of a completed one, in the template's language.
#include <string>

#include "catalogue/lang.h"
#include "checklists/failure_cause.h"
#include "checklists/visit.h"

namespace fc {

// The language a template's customer reads: the template's own, English when it names none we have.
Lang customer_lang(const ChecklistTemplate& t);

// Why the visit could not be completed. It quotes the precheck's title (or the "other" text), and
// never says "network problem" unless the cause is a network fault. The optional detail of the
// other kinds is the technician's note for the back office and is not shown.
std::string customer_message(const FailureCause& cause, const ChecklistTemplate& t);

// The message of a closed visit: the cause's message when not possible; for a completed visit the
// template's title and the customer's to-do list in writing; "" while the visit is open.
std::string customer_message(const Visit& visit);

}  // namespace fc
