#pragma once
// TabletCommands: `fieldcheck enroll` and `fieldcheck sync`, the tablet's two commands without a window.
#include <memory>
#include <optional>

#include "app/command_line/command_line.h"
#include "checklists/clock.h"

namespace fc {

class TabletCommands {
public:
    // Adds `enroll --data DIR --depot URL --token T [--ca-file F]` and `sync --data DIR` to `line`.
    explicit TabletCommands(CommandLine& line);

    // After parsing: the exit code of the command named on the line, or nullopt when none was (the
    // GUI starts instead). `sync` exits 0 only when every sealed visit has the depot's receipt.
    std::optional<int> run(Clock& clock) const;

    struct Args;

private:
    std::shared_ptr<Args> args_;
    const CLI::App* enroll_ = nullptr;
    const CLI::App* sync_ = nullptr;
};

}  // namespace fc
