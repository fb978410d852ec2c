#include "device_schema.h"

#include <algorithm>
#include <iterator>
#include <string>
#include <vector>

#include "sync/storage/sqlite_statement.h"
#include "sync/storage/sqlite_transaction.h"

namespace fc {
namespace {

// Version 1. Text columns hold the store's own tokens (see device_store.cpp), never display text.
// Why no foreign key from visits to templates: an assignment page may arrive before its template.
constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE templates (
    id      TEXT    NOT NULL,
    version INTEGER NOT NULL,
    json    TEXT    NOT NULL,
    PRIMARY KEY (id, version)
);
CREATE TABLE visits (
    visit_id         TEXT    PRIMARY KEY NOT NULL,
    assignment_json  TEXT    NOT NULL,
    template_id      TEXT    NOT NULL,
    template_version INTEGER NOT NULL,
    phase            TEXT    NOT NULL,
    outcome          TEXT    NOT NULL,
    badge            TEXT    NOT NULL,
    seal             TEXT    NOT NULL DEFAULT '',
    event_count      INTEGER NOT NULL DEFAULT 0,
    updated_ms       INTEGER NOT NULL
);
CREATE TABLE events (
    visit_id  TEXT    NOT NULL REFERENCES visits (visit_id),
    seq       INTEGER NOT NULL CHECK (seq >= 1),
    wall_ms   INTEGER NOT NULL,
    mono_ms   INTEGER NOT NULL,
    actor     TEXT    NOT NULL,
    kind      TEXT    NOT NULL,
    item      TEXT    NOT NULL,
    old_value TEXT    NOT NULL,
    new_value TEXT    NOT NULL,
    detail    TEXT    NOT NULL,
    PRIMARY KEY (visit_id, seq)
) WITHOUT ROWID;
CREATE TABLE attachments (
    sha256     TEXT    PRIMARY KEY NOT NULL,
    size       INTEGER NOT NULL,
    media_type TEXT    NOT NULL,
    created_ms INTEGER NOT NULL
);
CREATE TABLE outbox (
    visit_id        TEXT    PRIMARY KEY NOT NULL REFERENCES visits (visit_id),
    seal            TEXT    NOT NULL,
    state           TEXT    NOT NULL CHECK (state IN ('pending', 'sent', 'set_aside')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_ms INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT    NOT NULL DEFAULT '',
    receipt         TEXT    NOT NULL DEFAULT '',
    sent_ms         INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE settings (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);
)sql";

// Version 2: the sealed record's bytes, encoded once at the seal and sent as they are on every
// upload attempt, with the files they reference (space-separated SHA-256s). '' in `record`: sealed by
// an older build; encoded once on its first upload and kept.
constexpr const char* kSchemaV2 = R"sql(
ALTER TABLE outbox ADD COLUMN record TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN attachments TEXT NOT NULL DEFAULT '';
)sql";

// Version 3 (issue 10): each visit keeps the record format its events are walked under, and a
// visit the planner withdrew after it was started here is kept and marked. A visit that already has
// events was walked by a build that sealed format 1, so it stays format 1 (sent and replayed under
// the old rules); one without events takes format 2, the format of the build that added this step
// (a later build's visits without events take its own format when they are loaded, see load_visit).
constexpr const char* kSchemaV3 = R"sql(
ALTER TABLE visits ADD COLUMN record_format INTEGER NOT NULL DEFAULT 1;
ALTER TABLE visits ADD COLUMN withdrawn INTEGER NOT NULL DEFAULT 0 CHECK (withdrawn IN (0, 1));
UPDATE visits SET record_format = 2 WHERE event_count = 0;
)sql";

// Version 4 (issue 11): the refusals this tablet must report to the depot (PUT /api/v1/set-aside),
// once per visit, seal and reason, retried with the outbox's backoff until the depot took them.
constexpr const char* kSchemaV4 = R"sql(
CREATE TABLE set_aside_reports (
    visit_id        TEXT    NOT NULL,
    seal            TEXT    NOT NULL,
    error           TEXT    NOT NULL,
    status          INTEGER NOT NULL,
    message         TEXT    NOT NULL,
    reported_ms     INTEGER NOT NULL DEFAULT 0,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_ms INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (visit_id, seal, error)
);
)sql";

// Version 5 (issue 12): each waiting visit's last error as a typed code (ErrorCode's stable name, or
// a newer depot's name this build may not know) and when it happened, so the Sync screen words it in
// the technician's language after a restart; `last_error` keeps the English sentence for logs.
constexpr const char* kSchemaV5 = R"sql(
ALTER TABLE outbox ADD COLUMN last_error_code TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN last_error_ms INTEGER NOT NULL DEFAULT 0;
)sql";

constexpr DeviceMigration kMigrations[] = {
    {1, kSchemaV1},
    {2, kSchemaV2},
    {3, kSchemaV3},
    {4, kSchemaV4},
    {5, kSchemaV5},
};

// The tables of schema version 1, sorted; a later version that adds one still has these.
constexpr const char* kVersion1Tables[] = {"attachments", "events", "outbox", "settings", "templates", "visits"};

Expected<std::int32_t> read_int_pragma(sqlite3* db, const char* sql) {
    auto stmt = SqliteStatement::prepare(db, sql);
    if (!stmt) return stmt.error();
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return make_error(ErrorCode::sqlite_error, std::string(sql) + " returned no row");
    return static_cast<std::int32_t>(stmt->int64(0));
}

}  // namespace

const DeviceMigration* device_migrations(int* count) {
    *count = static_cast<int>(std::size(kMigrations));
    return kMigrations;
}

int device_schema_version() { return kMigrations[std::size(kMigrations) - 1].to_version; }

Expected<int> read_schema_version(sqlite3* db) {
    auto stmt = SqliteStatement::prepare(db, "PRAGMA user_version");
    if (!stmt) return stmt.error();
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return make_error(ErrorCode::sqlite_error, "PRAGMA user_version returned no row");
    return stmt->int32(0);
}

Error not_fieldcheck_database(const std::string& file, const std::string& why) {
    return make_error(ErrorCode::not_fieldcheck, "The file " + file + " is not a fieldcheck database (" + why +
                                            "); it was left as it is. Move it out of the way or start the app "
                                            "with another data directory.");
}

Expected<std::int32_t> read_application_id(sqlite3* db) { return read_int_pragma(db, "PRAGMA application_id"); }

Status check_device_database_identity(sqlite3* db, const std::string& file) {
    // One snapshot for all three reads, so a writer in between cannot make them disagree.
    auto tx = Transaction::begin_read(db, "checking that " + file + " is a fieldcheck database");
    if (!tx) return tx.error();
    auto application_id = read_application_id(db);
    if (!application_id) return application_id.error();
    if (*application_id != 0 && *application_id != kDeviceApplicationId) {
        return not_fieldcheck_database(file, "its application id is " + std::to_string(*application_id) +
                                                 ", fieldcheck's is " + std::to_string(kDeviceApplicationId));
    }
    auto version = read_schema_version(db);
    if (!version) return version.error();
    auto list = SqliteStatement::prepare(
        db, "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name");
    if (!list) return list.error();
    std::vector<std::string> objects;  // tables, views, indexes, triggers: any schema at all
    std::vector<std::string> tables;
    while (list->next_row()) {
        objects.push_back(list->text(1));
        if (list->text(0) == "table") tables.push_back(list->text(1));
    }
    if (Status read = list->done(); !read) return read.error();
    const auto names = [](const std::vector<std::string>& v) {
        std::string out;
        for (std::size_t i = 0; i < v.size() && i < 5; ++i) out += (i ? ", " : "") + v[i];
        if (v.size() > 5) out += ", ...";
        return out;
    };
    if (*version == 0) {
        if (objects.empty()) return {};  // new, or left empty by a crash before the first migration
        return not_fieldcheck_database(file, "it already holds another program's tables (" + names(objects) +
                                                 ") but no fieldcheck schema version");
    }
    if (*application_id == kDeviceApplicationId) return {};
    // A device database written before the application id existed has every version-1 table.
    std::vector<std::string> missing;
    for (const char* table : kVersion1Tables) {
        if (!std::binary_search(tables.begin(), tables.end(), std::string(table))) missing.emplace_back(table);
    }
    if (*version > device_schema_version() || !missing.empty()) {
        return not_fieldcheck_database(file, "it has user_version " + std::to_string(*version) +
                                                 " and no fieldcheck application id, and fieldcheck's tables are "
                                                 "missing (" + names(missing) + ")");
    }
    return {};
}

Status migrate_device_schema(sqlite3* db) {
    auto tx = Transaction::begin(db, "upgrading the device database schema");
    if (!tx) return tx.error();
    auto current = read_schema_version(db);
    if (!current) return current.error();
    const int target = device_schema_version();
    if (*current > target) {
        return make_error(ErrorCode::newer_schema, "The device database has schema version " + std::to_string(*current) +
                                              ", newer than this app's version " + std::to_string(target) +
                                              "; update the app. The file was not changed.");
    }
    auto application_id = read_application_id(db);
    if (!application_id) return application_id.error();
    const bool stamped = *application_id == kDeviceApplicationId;
    if (*current == target && stamped) return {};  // nothing written: the transaction rolls back empty
    int count = 0;
    const DeviceMigration* migrations = device_migrations(&count);
    for (int i = 0; i < count; ++i) {
        const auto& m = migrations[i];
        if (m.to_version <= *current) continue;
        const std::string context = "migrating the device database to schema version " + std::to_string(m.to_version);
        if (auto s = exec_sql(db, m.sql, context); !s) return s.error();
        // PRAGMA user_version is written in the database header, inside this same transaction.
        const std::string pragma = "PRAGMA user_version = " + std::to_string(m.to_version);
        if (auto s = exec_sql(db, pragma.c_str(), context); !s) return s.error();
    }
    if (!stamped) {
        // Written in the database header inside this transaction, like user_version.
        const std::string pragma = "PRAGMA application_id = " + std::to_string(kDeviceApplicationId);
        if (auto s = exec_sql(db, pragma.c_str(), "marking the device database as fieldcheck's"); !s) return s.error();
    }
    return tx->commit();
}

}  // namespace fc
