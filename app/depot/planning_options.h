#pragma once
// The options the planner's commands share (confirm, cancel, reschedule, reassign): a visit id, a
// technician id and a time checked while the line is parsed, so a typo is a usage error (exit 2)
// before any depot is opened.
#include <cstdint>
#include <cstdio>
#include <string>

#include "app/command_line/command_line.h"
#include "checklists/expected.h"

namespace fc {

// "takes an id like V-20240514-01": visit, precheck and technician ids have the wire's shape.
CLI::Validator wire_id_option(const std::string& example);
// ISO 8601 with an offset, as in the planning sheet: 2024-05-13T18:00+02:00 or 2024-05-13T16:00Z.
CLI::Validator iso_time_option();
// The UTC milliseconds of a time iso_time_option() accepted.
std::int64_t option_time_ms(const std::string& text);

// "fieldcheck-depot COMMAND: sentence" on stderr; returns 1 (an operational failure).
int command_failed(const char* command, const Error& e);
int command_failed(const char* command, const std::string& sentence);

}  // namespace fc
