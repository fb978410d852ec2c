// `fieldcheck-depot export --data DIR --format csv|json [--out FILE]`: received visits for the back office.
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>

#include "depot_commands.h"
#include "sync/depot/depot_export.h"
#include "sync/depot/depot_store.h"
#include "sync/storage/durable_file.h"

namespace fc {
namespace {

constexpr const char* kUsage = "export --data DIR --format csv|json [--set-aside] [--out FILE]";

constexpr const char* kHelp =
    "Every visit the depot received, in the order it received them: visit, job, technician, customer,\n"
    "address, template and version, outcome (completed or not_possible), the true cause and the precheck\n"
    "it names, survey status, the score per touchpoint (appointment, arrival, explanation, result), the\n"
    "customer's comment, integrity flags (impossible_pace, identical_and_instant, clock_went_back), the\n"
    "tablet's seal time, the depot's receipt time and sequence number, and the seal.\n"
    "With --set-aside: instead, every visit the depot refused as its tablet reported it (visit,\n"
    "technician, open or resolved, HTTP status, error code and sentence, when reported and when it\n"
    "arrived after all, the seal): put the assignment right and the tablet sends it again by itself.";

struct ExportArgs {
    std::string data;
    std::string format = "csv";
    std::string out;  // empty: stdout
    bool set_aside = false;
};

int fail(const std::string& message) {
    std::fprintf(stderr, "fieldcheck-depot export: %s\n", message.c_str());
    return 1;
}

int write_out(const std::string& out, const std::string& text, std::size_t rows, const char* what) {
    // Absolute, so a bare file name has a directory to sync after the rename.
    std::error_code ec;
    const std::filesystem::path target = std::filesystem::absolute(out, ec);
    if (ec) return fail("cannot use --out " + out + ": " + ec.message());
    if (Status s = write_file_durably(target, text); !s) return fail(s.error().message);
    std::fprintf(stderr, "%zu %s written to %s\n", rows, what, out.c_str());
    return 0;
}

int write_text(const ExportArgs& args, const std::string& text, std::size_t rows, const char* what) {
    if (!args.out.empty()) return write_out(args.out, text, rows, what);
    std::fwrite(text.data(), 1, text.size(), stdout);
    return std::fflush(stdout) == 0 ? 0 : 1;
}

int export_set_aside(DepotStore& store, const ExportArgs& args) {
    auto reports = store.set_aside_reports();
    if (!reports) return fail(reports.error().message);
    const std::string text =
        args.format == "csv" ? export_set_aside_csv(reports.value()) : export_set_aside_json(reports.value()) + "\n";
    return write_text(args, text, reports->size(), "set-aside reports");
}

int export_visits(const ExportArgs& args) {
    auto store = DepotStore::open_existing(args.data);
    if (!store) return fail(store.error().message);
    if (args.set_aside) return export_set_aside(*store.value(), args);
    auto visits = store.value()->received_visits();
    if (!visits) return fail(visits.error().message);
    const std::string text = args.format == "csv" ? export_visits_csv(visits.value()) : export_visits_json(visits.value()) + "\n";
    return write_text(args, text, visits->size(), "visits");
}

}  // namespace

DepotCommand add_export_command(CommandLine& line) {
    auto args = std::make_shared<ExportArgs>();
    CLI::App& cli = line.command(line.app(), "export", "Received visits for the back office.", kUsage);
    cli.add_option("--data", args->data, "the depot's data directory")->required()->type_name("DIR");
    cli.add_option("--format", args->format,
                   "csv (default): one header line, CRLF; a cell a spreadsheet would run as a formula gets a\n"
                   "leading apostrophe\n"
                   "json: {\"visits\":[...]}, scores as an object per touchpoint, each flag with its sentence")
        ->check(one_of({"csv", "json"}, "csv or json"))
        ->type_name("csv|json");
    cli.add_flag("--set-aside", args->set_aside, "the visits the depot refused, as their tablets reported them");
    cli.add_option("--out", args->out, "write FILE (synced to disk) instead of stdout")->type_name("FILE");
    cli.footer(kHelp);
    return {&cli, [args] { return export_visits(*args); }};
}

}  // namespace fc
