#pragma once
// TabletCommands: `fieldcheck enroll` and `fieldcheck sync`, the tablet's two commands without a window.
#include <optional>

#include "checklists/clock.h"

namespace fc {

// Handles `enroll --data DIR --depot URL --token T` and `sync --data DIR` and returns their exit
// code; returns nullopt for any other command line, so the GUI starts instead.
// `sync` exits 0 only when every sealed visit on the tablet has the depot's receipt.
std::optional<int> run_tablet_command(int argc, char** argv, Clock& clock);

}  // namespace fc
