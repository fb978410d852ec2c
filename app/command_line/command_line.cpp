#include "app/command_line/command_line.h"

#include <cstdio>
#include <utility>

namespace fc {

// CLI11's help, but opening with the command's own synopsis ("usage: PROGRAM SYNOPSIS"), as the
// programs' help always did, and its description under it.
class CommandLine::Formatter final : public CLI::Formatter {
public:
    explicit Formatter(std::string program) : program_(std::move(program)) { column_width(28); }
    std::map<const CLI::App*, std::string> synopsis;

    // The usage line alone, as usage errors print it.
    std::string usage_line(const CLI::App* app, std::string name) const {
        const auto found = synopsis.find(app);
        if (found == synopsis.end()) return CLI::Formatter::make_usage(app, std::move(name));
        return "usage: " + program_ + " " + found->second + "\n";
    }
    std::string make_description(const CLI::App*) const override { return {}; }
    std::string make_usage(const CLI::App* app, std::string name) const override {
        const std::string description = CLI::Formatter::make_description(app);
        return usage_line(app, std::move(name)) + (description.empty() ? "" : "\n" + description);
    }

private:
    std::string program_;
};

namespace {

// The deepest command named on the line: the program, or the last subcommand in the chain.
const CLI::App* chosen_command(const CLI::App& app) {
    const CLI::App* at = &app;
    for (;;) {
        const auto subs = at->get_subcommands();
        if (subs.empty()) return at;
        at = subs.front();
    }
}

// Arguments CLI11 kept aside (allow_extras) are refused here, so each gets a sentence that names it.
std::optional<CommandLine::Outcome> refuse_extras(const CLI::App& app) {
    for (const CLI::App* at = &app; at != nullptr;) {
        const auto extras = at->remaining(false);
        if (!extras.empty()) {
            const std::string& first = extras.front();
            const bool option = first.size() > 1 && first[0] == '-';
            const bool command = !option && at->get_subcommands().empty() &&
                                 !at->get_subcommands([](const CLI::App*) { return true; }).empty();
            std::string message = option ? "unknown option '" + first + "'"
                                  : command ? "unknown command '" + first + "'"
                                            : "unexpected argument '" + first + "'";
            return CommandLine::Outcome{CommandLine::Outcome::Kind::UsageError, at, std::move(message)};
        }
        const auto subs = at->get_subcommands();
        at = subs.empty() ? nullptr : subs.front();
    }
    return std::nullopt;
}

// An option of a command given before one of its subcommands ("fieldcheck --demo sync") would be
// silently ignored: the subcommand runs alone, so the line is refused instead.
std::optional<CommandLine::Outcome> refuse_misplaced_options(const CLI::App& app) {
    for (const CLI::App* at = &app; at != nullptr;) {
        const auto subs = at->get_subcommands();
        if (subs.empty()) break;
        for (const CLI::Option* opt : at->get_options()) {
            if (opt == at->get_help_ptr() || opt->count() == 0) continue;
            return CommandLine::Outcome{CommandLine::Outcome::Kind::UsageError, subs.front(),
                                        opt->get_name() + " is not an option of this command"};
        }
        at = subs.front();
    }
    return std::nullopt;
}

}  // namespace

CommandLine::CommandLine(std::string program, std::string description, std::string usage)
    : program_(std::move(program)), formatter_(std::make_shared<Formatter>(program_)), app_(std::move(description), program_) {
    app_.formatter(formatter_);
    app_.allow_extras();
    // As the hand-written parsers did: the last of an option given twice counts.
    app_.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    formatter_->synopsis[&app_] = std::move(usage);
}

CLI::App& CommandLine::command(CLI::App& parent, const std::string& name, const std::string& description,
                               const std::string& usage) {
    CLI::App* sub = parent.add_subcommand(name, description);
    sub->allow_extras();
    formatter_->synopsis[sub] = usage;
    return *sub;
}

CommandLine::Outcome CommandLine::read(int argc, const char* const* argv) {
    try {
        app_.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
        return {Outcome::Kind::Help, chosen_command(app_), {}};
    } catch (const CLI::CallForAllHelp&) {
        return {Outcome::Kind::Help, chosen_command(app_), {}};
    } catch (const CLI::ParseError& e) {
        // An unknown option is named first: "--dta" is the mistake, not the missing --data.
        if (auto refused = refuse_extras(app_)) return *refused;
        return {Outcome::Kind::UsageError, chosen_command(app_), e.what()};
    }
    if (auto refused = refuse_extras(app_)) return *refused;
    if (auto refused = refuse_misplaced_options(app_)) return *refused;
    return {Outcome::Kind::Run, chosen_command(app_), {}};
}

std::optional<int> CommandLine::parse(int argc, const char* const* argv) {
    const Outcome outcome = read(argc, argv);
    switch (outcome.kind) {
        case Outcome::Kind::Run: return std::nullopt;
        case Outcome::Kind::Help: {
            const std::string help = outcome.command->help();
            std::fwrite(help.data(), 1, help.size(), stdout);
            return std::fflush(stdout) == 0 ? 0 : 1;
        }
        case Outcome::Kind::UsageError: return usage_error(*outcome.command, outcome.message);
    }
    return 2;
}

int CommandLine::usage_error(const CLI::App& command, const std::string& message) const {
    std::fprintf(stderr, "%s: %s\n%s", full_name(command).c_str(), message.c_str(), usage_line(command).c_str());
    return 2;
}

std::string CommandLine::usage_line(const CLI::App& command) const {
    return formatter_->usage_line(&command, full_name(command));
}

std::string CommandLine::full_name(const CLI::App& command) const {
    std::string name;
    for (const CLI::App* at = &command; at != nullptr; at = at->get_parent()) {
        name = name.empty() ? at->get_name() : at->get_name() + " " + name;
    }
    return name;
}

std::optional<std::int64_t> parse_whole_number(const std::string& text) {
    if (text.empty() || text.size() > 18) return std::nullopt;
    std::int64_t n = 0;
    for (const char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        n = n * 10 + (c - '0');
    }
    return n;
}

CLI::Validator whole_number(std::int64_t low, std::int64_t high, std::string rule) {
    return CLI::Validator(
        [low, high, rule](std::string& text) -> std::string {
            const auto n = parse_whole_number(text);
            if (!n || *n < low || *n > high) return rule + ", not '" + text + "'";
            text = std::to_string(*n);
            return {};
        },
        "", "whole_number");
}

CLI::Validator one_of(std::vector<std::string> words, std::string rule) {
    return CLI::Validator(
        [words, rule](std::string& text) -> std::string {
            for (const std::string& w : words) {
                if (text == w) return {};
            }
            return rule + ", not '" + text + "'";
        },
        "", "one_of");
}

}  // namespace fc
