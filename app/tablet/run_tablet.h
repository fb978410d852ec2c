#pragma once
// run_tablet: the app's life from opening the store to closing the window.
#include "app/tablet/tablet_options.h"
#include "checklists/clock.h"

namespace fc {

// Returns the process exit code; every failure is printed as one plain sentence on stderr.
// `clock` is the program's one clock, made in main.
int run_tablet(const TabletOptions& options, Clock& clock);

}  // namespace fc
