// fieldcheck-depot: the depot server and its admin commands; each command lives in its own file.
#include <cstdio>
#include <string>
#include <string_view>

#include "checklists/clock.h"
#include "depot_commands.h"

int main(int argc, char** argv) {
    if (argc < 2) {
        fc::print_depot_usage(stderr);
        return 2;
    }
    // The program's one wall clock; every command reads time from it.
    fc::SystemClock clock;
    const std::string_view command = argv[1];
    for (const auto& c : fc::depot_commands()) {
        if (command == c.name) return c.run(argc - 2, argv + 2, clock);
    }
    if (command == "--help" || command == "-h" || command == "help") {
        fc::print_depot_usage(stdout);
        return 0;
    }
    std::fprintf(stderr, "fieldcheck-depot: unknown command '%s'\n", argv[1]);
    fc::print_depot_usage(stderr);
    return 2;
}
