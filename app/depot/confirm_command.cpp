// `fieldcheck-depot confirm --data DIR --visit V --precheck P --by WHO [--at TIME]`: a before-departure
// precheck confirmed after the planning sheet went in (the operator's patch notice the evening before).
#include <cstdio>
#include <memory>
#include <string>

#include "checklists/time_format.h"
#include "depot_commands.h"
#include "planning_options.h"
#include "sync/depot/depot_store.h"

namespace fc {
namespace {

constexpr const char* kConfirmUsage = "confirm --data DIR --visit V --precheck P --by WHO [--at TIME]";
constexpr const char* kConfirmHelp =
    "Confirms a before-departure precheck of a planned visit: the technician's tablet gets it with its\n"
    "next sync and seals it into the visit as confirmed by WHO (the intake), so the day's list shows\n"
    "the visit ready instead of red. The technician still checks the on-arrival prechecks on site.\n"
    "A confirmation never changes once given: the same one again changes nothing, a different one for\n"
    "the same visit and precheck is refused. Only prechecks the visit's template checks before\n"
    "departure can be confirmed; the error lists them.\n"
    "\n"
    "Example:\n"
    "fieldcheck-depot confirm --data depot --visit V-20240514-04 --precheck patch-confirmed \\\n"
    "    --by \"operator (patch notice)\" --at 2024-05-13T18:00+02:00";

struct ConfirmArgs {
    std::string data;
    std::string db;  // --db: a PostgreSQL depot instead of DIR/depot.db
    std::string visit;
    std::string precheck;
    std::string by;
    std::string at;  // empty: now
};

int confirm(const ConfirmArgs& args, Clock& clock) {
    auto store = DepotStore::open_existing(DepotLocation{args.data, args.db});
    if (!store) return command_failed("confirm", store.error());
    const std::int64_t now = clock.now().wall_ms;
    const PrecheckConfirmation c{args.visit, args.precheck, args.by, args.at.empty() ? now : option_time_ms(args.at)};
    if (Status s = check_confirmation_time(c, now); !s) return command_failed("confirm", s.error());
    auto fresh = store.value()->confirm_precheck(c, now);
    if (!fresh) return command_failed("confirm", fresh.error());
    if (fresh.value()) {
        std::printf("visit %s: precheck %s confirmed by %s at %s; the tablet gets it with its next sync\n", c.visit_id.c_str(),
                    c.precheck_id.c_str(), c.by.c_str(), utc_iso8601_seconds(c.at_ms).c_str());
    } else {
        std::printf("visit %s: precheck %s was already confirmed just so; nothing changed\n", c.visit_id.c_str(),
                    c.precheck_id.c_str());
    }
    return 0;
}

}  // namespace

DepotCommand add_confirm_command(CommandLine& line, Clock& clock) {
    auto args = std::make_shared<ConfirmArgs>();
    CLI::App& cli = line.command(line.app(), "confirm", "Confirm a before-departure precheck of a planned visit.", kConfirmUsage);
    cli.add_option("--data", args->data, "the depot's data directory")->required()->type_name("DIR");
    cli.add_option("--db", args->db, kDepotDbHelp)->type_name("URL");
    cli.add_option("--visit", args->visit, "the planned visit")->required()->check(wire_id_option("V-20240514-04"))->type_name("V");
    cli.add_option("--precheck", args->precheck, "a before-departure precheck of the visit's template")
        ->required()->check(wire_id_option("patch-confirmed"))->type_name("P");
    cli.add_option("--by", args->by, "who confirmed it: the intake, the network operator, a name")->required()->type_name("WHO");
    cli.add_option("--at", args->at, "when, with its offset: 2024-05-13T18:00+02:00 (default: now)")
        ->check(iso_time_option())->type_name("TIME");
    cli.footer(kConfirmHelp);
    return {&cli, [args, &clock] { return confirm(*args, clock); }};
}

}  // namespace fc
