#include "command_args.h"

#include <cstdio>

namespace fc {

std::optional<std::string> CommandArgs::option(const std::string& name) const {
    auto it = options.find(name);
    if (it == options.end()) return std::nullopt;
    return it->second;
}

CommandArgs parse_command_args(int argc, char** argv, const std::set<std::string>& with_value,
                               const std::set<std::string>& switches) {
    CommandArgs args;
    for (int i = 0; i < argc; ++i) {
        const std::string a = argv[i];
        if (a.rfind("--", 0) != 0 || a == "-" || a == "--") {
            args.positional.push_back(a);
            continue;
        }
        if (switches.count(a)) {
            args.flags.insert(a);
        } else if (with_value.count(a)) {
            if (i + 1 >= argc) {
                if (args.error.empty()) args.error = a + " needs a value";
                break;
            }
            args.options[a] = argv[++i];
        } else if (args.error.empty()) {
            args.error = "unknown option " + a;
        }
    }
    return args;
}

bool asks_for_help(int argc, char** argv) {
    for (int i = 0; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--help" || a == "-h") return true;
    }
    return false;
}

int print_help(const char* usage, const char* details) {
    std::printf("usage: fieldcheck-depot %s\n\n%s", usage, details);
    return std::fflush(stdout) == 0 ? 0 : 1;
}

int usage_error(const char* name, const std::string& message, const char* usage) {
    std::fprintf(stderr, "fieldcheck-depot %s: %s\nusage: fieldcheck-depot %s\n", name, message.c_str(), usage);
    return 2;
}

}  // namespace fc
