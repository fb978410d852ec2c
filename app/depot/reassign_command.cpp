// `fieldcheck-depot reassign --data DIR --visit V --to TECH`: a planned visit goes to another technician.
#include <cstdio>
#include <memory>
#include <string>

#include "depot_commands.h"
#include "planning_options.h"
#include "sync/depot/depot_store.h"

namespace fc {
namespace {

constexpr const char* kReassignUsage = "reassign --data DIR --visit V --to TECH";
constexpr const char* kReassignHelp =
    "Moves a planned visit to another technician: it disappears from the first tablet and appears on\n"
    "TECH's at their next syncs, with its confirmations. If the first technician had already started\n"
    "it, their tablet keeps it (marked); when they send it in it is received, TECH's tablet drops it,\n"
    "and `conflicts` lists it for you to settle. A visit already received or cancelled cannot be\n"
    "reassigned.";

struct ReassignArgs {
    std::string data;
    std::string db;  // --db: a PostgreSQL depot instead of DIR/depot.db
    std::string visit;
    std::string to;
};

int reassign(const ReassignArgs& args, Clock& clock) {
    auto store = DepotStore::open_existing(DepotLocation{args.data, args.db});
    if (!store) return command_failed("reassign", store.error());
    auto done = store.value()->reassign_visit(args.visit, args.to, clock.now().wall_ms);
    if (!done) return command_failed("reassign", done.error());
    std::printf(done.value() ? "visit %s reassigned to %s; both tablets learn of it at their next sync\n"
                             : "visit %s is already %s's; nothing changed\n",
                args.visit.c_str(), args.to.c_str());
    return 0;
}

}  // namespace

DepotCommand add_reassign_command(CommandLine& line, Clock& clock) {
    auto args = std::make_shared<ReassignArgs>();
    CLI::App& cli = line.command(line.app(), "reassign", "Move a planned visit to another technician.", kReassignUsage);
    cli.add_option("--data", args->data, "the depot's data directory")->required()->type_name("DIR");
    cli.add_option("--db", args->db, kDepotDbHelp)->type_name("URL");
    cli.add_option("--visit", args->visit, "the planned visit")->required()->check(wire_id_option("V-20240514-04"))->type_name("V");
    cli.add_option("--to", args->to, "the technician it goes to")->required()->check(wire_id_option("tech-07"))->type_name("TECH");
    cli.footer(kReassignHelp);
    return {&cli, [args, &clock] { return reassign(*args, clock); }};
}

}  // namespace fc
