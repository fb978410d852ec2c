#pragma once
// The depot's tables on PostgreSQL: made on the first open, migrated step by step after, a database
// of a newer depot refused; the same tables and version numbers as the SQLite file's (depot_schema.cpp).
#include "checklists/expected.h"

namespace fc {

class PgDepotDb;

// The version the database holds; 0 when it has none of the depot's tables.
Expected<int> pg_schema_version(PgDepotDb& db);

// Makes or upgrades the tables in one transaction under the write lock (two instances starting at
// once migrate once); `refused` for a schema newer than this depot's, nothing changed.
Status migrate_pg_schema(PgDepotDb& db);

}  // namespace fc
