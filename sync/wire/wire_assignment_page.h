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
inline constexpr int kMaxAssignmentsPerPage = 200;  // assignments and withdrawn visits together
// A visit holds at most one confirmation per before-departure precheck; the depot holds no more
// than this many per visit, so a page never carries more than it may.
inline constexpr int kMaxConfirmationsPerVisit = 32;
inline constexpr int kMaxConfirmationsPerPage = kMaxAssignmentsPerPage * kMaxConfirmationsPerVisit;
// The depot's settings as the customer's messages quote them.
inline constexpr std::size_t kMaxCompanyBytes = 100;
inline constexpr std::size_t kMaxHelpdeskBytes = 32;

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

// Ok when the company name is at most kMaxCompanyBytes of one line of UTF-8 text and the helpdesk
// number at most kMaxHelpdeskBytes of digits, spaces and + - ( ) / . (either may be empty: not set);
// bad_setting otherwise. The depot checks it before storing, the tablet again when it reads a page.
Status check_contact(const CompanyContact& contact);

// Keys: "assignments", "confirmations" ([{"visit_id","precheck_id","by","at"}], at in UTC ms),
// "withdrawn" (visit ids), "contact" ({"company","helpdesk"}; absent when never set), "cursor", "more".
// A page from an older depot has no confirmations, withdrawn or contact: it decodes without them.
std::string encode_assignment_page(const AssignmentPage& page);
// Bounded and type-checked; every id must have the wire shape (see wire_ids.h).
Expected<AssignmentPage> decode_assignment_page(std::string_view body);

}  // namespace fc
