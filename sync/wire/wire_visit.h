#pragma once
// WireVisit: what travels with a sealed visit besides its record: the files it references.
#include <string>
#include <vector>

#include "checklists/visit.h"

namespace fc {

// SHA-256s of the photos and signatures the visit's final answers reference, without duplicates, in
// step order, then the customer's handover signatures (Visit::attachment_hashes). The tablet uploads exactly these before the visit; the depot refuses the visit (422)
// until it holds every one of them.
std::vector<std::string> visit_attachments(const Visit& v);

}  // namespace fc
