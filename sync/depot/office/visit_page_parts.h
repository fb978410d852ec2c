#pragma once
// The visit page's sections (GET /visits/{id}), each built from the replayed visit into the data of
// its part of the view: the answers with their photos and ranges, the handover and the customer's
// to-do list, the survey and its flags, the audit trail.
#include <string>

#include "checklists/visit.h"
#include "sync/depot/depot_store.h"
#include "sync/depot/web/web_page.h"

namespace fc {

// An answer as the back office reads it, in `lang` ("4.2 dB", "Not applicable: no socket").
std::string answer_words(Lang lang, const Answer& a, const Step* step);
// Where the page links a file of this visit (its photo or signature route).
std::string visit_file_path(const std::string& visit_id, const std::string& sha256);

// "prechecks": [{title, answer, confirmed_by}], "steps": [{title, kind, answer, range, in_range,
// out_of_range, photos:[{href}]}], "handover": [...], "todo": [...].
void add_answers(Lang lang, const Visit& v, PageData& d);
// "survey": {status, channel, scores:[{touchpoint, score}], comment, discarded:[...]} and "flags":
// [{code, message}]; only called for roles that may read the survey area.
void add_survey(Lang lang, const Visit& v, const ReceivedVisit& stored, PageData& d);
// "audit": every event in order; survey answers' values only when `survey` (the role may read them).
void add_audit(Lang lang, const Visit& v, bool survey, PageData& d);

}  // namespace fc
