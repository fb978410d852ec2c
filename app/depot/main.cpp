// fieldcheck-depot: the depot server and its admin commands; each command lives in its own file.
#include <cstdio>
#include <string>
#include <vector>

#include "depot_commands.h"

int main(int argc, char** argv) {
    fc::CommandLine line("fieldcheck-depot", "The depot: the server tablets sync with, and its administration.",
                         "COMMAND [ARGS]");
    line.app().footer(
        "fieldcheck-depot COMMAND --help explains each command (assign: the columns of the planning sheet).");
    fc::SystemClock clock;  // the program's one clock; every command reads time from it
    const std::vector<fc::DepotCommand> commands = {
        fc::add_check_template_command(line), fc::add_serve_command(line, clock),
        fc::add_token_command(line, clock),   fc::add_template_command(line, clock),
        fc::add_assign_command(line, clock),  fc::add_export_command(line),
        fc::add_confirm_command(line, clock), fc::add_settings_command(line, clock),
        fc::add_cancel_command(line, clock),  fc::add_reschedule_command(line, clock),
        fc::add_reassign_command(line, clock), fc::add_conflicts_command(line),
        fc::add_history_command(line),         fc::add_set_aside_command(line),
        fc::add_enroll_code_command(line, clock), fc::add_device_command(line, clock),
        fc::add_user_command(line, clock),
    };
    // `fieldcheck-depot help` is the program's --help, as it always was.
    const CLI::App& help = *line.command(line.app(), "help", "", "help").group("");
    // Taken before parsing: once a command is chosen, CLI11 gives that command's help instead.
    const std::string usage = line.app().help();
    if (const auto code = line.parse(argc, argv)) return *code;
    for (const fc::DepotCommand& c : commands) {
        if (c.cli->parsed()) return c.run();
    }
    std::fputs(usage.c_str(), help.parsed() ? stdout : stderr);
    return help.parsed() ? 0 : 2;  // no command: a usage error
}
