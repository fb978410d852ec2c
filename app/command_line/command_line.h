#pragma once
// CommandLine: one program's command line on CLI11, with the rules both fieldcheck programs keep:
// `--help` (or -h) on every command prints its help on stdout and exits 0; a usage error (an unknown
// option, a stray argument, a missing or bad value) prints "PROGRAM COMMAND: sentence" and the
// command's usage line on stderr and exits 2; an option given twice keeps its last value.
// whole_number, one_of: CLI11 checks whose errors read as the programs' own sentences.
#include <CLI/CLI.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace fc {

class CommandLine {
public:
    // What a parse decided; `command` is the deepest command named on the line.
    struct Outcome {
        enum class Kind { Run, Help, UsageError } kind = Kind::Run;
        const CLI::App* command = nullptr;
        std::string message;  // a usage error's sentence, without the program's name
    };

    // `usage`: the program's synopsis after its name, e.g. "COMMAND [ARGS]".
    CommandLine(std::string program, std::string description, std::string usage);
    CommandLine(const CommandLine&) = delete;
    CommandLine& operator=(const CommandLine&) = delete;

    CLI::App& app() { return app_; }
    // A subcommand of `parent` (the program or another command); `usage` is its synopsis after the
    // program's name ("token create --data DIR --technician ID"), shown in its help and its errors.
    CLI::App& command(CLI::App& parent, const std::string& name, const std::string& description, const std::string& usage);

    // Parses without printing anything.
    Outcome read(int argc, const char* const* argv);
    // Parses; prints the help (exit 0) or the usage error (exit 2) and returns that exit code, or
    // nullopt when the command line is good and the chosen command should run.
    std::optional<int> parse(int argc, const char* const* argv);

    // Prints a usage error found after parsing (two options that do not go together); returns 2.
    int usage_error(const CLI::App& command, const std::string& message) const;
    // "usage: PROGRAM SYNOPSIS" of `command`.
    std::string usage_line(const CLI::App& command) const;
    // "PROGRAM COMMAND" of `command`, as usage errors name it.
    std::string full_name(const CLI::App& command) const;

private:
    class Formatter;

    std::string program_;
    std::shared_ptr<Formatter> formatter_;
    CLI::App app_;
};

// A CLI11 check (and transform) for options that take a whole number: plain decimal digits, in
// [low, high]; the value handed on is the number's canonical decimal form (CLI11 itself would read
// "010" as octal and "0x10" as hex). `rule` completes "NAME: " in the error, e.g. "a whole number
// from 2 to 1024".
CLI::Validator whole_number(std::int64_t low, std::int64_t high, std::string rule);

// A CLI11 check for options that take one of a few words; `rule` completes "NAME: ", e.g. "csv or json".
CLI::Validator one_of(std::vector<std::string> words, std::string rule);

// The whole number in `text` (decimal digits only, at most 18 of them), or nullopt.
std::optional<std::int64_t> parse_whole_number(const std::string& text);

}  // namespace fc
