// `fieldcheck-depot export --data DIR --format csv|json [--out FILE]`: received visits for the back office.
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>

#include "depot_commands.h"
#include "planning_options.h"
#include "sync/depot/depot_export.h"
#include "sync/depot/depot_store.h"
#include "sync/storage/durable_file.h"

namespace fc {
namespace {

constexpr const char* kExportUsage = "export --data DIR --format csv|json [--set-aside] [--out FILE] [--technician-stats FILE]";

constexpr const char* kExportHelp =
    "Every visit the depot received, in the order it received them: visit, job, technician, customer,\n"
    "address, template and version, outcome (completed or not_possible), the true cause and the precheck\n"
    "it names, survey status, the score per touchpoint (appointment, arrival, explanation, result), the\n"
    "customer's comment, integrity flags (impossible_pace, identical_and_instant, clock_went_back,\n"
    "customer_answers_discarded) and the answers a declined survey discarded, the tablet's seal time,\n"
    "the depot's receipt time and sequence number, the seal, and the device (name and key id) that sent it.\n"
    "--technician-stats also writes one CSV line per technician: surveys, share flagged, share of\n"
    "all-top scores, median survey duration (first answer to submit), the fleet's figures beside them,\n"
    "and outliers with the test that found them (docs/statistics.md).\n"
    "With --set-aside: instead, every visit the depot refused as its tablet reported it (visit,\n"
    "technician, open or resolved, HTTP status, error code and sentence, when reported and when it\n"
    "arrived after all, the seal): put the assignment right and the tablet sends it again by itself.";

struct ExportArgs {
    std::string data;
    std::string db;  // --db: a PostgreSQL depot instead of DIR/depot.db
    std::string format = "csv";
    std::string out;  // empty: stdout
    bool set_aside = false;
    std::string technician_stats;  // empty: not written
};


int write_out(const char* option, const std::string& out, const std::string& text, const std::string& what) {
    // Absolute, so a bare file name has a directory to sync after the rename.
    std::error_code ec;
    const std::filesystem::path target = std::filesystem::absolute(out, ec);
    if (ec) return command_failed("export", std::string("cannot use ") + option + " " + out + ": " + ec.message());
    if (Status s = write_file_durably(target, text); !s) return command_failed("export", s.error().message);
    std::fprintf(stderr, "%s written to %s\n", what.c_str(), out.c_str());
    return 0;
}

int write_text(const ExportArgs& args, const std::string& text, const std::string& what) {
    if (!args.out.empty()) return write_out("--out", args.out, text, what);
    std::fwrite(text.data(), 1, text.size(), stdout);
    return std::fflush(stdout) == 0 ? 0 : 1;
}

int export_set_aside(DepotStore& store, const ExportArgs& args) {
    auto reports = store.set_aside_reports();
    if (!reports) return command_failed("export", reports.error().message);
    const std::string text =
        args.format == "csv" ? export_set_aside_csv(reports.value()) : export_set_aside_json(reports.value()) + "\n";
    return write_text(args, text, std::to_string(reports->size()) + " set-aside reports");
}

int export_visits(const ExportArgs& args) {
    auto store = DepotStore::open_existing(DepotLocation{args.data, args.db});
    if (!store) return command_failed("export", store.error().message);
    if (args.set_aside) return export_set_aside(*store.value(), args);
    auto visits = store.value()->received_visits();
    if (!visits) return command_failed("export", visits.error().message);
    if (!args.technician_stats.empty()) {
        const FleetReport report = technician_statistics(survey_samples(visits.value()));
        const std::string what = std::to_string(report.technicians.size()) + " technicians";
        if (int rc = write_out("--technician-stats", args.technician_stats, export_technician_stats_csv(report), what)) return rc;
    }
    const std::string text = args.format == "csv" ? export_visits_csv(visits.value()) : export_visits_json(visits.value()) + "\n";
    return write_text(args, text, std::to_string(visits->size()) + " visits");
}

}  // namespace

DepotCommand add_export_command(CommandLine& line) {
    auto args = std::make_shared<ExportArgs>();
    CLI::App& cli = line.command(line.app(), "export", "Received visits for the back office.", kExportUsage);
    cli.add_option("--data", args->data, "the depot's data directory")->required()->type_name("DIR");
    cli.add_option("--db", args->db, kDepotDbHelp)->type_name("URL");
    cli.add_option("--format", args->format,
                   "csv (default): one header line, CRLF; a cell a spreadsheet would run as a formula gets a\n"
                   "leading apostrophe\n"
                   "json: {\"visits\":[...]}, scores as an object per touchpoint, each flag with its sentence")
        ->check(one_of({"csv", "json"}, "csv or json"))
        ->type_name("csv|json");
    cli.add_flag("--set-aside", args->set_aside, "the visits the depot refused, as their tablets reported them");
    cli.add_option("--out", args->out, "write FILE (synced to disk) instead of stdout")->type_name("FILE");
    cli.add_option("--technician-stats", args->technician_stats,
                   "also write the per-technician statistics to FILE (CSV, e.g. technician-stats.csv)")
        ->type_name("FILE");
    cli.footer(kExportHelp);
    return {&cli, [args] { return export_visits(*args); }};
}

}  // namespace fc
