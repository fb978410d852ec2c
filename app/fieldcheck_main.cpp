// fieldcheck: the technician's tablet app (or one of its subcommands, e.g. enrolling with a depot).
#include "app/command_line/command_line.h"
#include "app/tablet/receipt_command.h"
#include "app/tablet/run_tablet.h"
#include "app/tablet/tablet_commands.h"
#include "app/tablet/tablet_options.h"

int main(int argc, char** argv) {
    fc::CommandLine line("fieldcheck", "The technician's tablet app; `fieldcheck COMMAND --help` explains each command.",
                         fc::kTabletSynopsis);
    fc::TabletOptions options;
    fc::add_tablet_options(line.app(), options);
    const fc::TabletCommands commands(line);
    const fc::ReceiptCommand receipt(line);
    if (const auto code = line.parse(argc, argv)) return *code;
    // The program's one clock: the store, the sync worker and the screens read time from it.
    fc::SystemClock clock;
    if (const auto code = commands.run(clock)) return *code;
    if (const auto code = receipt.run(clock)) return *code;
    return fc::run_tablet(options, clock);
}
