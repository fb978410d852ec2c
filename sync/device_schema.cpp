#include "device_schema.h"

#include <iterator>
#include <string>

#include "sync/sqlite_statement.h"
#include "sync/sqlite_transaction.h"

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

constexpr DeviceMigration kMigrations[] = {
    {1, kSchemaV1},
};

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
    if (!*row) return make_error("sqlite_error", "PRAGMA user_version returned no row");
    return stmt->int32(0);
}

Status migrate_device_schema(sqlite3* db) {
    auto tx = Transaction::begin(db, "upgrading the device database schema");
    if (!tx) return tx.error();
    auto current = read_schema_version(db);
    if (!current) return current.error();
    const int target = device_schema_version();
    if (*current > target) {
        return make_error("newer_schema", "The device database has schema version " + std::to_string(*current) +
                                              ", newer than this app's version " + std::to_string(target) +
                                              "; update the app. The file was not changed.");
    }
    if (*current == target) return {};  // nothing written: the transaction rolls back empty
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
    return tx->commit();
}

}  // namespace fc
