#pragma once
// AssignmentPage: one answer of GET /api/v1/assignments?since=CURSOR — this technician's
// assignments changed since the cursor (each with its customer's history) and the cursor to ask next.
#include <string>
#include <string_view>
#include <vector>

#include <optional>

#include "checklists/assignment.h"
#include "checklists/company_contact.h"
#include "checklists/precheck_confirmation.h"
#include "checklists/canonical_json.h"
#include "checklists/expected.h"

namespace fc {

inline constexpr std::size_t kMaxAssignmentPageBytes = 8 << 20;
inline constexpr int kMaxAssignmentsPerPage = 200;
// Longest company name or helpdesk number a page's "contact" may carry.
inline constexpr std::size_t kMaxContactBytes = 200;

struct AssignmentPage {
    std::vector<Assignment> assignments;
    // Before-departure prechecks confirmed for this technician's visits since the cursor.
    std::vector<PrecheckConfirmation> confirmations;
    // Visits cancelled or moved to another technician since the cursor: gone from this tablet unless
    // already started there (then kept, marked, and the depot records the conflict).
    std::vector<std::string> withdrawn;
    std::optional<CompanyContact> contact;  // the depot's settings; absent = unchanged
    std::string cursor;  // opaque to the tablet; sent back as ?since=
    bool more = false;   // another page follows right away

    friend bool operator==(const AssignmentPage&, const AssignmentPage&) = default;
};

// A cursor is the depot's instance id and sequence number ("3fa2c1d4e5b6a7f8-42"); the tablet
// stores it without looking inside. Here: 1..100 characters of [0-9a-f-].
bool is_assignment_cursor(std::string_view s);

std::string encode_assignment_page(const AssignmentPage& page);
// Bounded and type-checked; every id must have the wire shape (see wire_ids.h). "confirmations"
// ([{"visit_id","precheck_id","by","at"}], "at" in UTC ms), "withdrawn" (visit ids) and "contact"
// ({"company","helpdesk"}) may be absent, as from a depot older than issue 10.
Expected<AssignmentPage> decode_assignment_page(std::string_view body);

}  // namespace fc
