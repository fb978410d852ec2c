// `fieldcheck-depot set-aside --data DIR [--all]`: the visits the depot refused, as their tablets
// reported them, so a refused visit is never out of the planner's sight.
#include <cstdio>
#include <memory>
#include <string>

#include "depot_commands.h"
#include "planning_options.h"
#include "sync/depot/depot_export.h"
#include "sync/depot/depot_store.h"

namespace fc {
namespace {

constexpr const char* kSetAsideUsage = "set-aside --data DIR [--all]";
constexpr const char* kSetAsideHelp =
    "Every visit the depot refused (its record was never stored) that the technician's tablet\n"
    "reported, one per line: the visit, the technician, when, and the depot's reason. Most are an\n"
    "assignment that does not match what the tablet walked (assignment_mismatch names the field):\n"
    "put the assignment right with `assign` (e.g. the template version the technician really had),\n"
    "and the tablet sends the visit again by itself at its next sync; the line then shows resolved.\n"
    "`export --set-aside` writes the same as CSV or JSON.";

struct SetAsideArgs {
    std::string data;
    std::string db;  // --db: a PostgreSQL depot instead of DIR/depot.db
    bool all = false;
};

int list_set_aside(const SetAsideArgs& args) {
    auto store = DepotStore::open_existing(DepotLocation{args.data, args.db});
    if (!store) return command_failed("set-aside", store.error());
    auto reports = store.value()->set_aside_reports();
    if (!reports) return command_failed("set-aside", reports.error());
    std::size_t open = 0;
    for (const SetAsideReport& r : reports.value()) {
        if (r.resolved_ms == 0) ++open;
        if (r.resolved_ms == 0 || args.all) std::printf("%s\n", set_aside_line(r).c_str());
    }
    std::fprintf(stderr, "%zu set-aside visit report%s open\n", open, open == 1 ? "" : "s");
    return 0;
}

}  // namespace

DepotCommand add_set_aside_command(CommandLine& line) {
    auto args = std::make_shared<SetAsideArgs>();
    CLI::App& cli = line.command(line.app(), "set-aside", "Visits the depot refused, as the tablets reported them.", kSetAsideUsage);
    cli.add_option("--data", args->data, "the depot's data directory")->required()->type_name("DIR");
    cli.add_option("--db", args->db, kDepotDbHelp)->type_name("URL");
    cli.add_flag("--all", args->all, "also the reports whose visit has arrived since");
    cli.footer(kSetAsideHelp);
    return {&cli, [args] { return list_set_aside(*args); }};
}

}  // namespace fc
