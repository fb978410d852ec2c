#pragma once
// Receipt: what the customer keeps of a sealed visit, worded in the template's language and laid out
// in the order the page prints it. Made from the sealed visit alone (its record, its template and the
// receipt facts it sealed), so the tablet and the depot make the same receipt, and the same PDF.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "catalogue/lang.h"
#include "checklists/expected.h"
#include "checklists/visit.h"

namespace fc {

// ReceiptField: one labelled fact ("Bezoek" / "V-20240514-01").
struct ReceiptField {
    std::string label;
    std::string value;

    friend bool operator==(const ReceiptField&, const ReceiptField&) = default;
};

// ReceiptSection: a heading and what stands under it (fields, or lines such as to-do items).
struct ReceiptSection {
    std::string heading;
    std::vector<ReceiptField> fields;
    std::vector<std::string> lines;
    std::string mark{};  // what each line starts with on paper: "☐" a to-do, "✓" handed over, "" a paragraph

    friend bool operator==(const ReceiptSection&, const ReceiptSection&) = default;
};

// ReceiptUse: a real visit's receipt, or a practice visit's, marked on every page and never sent.
enum class ReceiptUse { Real, Practice };

struct Receipt {
    Lang lang = Lang::En;
    bool practice = false;
    std::string title;                    // "Bewijs van uw bezoek" and the job's title
    std::string practice_mark;            // "OEFENING — geen echt bezoek"; "" on a real receipt
    std::vector<ReceiptField> facts;      // company, helpdesk, visit, job, date, times, technician, customer, address
    std::vector<ReceiptSection> sections;  // what was done, handed over, the customer's to-do, what happened and next
    std::string privacy;                  // "your survey answers are private"
    ReceiptField seal;                    // the seal's short form
    std::string link;                     // the receipt's page, for the QR code; "" = no link
    std::string link_text;                // what the QR code is for, in words
    std::int64_t sealed_ms = 0;           // the PDF's creation date
    std::int64_t utc_offset_minutes = 0;  // for the PDF's creation date

    friend bool operator==(const Receipt&, const Receipt&) = default;
};

// The receipt of a visit sealed with a receipt (record format 5, Visit::receipt()); `code` is its
// receipt code (sync/wire/survey_code.h), which must hash to the sealed hash. Refused: an open visit
// (not_sealed), a visit sealed without a receipt (not_found), a code that does not match (hash_mismatch).
// Never the survey's scores or comment.
Expected<Receipt> make_receipt(const Visit& sealed, std::string_view code, ReceiptUse use = ReceiptUse::Real);

// The seal's short form as the receipt prints it and the depot's page repeats it.
std::string short_seal(std::string_view seal);

}  // namespace fc
