#pragma once
// The depot's own rendering of a received visit's receipt, re-made from the record it holds, for the
// receipt mail's attachment (the /r/ route renders from the code in its link).
#include <optional>
#include <string>

#include "checklists/expected.h"
#include "sync/depot/depot_store.h"

namespace fc {

// The A4 PDF; nullopt when the visit has not arrived, was sealed without a receipt, or its receipt
// code is unknown to the depot (no survey key of the technician makes it).
Expected<std::optional<std::string>> received_receipt_pdf(DepotStore& store, const std::string& visit_id);

}  // namespace fc
