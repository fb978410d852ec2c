// `fieldcheck-depot assign --data DIR FILE.csv`: the back office's planning sheet becomes assignments.
#include <chrono>
#include <cstdio>
#include <string>

#include "command_args.h"
#include "depot_commands.h"
#include "depot_files.h"
#include "sync/depot_assign_csv.h"
#include "sync/depot_store.h"

namespace fc {
namespace {

constexpr const char* kUsage =
    "assign --data DIR FILE.csv   (columns: visit_id, technician_id, customer_name, address, job_id, "
    "window_start, window_end, template_id[, template_version])";

}  // namespace

int run_assign(int argc, char** argv) {
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
        std::fprintf(stderr, "%s: nothing was assigned:\n%s", args.positional[0].c_str(), assignments.error().message.c_str());
        return 1;
    }
    const std::int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                                 std::chrono::system_clock::now().time_since_epoch()).count();
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
