// `fieldcheck-depot template import --data DIR FILE...`: templates the depot serves to tablets.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "checklists/template_parser.h"
#include "depot_commands.h"
#include "depot_files.h"
#include "sync/depot/depot_store.h"

namespace fc {
namespace {

constexpr const char* kTemplateUsage = "template import --data DIR FILE...";

constexpr const char* kTemplateHelp =
    "Checks each template file like `check-template` (every problem with its JSON path) and stores the\n"
    "good ones for the tablets to fetch. A version never changes: the same content again is fine, other\n"
    "content under an id and version the depot already has is refused (give it a higher version). A\n"
    "visit in progress on a tablet keeps the version it started with.\n"
    "Exit status: 0 when every file was imported or already there, 1 otherwise.";

struct ImportArgs {
    std::string data;
    std::string db;  // --db: a PostgreSQL depot instead of DIR/depot.db
    std::vector<std::string> files;
};

int import_templates(const ImportArgs& args, Clock& clock) {
    auto store = DepotStore::open(DepotLocation{args.data, args.db});
    if (!store) {
        std::fprintf(stderr, "fieldcheck-depot template: %s\n", store.error().message.c_str());
        return 1;
    }
    const std::int64_t now = clock.now().wall_ms;
    int failed = 0;
    for (const std::string& file : args.files) {
        auto imported = import_template_file(*store.value(), file, now);
        if (!imported) {
            std::fprintf(stderr, "%s", imported.error().message.c_str());
            ++failed;
            continue;
        }
        std::printf("%s: %s\n", file.c_str(), imported.value().c_str());
    }
    return failed == 0 ? 0 : 1;
}

}  // namespace

DepotCommand add_template_command(CommandLine& line, Clock& clock) {
    auto args = std::make_shared<ImportArgs>();
    CLI::App& cli = line.command(line.app(), "template", "Add templates the tablets fetch.", kTemplateUsage);
    CLI::App& import = line.command(cli, "import", "Check template files and store the good ones.", kTemplateUsage);
    import.add_option("--data", args->data, "the depot's data directory")->required()->type_name("DIR");
    import.add_option("--db", args->db, kDepotDbHelp)->type_name("URL");
    import.add_option("FILE", args->files, "template files")->required();
    import.footer(kTemplateHelp);
    const CLI::App* self = &cli;
    return {self, [&line, self, &import, args, &clock] {
                if (!import.parsed()) return line.usage_error(*self, "say import");
                return import_templates(*args, clock);
            }};
}

}  // namespace fc
