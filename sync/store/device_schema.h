#pragma once
// DeviceSchema: the device database's tables and the ordered migrations that build them.
#include <sqlite3.h>

#include <cstdint>
#include <string>

#include "checklists/expected.h"

namespace fc {

// PRAGMA application_id of every device database ("fcdv" in ASCII), written with the first
// migration. Why: user_version alone cannot tell an empty fieldcheck file from another program's
// database, and a file another program wrote must never be migrated (written over).
inline constexpr std::int32_t kDeviceApplicationId = 0x66636476;

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

// Reads PRAGMA application_id.
Expected<std::int32_t> read_application_id(sqlite3* db);

// The "not_fieldcheck" error: names `file` and says why, and that the file was left as it is.
Error not_fieldcheck_database(const std::string& file, const std::string& why);

// Refuses a database that is not a device database (code "not_fieldcheck", `file` named in the
// message), before anything is written to it: another application id; user_version 0 but tables in
// it (a database of another program); or a schema version this app knows with tables missing. A
// file that is new (no tables), or carries kDeviceApplicationId, or an older device database without
// an application id but with every table, passes.
Status check_device_database_identity(sqlite3* db, const std::string& file);

// Brings the file up to device_schema_version() in ONE write transaction (a crash leaves the old
// version, never half a schema). Re-reads the version inside the transaction, so two connections
// opening the same file at once migrate it once. Refuses a newer file ("newer_schema"). Writes
// kDeviceApplicationId in the same transaction when the file does not carry it yet.
Status migrate_device_schema(sqlite3* db);

}  // namespace fc
