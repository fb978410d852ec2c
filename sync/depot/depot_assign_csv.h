#pragma once
// AssignmentCsv: the back office's planning sheet (one visit per row) read into assignments and
// precheck confirmations.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "checklists/assignment.h"
#include "checklists/checklist_template.h"
#include "checklists/precheck_confirmation.h"
#include "checklists/expected.h"

namespace fc {

inline constexpr std::size_t kMaxAssignmentCsvBytes = 16 << 20;

// PlanningSheet: what one planning sheet says: its visits, and the before-departure prechecks the
// intake or the network operator already confirmed for them.
struct PlanningSheet {
    std::vector<Assignment> assignments;
    std::vector<PrecheckConfirmation> confirmations;
    // The customer's e-mail address per visit id, kept on the depot only (never in an Assignment, so
    // never sent to a tablet): every row's, "" included, when the sheet has the column; none when it
    // has not, so a sheet without the column leaves the addresses the depot holds as they are.
    std::map<std::string, std::string> customer_emails;
};

// The bound of a customer's e-mail address (RFC 5321's path limit) and of a technician's name.
inline constexpr std::size_t kMaxCustomerEmailBytes = 254;
inline constexpr std::size_t kMaxTechnicianNameBytes = 128;
// Why so little checking: the mail server judges the rest; this catches what a spreadsheet mangles
// (two addresses in one cell, a pasted line break, a name in the address column). nullopt when
// `address` is usable, else the sentence for the planner.
std::optional<std::string> customer_email_problem(std::string_view address);

// Columns, by header name in any order: visit_id, technician_id, customer_name, address, job_id,
// window_start, window_end, template_id, and optionally template_version (empty or absent: the
// newest version on the depot), customer_id (the customer across jobs), confirmed
// (precheck_id@who@2024-05-13T18:00+02:00, several joined by '|'; each a before-departure precheck
// of the row's template), technician_name (printed on the customer's receipt; sent to the tablet)
// and customer_email (where the depot mails the receipt; kept on the depot only). Times are ISO 8601 with an explicit offset: 2024-05-14T08:00+02:00
// or 2024-05-14T06:00:00Z. Comma or semicolon separated (as spreadsheets in the Netherlands write
// it), RFC 4180 quoting, UTF-8 with or without a byte-order mark.
// All or nothing: the error lists every problem as "line N, column: sentence", one per line.
using LatestTemplateVersion = std::function<std::optional<int>(const std::string& template_id)>;
// The depot's template of that id and version; nullptr when it has none.
using TemplateLookup = std::function<std::shared_ptr<const ChecklistTemplate>(const std::string& id, int version)>;
Expected<PlanningSheet> parse_planning_sheet(std::string_view bytes, const LatestTemplateVersion& latest,
                                             const TemplateLookup& templates);
// The assignments alone, for a sheet without a confirmed column (no template is looked up).
Expected<std::vector<Assignment>> parse_assignment_csv(std::string_view bytes, const LatestTemplateVersion& latest);

// "2024-05-14T08:00+02:00" -> UTC milliseconds; nullopt for anything else.
std::optional<std::int64_t> parse_iso8601_ms(std::string_view s);

}  // namespace fc
