#pragma once
// Internal: the JSON shapes of an assignment and an event inside a visit record (and the seal).
#include <string>

#include <rapidjson/document.h>

#include "assignment.h"
#include "canonical_json.h"
#include "expected.h"
#include "visit_event.h"

namespace fc {

// `format`: the record format the assignment is sealed in; format 1 has neither customer_id nor
// the history's job, values and to-do lists, and its reader refuses them.
CanonicalJson assignment_json(const Assignment& a, int format);
Expected<Assignment> read_assignment(const rapidjson::Value& v, const std::string& path, int format);

CanonicalJson event_json(const VisitEvent& e);
Expected<VisitEvent> read_event(const rapidjson::Value& v, const std::string& path);

}  // namespace fc
