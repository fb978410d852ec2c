#pragma once
// The depot's subcommands: each is a function of its arguments (argv after the command name) and
// of the program's one clock, made in main.
#include <cstdio>
#include <vector>

#include "checklists/clock.h"

namespace fc {

struct DepotCommand {
    const char* name;
    const char* usage;  // one line: "check-template FILE..."
    int (*run)(int argc, char** argv, Clock& clock);
};

int run_check_template(int argc, char** argv, Clock& clock);
int run_serve(int argc, char** argv, Clock& clock);
int run_token(int argc, char** argv, Clock& clock);
int run_template(int argc, char** argv, Clock& clock);
int run_assign(int argc, char** argv, Clock& clock);
int run_export(int argc, char** argv, Clock& clock);

const std::vector<DepotCommand>& depot_commands();
void print_depot_usage(std::FILE* out);

}  // namespace fc
