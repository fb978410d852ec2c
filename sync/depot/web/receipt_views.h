#pragma once
// The customer's receipt on the depot's pages (GET /r/{visit}/{code}): the receipt re-rendered from
// the record the depot received, as a page or as its PDF, and the notices (not received yet, not
// found).
#include <string>
#include <string_view>

#include "catalogue/lang.h"
#include "checklists/expected.h"
#include "checklists/visit.h"
#include "receipt/receipt_pdf.h"

namespace fc {

enum class ReceiptNotice {
    NotReceivedYet,  // a good code, the visit not yet in: the page says so (200)
    NoPdfYet,        // the same, asked for the PDF (404)
    NotFound,        // a wrong code, an unknown visit, a visit without a receipt: one page for all
    Busy,            // the depot's own trouble (its store, cairo): try again later
};
std::string receipt_notice_view(Lang lang, ReceiptNotice notice);

// The receipt page of a received visit, in the receipt's language, saying it was verified against
// the depot's own copy, with links to its PDFs. Refused as make_receipt refuses (no receipt:
// not_found, a code that is not the sealed one: hash_mismatch).
Expected<std::string> receipt_page_view(const Visit& received, std::string_view code);
// The seal's short form as the receipt prints it (receipt/receipt.h's short_seal).
std::string receipt_short_seal(std::string_view seal);
// The same receipt as the tablet's PDF (receipt_pdf), byte for byte.
Expected<std::string> receipt_pdf_bytes(const Visit& received, std::string_view code, Paper paper);

}  // namespace fc
