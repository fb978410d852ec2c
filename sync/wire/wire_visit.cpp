#include "wire_visit.h"

namespace fc {

// The engine's own list: step photos and signatures, and the customer's handover signatures.
std::vector<std::string> visit_attachments(const Visit& v) { return v.attachment_hashes(); }

}  // namespace fc
