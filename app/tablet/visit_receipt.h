#pragma once
// The customer's receipt as this tablet makes it: the facts sealed with a visit (issue 13), and the
// receipt and its PDF made again from a sealed visit, by the seal and by `fieldcheck receipt`.
#include <cstdint>
#include <string>

#include "checklists/company_contact.h"
#include "checklists/expected.h"
#include "checklists/receipt_facts.h"
#include "checklists/visit.h"
#include "receipt/receipt.h"
#include "receipt/receipt_pdf.h"
#include "sync/store/device_store.h"

namespace fc {

// The receipt code of `visit_id` on this tablet: an HMAC under the device's survey key (made now,
// offline, when there is none yet), so the depot that holds the key makes the same code.
Expected<std::string> tablet_receipt_code(DeviceStore& store, const std::string& visit_id);

// The facts to seal with `visit` at `wall_ms`: the hash of `code` (tablet_receipt_code; a practice
// visit's comes from a key kept in memory, so practice never makes the device's key), whom to call (the template's contact
// over the depot's settings), the link base the depot offered, the planned technician's name and
// this machine's UTC offset. A fact that cannot be sealed as it is (a public URL that is not http(s),
// a name over the bound) is left out rather than holding up the seal.
Expected<ReceiptFacts> tablet_receipt_facts(DeviceStore& store, const Visit& visit, const CompanyContact& depot_contact,
                                            std::int64_t wall_ms, const std::string& code);

// The receipt of a real visit sealed with one, from the sealed visit and this tablet's code.
Expected<Receipt> tablet_receipt(DeviceStore& store, const Visit& sealed);

// The receipt's PDF, rendered from the sealed visit: the same bytes the depot renders from the record.
Expected<std::string> tablet_receipt_pdf(DeviceStore& store, const Visit& sealed, Paper paper = Paper::A4);

}  // namespace fc
