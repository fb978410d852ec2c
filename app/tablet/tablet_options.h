#pragma once
// TabletOptions: what the command line of `fieldcheck` says about the app's window, data and
// language (the commands without a window are in tablet_commands.h).
#include <filesystem>
#include <optional>

#include "app/command_line/command_line.h"
#include "app/tablet/strings.h"
#include "checklists/expected.h"
#include "platform/camera.h"

namespace fc {

struct TabletOptions {
    std::filesystem::path data_dir;       // empty: the XDG data directory
    std::optional<Lang> lang;             // empty: the stored setting, else English
    bool demo = false;                    // fill an empty store with the demo day
    std::filesystem::path templates_dir;  // where --demo reads the templates
    int width = 1280;                     // landscape tablet by default
    int height = 800;
    bool timings = false;                 // print start-up and per-frame CPU figures to stderr
    bool exit_after_first_frame = false;  // bench/cold_start: leave once the first frame is swapped
    std::filesystem::path hit_targets;    // GUI smoke test: write each frame's tappable items here
    CameraSource camera;                  // --camera: the tablet's /dev/video0 unless a test or trainer says otherwise
    bool help = false;
};

// `fieldcheck`'s synopsis after its name, for the usage line.
extern const char* const kTabletSynopsis;

// Adds the app's options to the program's command line; parsing fills `o` (kept alive by the caller).
void add_tablet_options(CLI::App& cli, TabletOptions& o);

// Reads the app's options alone (no command); a usage error comes back as ErrorCode::usage, --help
// as `help`.
Expected<TabletOptions> parse_tablet_options(int argc, const char* const* argv);

}  // namespace fc
