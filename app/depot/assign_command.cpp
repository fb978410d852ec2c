// `fieldcheck-depot assign --data DIR FILE.csv`: the back office's planning sheet becomes assignments.
#include <cstdio>
#include <string>

#include "command_args.h"
#include "depot_commands.h"
#include "depot_files.h"
#include "sync/depot/depot_assign_csv.h"
#include "sync/depot/depot_store.h"

namespace fc {
namespace {

constexpr const char* kUsage =
    "assign --data DIR FILE.csv   (columns: visit_id, technician_id, customer_name, address, job_id, "
    "window_start, window_end, template_id[, template_version]; see --help)";

constexpr const char* kHelp =
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
    "Comma or semicolon separated (as Dutch spreadsheets save it), fields with a separator or a quote\n"
    "in double quotes (RFC 4180), UTF-8 with or without a byte-order mark.\n"
    "All or nothing: every problem is printed as \"line N, column: sentence\" and nothing is assigned\n"
    "until the sheet is clean. The same sheet again changes nothing; a changed row is fetched by the\n"
    "tablet again. A visit cannot move to another technician or change once it was received.\n"
    "\n"
    "Example:\n"
    "visit_id,technician_id,customer_name,address,job_id,window_start,window_end,template_id,template_version\n"
    "V-20240514-01,tech-07,Fam. de Vries,\"Kerkstraat 12, 3581 GH Utrecht\",J-31877,2024-05-14T08:00+02:00,"
    "2024-05-14T09:30+02:00,fiber-modem-install-nl,1\n";

}  // namespace

int run_assign(int argc, char** argv, Clock& clock) {
    if (asks_for_help(argc, argv)) return print_help(kUsage, kHelp);
    const CommandArgs args = parse_command_args(argc, argv, {"--data"});
    if (!args.error.empty()) return usage_error("assign", args.error, kUsage);
    const auto data = args.option("--data");
    if (!data) return usage_error("assign", "--data DIR is required", kUsage);
    if (args.positional.size() != 1) return usage_error("assign", "give one CSV file", kUsage);
    auto bytes = read_small_file(args.positional[0], kMaxAssignmentCsvBytes);
    if (!bytes) {
        std::fprintf(stderr, "fieldcheck-depot assign: %s\n", bytes.error().message.c_str());
        return 1;
    }
    auto store = DepotStore::open(*data);
    if (!store) {
        std::fprintf(stderr, "fieldcheck-depot assign: %s\n", store.error().message.c_str());
        return 1;
    }
    auto assignments = parse_assignment_csv(bytes.value(), [&](const std::string& id) -> std::optional<int> {
        auto v = store.value()->latest_template_version(id);
        return v ? v.value() : std::nullopt;
    });
    if (!assignments) {
        std::string problems = assignments.error().message;
        if (problems.empty() || problems.back() != '\n') problems += '\n';  // one problem comes without one
        std::fprintf(stderr, "%s: nothing was assigned:\n%s", args.positional[0].c_str(), problems.c_str());
        return 1;
    }
    const std::int64_t now = clock.now().wall_ms;
    auto result = store.value()->put_assignments(assignments.value(), now);
    if (!result) {
        std::fprintf(stderr, "%s: nothing was assigned: %s\n", args.positional[0].c_str(), result.error().message.c_str());
        return 1;
    }
    std::printf("%s: %d new, %d changed, %d unchanged\n", args.positional[0].c_str(), result->created, result->changed,
                result->unchanged);
    return 0;
}

}  // namespace fc
