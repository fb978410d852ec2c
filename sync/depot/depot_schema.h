#pragma once
// DepotSchema: opens the depot's SQLite file, refusing anything it must not write to, and creates or
// migrates its tables (versioned with PRAGMA user_version).
#include <filesystem>
#include <string>

#include "checklists/expected.h"

struct sqlite3;

namespace fc {
class DepotDb;
}

namespace fc {

// Opens (or creates) `path` with WAL and synchronous=FULL. A file that is not a SQLite database, is
// damaged, was written by a newer depot or belongs to another program is refused before anything is
// written to it; the error names the file and what to do.
Expected<sqlite3*> open_depot_database(const std::filesystem::path& path);

// Another connection to a depot file open_depot_database already opened and checked: for reads only
// (PRAGMA query_only), beside the writing connection (WAL). No checks again, no schema changes.
Expected<sqlite3*> open_depot_reader(const std::filesystem::path& path);

// The random id this depot file was given at creation; cursors carry it so a tablet that talks to
// a re-created depot starts its assignments over instead of missing them.
Expected<std::string> depot_instance_id(DepotDb& db);

}  // namespace fc
