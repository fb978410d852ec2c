// `fieldcheck-depot assign --data DIR FILE.csv`: the back office's planning sheet becomes assignments.
#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include "depot_commands.h"
#include "depot_files.h"
#include "planning_options.h"
#include "sync/depot/depot_assign_csv.h"
#include "sync/depot/depot_store.h"

namespace fc {
namespace {

constexpr const char* kAssignUsage =
    "assign --data DIR FILE.csv   (columns: visit_id, technician_id, customer_name, address, job_id, "
    "window_start, window_end, template_id[, template_version, customer_id, confirmed, technician_name, customer_email]; see --help)";

constexpr const char* kAssignHelp =
    "Assigns visits from the back office's planning sheet: one visit per row, the columns named in the\n"
    "first line, in any order:\n"
    "  visit_id          1 to 64 letters, digits, '-' or '_'; unique in the sheet and on the depot\n"
    "  technician_id     the technician whose tablet gets the visit (as in `token create --technician`)\n"
    "  customer_name     shown on the day's list\n"
    "  address           shown on the day's list\n"
    "  job_id            visits on one job share the customer's history; after two visits on a job\n"
    "                    closed \"not possible\" the next one is marked for escalation\n"
    "  window_start      ISO 8601 with an offset: 2024-05-14T08:00+02:00 or 2024-05-14T06:00:00Z\n"
    "  window_end        the same, after window_start\n"
    "  template_id       a template on the depot (`template import`)\n"
    "  template_version  optional; empty or absent: the newest version on the depot\n"
    "  customer_id       optional; the customer across jobs (a move, a second installation)\n"
    "  confirmed         optional; before-departure prechecks the intake or the network operator\n"
    "                    already confirmed, as precheck_id@who@time, several joined by '|':\n"
    "                    patch-confirmed@operator@2024-05-13T18:00+02:00|socket-announced@intake@2024-05-10T09:12+02:00\n"
    "                    (the tablet gets them with the visit; later ones: `fieldcheck-depot confirm`)\n"
    "  technician_name   optional; the name the customer's receipt prints (the tablet gets it)\n"
    "  customer_email    optional; where the depot mails the customer's receipt; kept on the depot,\n"
    "                    never sent to a tablet; a sheet without the column keeps the addresses given before\n"
    "Comma or semicolon separated (as Dutch spreadsheets save it), fields with a separator or a quote\n"
    "in double quotes (RFC 4180), UTF-8 with or without a byte-order mark.\n"
    "All or nothing: every problem is printed as \"line N, column: sentence\" and nothing is assigned\n"
    "until the sheet is clean. The same sheet again changes nothing; a changed row is fetched by the\n"
    "tablet again. A visit cannot move to another technician or change once it was received.\n"
    "\n"
    "Example:\n"
    "visit_id,technician_id,customer_name,address,job_id,window_start,window_end,template_id,template_version\n"
    "V-20240514-01,tech-07,Fam. de Vries,\"Kerkstraat 12, 3581 GH Utrecht\",J-31877,2024-05-14T08:00+02:00,"
    "2024-05-14T09:30+02:00,fiber-modem-install-nl,1";

struct AssignArgs {
    std::string data;
    std::string db;  // --db: a PostgreSQL depot instead of DIR/depot.db
    std::string sheet;
};


int assign_sheet(const AssignArgs& args, Clock& clock) {
    auto bytes = read_small_file(args.sheet, kMaxAssignmentCsvBytes);
    if (!bytes) return command_failed("assign", bytes.error().message);
    auto store = DepotStore::open(DepotLocation{args.data, args.db});
    if (!store) return command_failed("assign", store.error().message);
    DepotStore& depot = *store.value();
    const auto latest = [&](const std::string& id) -> std::optional<int> {
        auto v = depot.latest_template_version(id);
        return v ? v.value() : std::nullopt;
    };
    const auto templates = [&](const std::string& id, int version) -> std::shared_ptr<const ChecklistTemplate> {
        auto t = depot.template_for(id, version);
        return t ? t.value() : nullptr;
    };
    auto sheet = parse_planning_sheet(bytes.value(), latest, templates);
    if (!sheet) {
        std::string problems = sheet.error().message;
        if (problems.empty() || problems.back() != '\n') problems += '\n';  // one problem comes without one
        std::fprintf(stderr, "%s: nothing was assigned:\n%s", args.sheet.c_str(), problems.c_str());
        return 1;
    }
    const std::int64_t now = clock.now().wall_ms;
    for (const PrecheckConfirmation& c : sheet->confirmations) {
        if (Status s = check_confirmation_time(c, now); !s) return command_failed("assign", args.sheet + ": nothing was assigned: " + s.error().message);
    }
    auto result = depot.put_assignments(sheet->assignments, now, sheet->confirmations, sheet->customer_emails);
    if (!result) {
        std::fprintf(stderr, "%s: nothing was assigned: %s\n", args.sheet.c_str(), result.error().message.c_str());
        return 1;
    }
    std::printf("%s: %d new, %d changed, %d unchanged, %d prechecks newly confirmed\n", args.sheet.c_str(), result->created,
                result->changed, result->unchanged, result->confirmed);
    return 0;
}

}  // namespace

DepotCommand add_assign_command(CommandLine& line, Clock& clock) {
    auto args = std::make_shared<AssignArgs>();
    CLI::App& cli = line.command(line.app(), "assign", "Assign visits from the planning sheet.", kAssignUsage);
    cli.add_option("--data", args->data, "the depot's data directory")->required()->type_name("DIR");
    cli.add_option("--db", args->db, kDepotDbHelp)->type_name("URL");
    cli.add_option("FILE.csv", args->sheet, "the planning sheet: one visit per row")->required();
    cli.footer(kAssignHelp);
    return {&cli, [args, &clock] { return assign_sheet(*args, clock); }};
}

}  // namespace fc
