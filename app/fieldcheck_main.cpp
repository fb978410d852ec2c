// fieldcheck: the technician's tablet app (or one of its subcommands, e.g. enrolling with a depot).
#include <cstdio>

#include "app/tablet/run_tablet.h"
#include "app/tablet/tablet_commands.h"
#include "app/tablet/tablet_options.h"
#include "checklists/clock.h"

int main(int argc, char** argv) {
    // The program's one clock: the store, the sync worker and the screens read time from it.
    fc::SystemClock clock;
    if (const auto code = fc::run_tablet_command(argc, argv, clock)) return *code;
    const auto options = fc::parse_tablet_options(argc, argv);
    if (!options) {
        std::fprintf(stderr, "fieldcheck: %s\n%s", options.error().message.c_str(), fc::tablet_usage());
        return 2;
    }
    if (options->help) {
        std::fputs(fc::tablet_usage(), stdout);
        return 0;
    }
    return fc::run_tablet(*options, clock);
}
