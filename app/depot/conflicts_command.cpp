// `fieldcheck-depot conflicts --data DIR`: what the planner must settle: withdrawn visits that were
// carried out anyway.
#include <cstdio>
#include <memory>
#include <string>

#include "depot_commands.h"
#include "planning_options.h"
#include "sync/depot/depot_store.h"

namespace fc {
namespace {

constexpr const char* kConflictsUsage = "conflicts --data DIR";
constexpr const char* kConflictsHelp =
    "Every visit you cancelled or reassigned that its first technician had already started and sent\n"
    "in anyway, one per line: what you did, who carried it out, and when it arrived. The depot kept\n"
    "the visit (nothing is lost); call the customer and settle it (a new visit, a note to the\n"
    "technician it went to).";

struct ConflictsArgs {
    std::string data;
    std::string db;  // --db: a PostgreSQL depot instead of DIR/depot.db
};

int list_conflicts(const ConflictsArgs& args) {
    auto store = DepotStore::open_existing(DepotLocation{args.data, args.db});
    if (!store) return command_failed("conflicts", store.error());
    auto conflicts = store.value()->conflicts();
    if (!conflicts) return command_failed("conflicts", conflicts.error());
    for (const PlanningConflict& c : conflicts.value()) std::printf("%s\n", c.detail.c_str());
    std::fprintf(stderr, "%zu conflict%s to settle\n", conflicts->size(), conflicts->size() == 1 ? "" : "s");
    return 0;
}

}  // namespace

DepotCommand add_conflicts_command(CommandLine& line) {
    auto args = std::make_shared<ConflictsArgs>();
    CLI::App& cli = line.command(line.app(), "conflicts", "Withdrawn visits that were carried out anyway.", kConflictsUsage);
    cli.add_option("--data", args->data, "the depot's data directory")->required()->type_name("DIR");
    cli.add_option("--db", args->db, kDepotDbHelp)->type_name("URL");
    cli.footer(kConflictsHelp);
    return {&cli, [args] { return list_conflicts(*args); }};
}

}  // namespace fc
