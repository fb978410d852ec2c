#pragma once
// The depot's subcommands: each file adds its command to the program's command line (its options,
// help and usage) and hands back how to run it once the line is parsed. Commands that stamp
// what they store read time from the program's one clock, made in main.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "app/command_line/command_line.h"
#include "checklists/clock.h"

namespace fc {

// Every command that touches depot data takes --db beside --data (docs/deployment.md).
inline constexpr const char* kDepotDbHelp =
    "a PostgreSQL depot shared by several instances (postgresql://USER@HOST:PORT/DB, libpq's\n"
    "form; a password belongs in ~/.pgpass or PGPASSFILE); without it the depot is DIR/depot.db";

// DepotCommand: a registered subcommand and what runs when it was the one named.
struct DepotCommand {
    const CLI::App* cli = nullptr;
    std::function<int()> run;  // the exit code: 0 done, 1 an operational failure, 2 a usage error
};

DepotCommand add_check_template_command(CommandLine& line);
DepotCommand add_serve_command(CommandLine& line, Clock& clock);
DepotCommand add_token_command(CommandLine& line, Clock& clock);
DepotCommand add_template_command(CommandLine& line, Clock& clock);
DepotCommand add_assign_command(CommandLine& line, Clock& clock);
DepotCommand add_export_command(CommandLine& line);
// The planner's commands (issue 10): confirmations, settings, cancel / reschedule / reassign, conflicts.
DepotCommand add_confirm_command(CommandLine& line, Clock& clock);
DepotCommand add_settings_command(CommandLine& line, Clock& clock);
DepotCommand add_cancel_command(CommandLine& line, Clock& clock);
DepotCommand add_reschedule_command(CommandLine& line, Clock& clock);
DepotCommand add_reassign_command(CommandLine& line, Clock& clock);
DepotCommand add_conflicts_command(CommandLine& line);
// Issue 11: the visits the depot refused, as their tablets reported them.
DepotCommand add_set_aside_command(CommandLine& line);
DepotCommand add_history_command(CommandLine& line);
// Enrollment (issue 11): one-time codes, and the device keys they bind.
// 00:00 UTC of a date "YYYY-MM-DD" (from 1970 on) in ms since 1970; nullopt for anything else.
std::optional<std::int64_t> utc_midnight_ms(const std::string& date);
DepotCommand add_enroll_code_command(CommandLine& line, Clock& clock);
DepotCommand add_device_command(CommandLine& line, Clock& clock);
// Issue 14: the back office's accounts (passwords from standard input only).
DepotCommand add_user_command(CommandLine& line, Clock& clock);

}  // namespace fc
