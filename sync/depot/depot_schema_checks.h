#pragma once
// The depot's schema step 6 (issue 11): every revision of an assignment the depot held, so ingest
// can check a record against what its technician was given, and the tablets' set-aside reports.
#include "checklists/expected.h"

struct sqlite3;

namespace fc {

// Runs inside the caller's transaction; the caller stamps the version.
Status add_assignment_revisions(sqlite3* db);

}  // namespace fc
