// `fieldcheck-depot export --data DIR --format csv|json [--out FILE]`: received visits for the back office.
#include <cstdio>
#include <filesystem>
#include <string>
#include <system_error>

#include "command_args.h"
#include "depot_commands.h"
#include "sync/depot/depot_export.h"
#include "sync/depot/depot_store.h"
#include "sync/storage/durable_file.h"

namespace fc {
namespace {

constexpr const char* kUsage = "export --data DIR --format csv|json [--out FILE]";

constexpr const char* kHelp =
    "Every visit the depot received, in the order it received them: visit, job, technician, customer,\n"
    "address, template and version, outcome (completed or not_possible), the true cause and the precheck\n"
    "it names, survey status, the score per touchpoint (appointment, arrival, explanation, result), the\n"
    "customer's comment, integrity flags (impossible_pace, identical_and_instant, clock_went_back), the\n"
    "tablet's seal time, the depot's receipt time and sequence number, and the seal.\n"
    "  --format csv   (default) one header line, CRLF; a cell a spreadsheet would run as a formula gets a\n"
    "                 leading apostrophe\n"
    "  --format json  {\"visits\":[...]}, scores as an object per touchpoint, each flag with its sentence\n"
    "  --out FILE     write FILE (synced to disk) instead of stdout\n";

}  // namespace

int run_export(int argc, char** argv, Clock&) {
    if (asks_for_help(argc, argv)) return print_help(kUsage, kHelp);
    const CommandArgs args = parse_command_args(argc, argv, {"--data", "--format", "--out"});
    if (!args.error.empty()) return usage_error("export", args.error, kUsage);
    const auto data = args.option("--data");
    if (!data) return usage_error("export", "--data DIR is required", kUsage);
    const std::string format = args.option("--format").value_or("csv");
    if (format != "csv" && format != "json") return usage_error("export", "--format is csv or json", kUsage);
    if (!args.positional.empty()) return usage_error("export", "unexpected argument " + args.positional[0], kUsage);
    auto store = DepotStore::open_existing(*data);
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
        // Absolute, so a bare file name has a directory to sync after the rename.
        std::error_code ec;
        const std::filesystem::path target = std::filesystem::absolute(*out, ec);
        if (ec) {
            std::fprintf(stderr, "fieldcheck-depot export: cannot use --out %s: %s\n", out->c_str(), ec.message().c_str());
            return 1;
        }
        if (Status s = write_file_durably(target, text); !s) {
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
