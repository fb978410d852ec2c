#pragma once
// The depot's demo (`serve --demo`): the shipped templates and today's demo day for one technician.
#include <filesystem>
#include <string>

#include "checklists/clock.h"

#include "sync/depot/depot_store.h"

namespace fc {

// The demo templates ship in the source tree's templates/; the program usually runs from build/bin.
// Empty when none is found.
std::filesystem::path find_templates_dir();

// Imports every template file in `dir` and today's demo assignments for `technician`; prints what
// it did, or why it could not, on stderr.
bool load_demo(DepotStore& store, const std::filesystem::path& dir, const std::string& technician, Clock& clock);

// A depot without back-office accounts gets the admin "demo" with a random password, printed and kept
// in <data>/demo-office-password (demo_office_account.cpp); one with accounts is left as it is.
bool ensure_demo_office_account(DepotStore& store, Clock& clock);

}  // namespace fc
