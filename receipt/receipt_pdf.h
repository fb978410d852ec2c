#pragma once
// The receipt as a PDF, drawn with cairo in DejaVu Sans: real text, the QR code of its link, A4 pages
// or 80 mm wide pages for a receipt printer. The same Receipt gives the same bytes on any machine
// with the same fonts: the creation date is the seal's time and nothing else varies.
#include <optional>
#include <string>
#include <string_view>

#include "checklists/expected.h"
#include "receipt/receipt.h"

namespace fc {

enum class Paper { A4, Roll80mm };

const char* to_string(Paper paper);                           // "a4" | "80mm"
std::optional<Paper> paper_from_string(std::string_view text);  // nothing for anything else

// The PDF's bytes; long texts wrap and continue on a next page, nothing is cut or overlaps.
// Refused with io_error when cairo fails (cairo's words) or a DejaVu font file cannot be read, and
// with bad_length when the link is too long for a QR code.
Expected<std::string> receipt_pdf(const Receipt& receipt, Paper paper);

}  // namespace fc
