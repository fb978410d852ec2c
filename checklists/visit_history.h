#pragma once
// What a closed visit leaves in its customer's history for the next visit (story 2).
#include "assignment.h"
#include "visit.h"

namespace fc {

// The entry a sealed visit leaves: outcome and cause, the note (the cause's words, then the text
// steps the template marks "history": true), the marked measure and choice answers, and the
// customer's to-do list. Hidden steps leave nothing, whatever they once held.
HistoryEntry history_entry_of(const Visit& v);

}  // namespace fc
