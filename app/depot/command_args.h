#pragma once
// CommandArgs: the "--name value" options and plain arguments of one depot subcommand.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace fc {

struct CommandArgs {
    std::map<std::string, std::string> options;  // "--data" -> "DIR"
    std::set<std::string> flags;                 // "--demo"
    std::vector<std::string> positional;
    std::string error;  // first problem; "" when the arguments are fine

    bool has(const std::string& flag) const { return flags.count(flag) > 0; }
    std::optional<std::string> option(const std::string& name) const;
};

// `with_value` lists options that take a value, `switches` the ones that do not; anything else
// starting with "--" is an error that names it.
CommandArgs parse_command_args(int argc, char** argv, const std::set<std::string>& with_value,
                               const std::set<std::string>& switches = {});

// Prints "fieldcheck-depot NAME: MESSAGE" and the usage line to stderr; returns 2 (bad usage).
int usage_error(const char* name, const std::string& message, const char* usage);

// True when any argument is --help or -h: the command then prints its help instead of running.
bool asks_for_help(int argc, char** argv);
// Prints "usage: fieldcheck-depot USAGE" and the details to stdout; returns 0.
int print_help(const char* usage, const char* details);

}  // namespace fc
