#pragma once
// TabletOptions: the command line of `fieldcheck` (after any subcommand has been ruled out).
#include <filesystem>
#include <optional>

#include "app/tablet/strings.h"
#include "checklists/expected.h"

namespace fc {

struct TabletOptions {
    std::filesystem::path data_dir;       // empty: the XDG data directory
    std::optional<Lang> lang;             // empty: the stored setting, else English
    bool demo = false;                    // fill an empty store with the demo day
    std::filesystem::path templates_dir;  // where --demo reads the templates
    int width = 1280;                     // landscape tablet by default
    int height = 800;
    bool timings = false;                 // print start-up and per-frame CPU figures to stderr
    std::filesystem::path hit_targets;    // GUI smoke test: write each frame's tappable items here
    bool help = false;
};

Expected<TabletOptions> parse_tablet_options(int argc, const char* const* argv);
const char* tablet_usage();

}  // namespace fc
