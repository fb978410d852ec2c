// `fieldcheck-depot cancel --data DIR --visit V [--why TEXT]`: a planned visit that will not happen.
#include <cstdio>
#include <memory>
#include <string>

#include "depot_commands.h"
#include "planning_options.h"
#include "sync/depot/depot_store.h"

namespace fc {
namespace {

constexpr const char* kCancelUsage = "cancel --data DIR --visit V [--why TEXT]";
constexpr const char* kCancelHelp =
    "Cancels a planned visit: it disappears from the technician's tablet at its next sync. If the\n"
    "technician had already started it there, the tablet keeps it (marked), the visit is still\n"
    "received when sent, and `conflicts` lists it for you to settle with the customer. A visit\n"
    "already received cannot be cancelled. Cancelling twice changes nothing.";

struct CancelArgs {
    std::string data;
    std::string db;  // --db: a PostgreSQL depot instead of DIR/depot.db
    std::string visit;
    std::string why;
};

int cancel(const CancelArgs& args, Clock& clock) {
    auto store = DepotStore::open_existing(DepotLocation{args.data, args.db});
    if (!store) return command_failed("cancel", store.error());
    auto done = store.value()->cancel_visit(args.visit, args.why, clock.now().wall_ms);
    if (!done) return command_failed("cancel", done.error());
    std::printf(done.value() ? "visit %s cancelled; it leaves the technician's tablet at its next sync\n"
                             : "visit %s was already cancelled; nothing changed\n",
                args.visit.c_str());
    return 0;
}

}  // namespace

DepotCommand add_cancel_command(CommandLine& line, Clock& clock) {
    auto args = std::make_shared<CancelArgs>();
    CLI::App& cli = line.command(line.app(), "cancel", "Cancel a planned visit.", kCancelUsage);
    cli.add_option("--data", args->data, "the depot's data directory")->required()->type_name("DIR");
    cli.add_option("--db", args->db, kDepotDbHelp)->type_name("URL");
    cli.add_option("--visit", args->visit, "the planned visit")->required()->check(wire_id_option("V-20240514-04"))->type_name("V");
    cli.add_option("--why", args->why, "the reason, for `conflicts` (one line, at most 200 bytes)")->type_name("TEXT");
    cli.footer(kCancelHelp);
    return {&cli, [args, &clock] { return cancel(*args, clock); }};
}

}  // namespace fc
