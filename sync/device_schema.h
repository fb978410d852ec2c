#pragma once
// DeviceSchema: the device database's tables and the ordered migrations that build them.
#include <sqlite3.h>

#include "checklists/expected.h"

namespace fc {

// One migration brings the file from `to_version - 1` to `to_version`. Why a list: a later version
// appends an entry (never edits an old one), so every tablet walks the same path to the same schema.
struct DeviceMigration {
    int to_version;
    const char* sql;
};

// Every migration, in order; the last entry's to_version is the current schema version.
const DeviceMigration* device_migrations(int* count);
int device_schema_version();

// Reads PRAGMA user_version.
Expected<int> read_schema_version(sqlite3* db);

// Brings the file up to device_schema_version() in ONE write transaction (a crash leaves the old
// version, never half a schema). Re-reads the version inside the transaction, so two connections
// opening the same file at once migrate it once. Refuses a newer file ("newer_schema").
Status migrate_device_schema(sqlite3* db);

}  // namespace fc
