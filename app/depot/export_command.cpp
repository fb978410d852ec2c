// `fieldcheck-depot export --data DIR --format csv|json [--out FILE]`: received visits for the back office.
#include <cstdio>
#include <string>

#include "command_args.h"
#include "depot_commands.h"
#include "sync/depot_export.h"
#include "sync/depot_store.h"
#include "sync/durable_file.h"

namespace fc {
namespace {

constexpr const char* kUsage = "export --data DIR --format csv|json [--out FILE]";

}  // namespace

int run_export(int argc, char** argv) {
    const CommandArgs args = parse_command_args(argc, argv, {"--data", "--format", "--out"});
    if (!args.error.empty()) return usage_error("export", args.error, kUsage);
    const auto data = args.option("--data");
    if (!data) return usage_error("export", "--data DIR is required", kUsage);
    const std::string format = args.option("--format").value_or("csv");
    if (format != "csv" && format != "json") return usage_error("export", "--format is csv or json", kUsage);
    if (!args.positional.empty()) return usage_error("export", "unexpected argument " + args.positional[0], kUsage);
    auto store = DepotStore::open(*data);
    if (!store) {
        std::fprintf(stderr, "fieldcheck-depot export: %s\n", store.error().message.c_str());
        return 1;
    }
    auto visits = store.value()->received_visits();
    if (!visits) {
        std::fprintf(stderr, "fieldcheck-depot export: %s\n", visits.error().message.c_str());
        return 1;
    }
    const std::string text = format == "csv" ? export_visits_csv(visits.value()) : export_visits_json(visits.value()) + "\n";
    if (const auto out = args.option("--out")) {
        if (Status s = write_file_durably(*out, text); !s) {
            std::fprintf(stderr, "fieldcheck-depot export: %s\n", s.error().message.c_str());
            return 1;
        }
        std::fprintf(stderr, "%zu visits written to %s\n", visits->size(), out->c_str());
        return 0;
    }
    std::fwrite(text.data(), 1, text.size(), stdout);
    return std::fflush(stdout) == 0 ? 0 : 1;
}

}  // namespace fc
