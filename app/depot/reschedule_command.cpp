// `fieldcheck-depot reschedule --data DIR --visit V --start T --end T`: a planned visit's new window.
#include <cstdio>
#include <memory>
#include <string>

#include "depot_commands.h"
#include "planning_options.h"
#include "sync/depot/depot_store.h"

namespace fc {
namespace {

constexpr const char* kRescheduleUsage = "reschedule --data DIR --visit V --start TIME --end TIME";
constexpr const char* kRescheduleHelp =
    "Gives a planned visit a new time window; the technician's tablet gets it at its next sync.\n"
    "Times are ISO 8601 with an offset, as in the planning sheet: 2024-05-15T13:00+02:00. A visit\n"
    "already received or cancelled cannot be rescheduled.";

struct RescheduleArgs {
    std::string data;
    std::string db;  // --db: a PostgreSQL depot instead of DIR/depot.db
    std::string visit;
    std::string start;
    std::string end;
};

int reschedule(const RescheduleArgs& args, Clock& clock) {
    auto store = DepotStore::open_existing(DepotLocation{args.data, args.db});
    if (!store) return command_failed("reschedule", store.error());
    auto done = store.value()->reschedule_visit(args.visit, option_time_ms(args.start), option_time_ms(args.end),
                                                clock.now().wall_ms);
    if (!done) return command_failed("reschedule", done.error());
    std::printf(done.value() ? "visit %s rescheduled; the technician's tablet gets the new window at its next sync\n"
                             : "visit %s already has that window; nothing changed\n",
                args.visit.c_str());
    return 0;
}

}  // namespace

DepotCommand add_reschedule_command(CommandLine& line, Clock& clock) {
    auto args = std::make_shared<RescheduleArgs>();
    CLI::App& cli = line.command(line.app(), "reschedule", "Give a planned visit a new time window.", kRescheduleUsage);
    cli.add_option("--data", args->data, "the depot's data directory")->required()->type_name("DIR");
    cli.add_option("--db", args->db, kDepotDbHelp)->type_name("URL");
    cli.add_option("--visit", args->visit, "the planned visit")->required()->check(wire_id_option("V-20240514-04"))->type_name("V");
    cli.add_option("--start", args->start, "the window's start: 2024-05-15T13:00+02:00")->required()->check(iso_time_option())->type_name("TIME");
    cli.add_option("--end", args->end, "the window's end, after its start")->required()->check(iso_time_option())->type_name("TIME");
    cli.footer(kRescheduleHelp);
    return {&cli, [&line, &cli, args, &clock] {
                if (option_time_ms(args->end) <= option_time_ms(args->start)) return line.usage_error(cli, "--end must be after --start");
                return reschedule(*args, clock);
            }};
}

}  // namespace fc
