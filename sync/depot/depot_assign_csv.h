#pragma once
// AssignmentCsv: the back office's planning sheet (one visit per row) read into assignments.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "checklists/assignment.h"
#include "checklists/expected.h"

namespace fc {

inline constexpr std::size_t kMaxAssignmentCsvBytes = 16 << 20;

// Columns, by header name in any order: visit_id, technician_id, customer_name, address, job_id,
// window_start, window_end, template_id, and optionally template_version (empty or absent: the
// newest version on the depot). Times are ISO 8601 with an explicit offset: 2024-05-14T08:00+02:00
// or 2024-05-14T06:00:00Z. Comma or semicolon separated (as spreadsheets in the Netherlands write
// it), RFC 4180 quoting, UTF-8 with or without a byte-order mark.
// All or nothing: the error lists every problem as "line N, column: sentence", one per line.
using LatestTemplateVersion = std::function<std::optional<int>(const std::string& template_id)>;
Expected<std::vector<Assignment>> parse_assignment_csv(std::string_view bytes, const LatestTemplateVersion& latest);

// "2024-05-14T08:00+02:00" -> UTC milliseconds; nullopt for anything else.
std::optional<std::int64_t> parse_iso8601_ms(std::string_view s);

}  // namespace fc
