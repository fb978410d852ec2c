// `fieldcheck-depot template import --data DIR FILE...`: templates the depot serves to tablets.
#include <cstdio>
#include <string>

#include "checklists/template_parser.h"
#include "command_args.h"
#include "depot_commands.h"
#include "depot_files.h"
#include "sync/depot/depot_store.h"

namespace fc {
namespace {

constexpr const char* kUsage = "template import --data DIR FILE...";

constexpr const char* kHelp =
    "Checks each template file like `check-template` (every problem with its JSON path) and stores the\n"
    "good ones for the tablets to fetch. A version never changes: the same content again is fine, other\n"
    "content under an id and version the depot already has is refused (give it a higher version). A\n"
    "visit in progress on a tablet keeps the version it started with.\n"
    "Exit status: 0 when every file was imported or already there, 1 otherwise.\n";

}  // namespace

int run_template(int argc, char** argv, Clock& clock) {
    if (asks_for_help(argc, argv)) return print_help(kUsage, kHelp);
    if (argc < 1 || std::string(argv[0]) != "import") return usage_error("template", "say import", kUsage);
    const CommandArgs args = parse_command_args(argc - 1, argv + 1, {"--data"});
    if (!args.error.empty()) return usage_error("template", args.error, kUsage);
    const auto data = args.option("--data");
    if (!data) return usage_error("template", "--data DIR is required", kUsage);
    if (args.positional.empty()) return usage_error("template", "give at least one template file", kUsage);
    auto store = DepotStore::open(*data);
    if (!store) {
        std::fprintf(stderr, "fieldcheck-depot template: %s\n", store.error().message.c_str());
        return 1;
    }
    const std::int64_t now = clock.now().wall_ms;
    int failed = 0;
    for (const std::string& file : args.positional) {
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

}  // namespace fc
