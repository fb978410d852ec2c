#pragma once
// ScratchDatabase: a real SQLite file in a private temp directory, opened raw (no DeviceStore), for
// the tests of the storage wrappers; closed at scope exit.
#include <sqlite3.h>

#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "sync/storage/sqlite_statement.h"
#include "tests/sync/store/store_fixtures.h"

namespace fc::test {

// Opens (creating) `file` on a connection of its own, with a busy timeout of 0 so that a lock held
// elsewhere is reported at once instead of waited out.
inline sqlite3* open_raw(const std::filesystem::path& file) {
    sqlite3* db = nullptr;
    const int rc = sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    REQUIRE_MESSAGE(rc == SQLITE_OK, "cannot open " << file << ": " << sqlite3_errstr(rc));
    return db;
}

struct ScratchDatabase {
    TempDir dir{"fieldcheck-storage"};
    std::filesystem::path file = dir / "scratch.db";
    sqlite3* db = open_raw(file);

    ScratchDatabase() { exec("PRAGMA journal_mode=WAL"); }
    ~ScratchDatabase() { sqlite3_close_v2(db); }
    ScratchDatabase(const ScratchDatabase&) = delete;
    ScratchDatabase& operator=(const ScratchDatabase&) = delete;

    void exec(const char* sql) const { REQUIRE(exec_sql(db, sql, "a test's setup").ok()); }

    // The single integer `sql` yields, read on `on` (another connection) or this one.
    long long count(const char* sql, sqlite3* on = nullptr) const {
        auto q = SqliteStatement::prepare(on ? on : db, sql);
        REQUIRE(q.ok());
        auto row = q->step();
        REQUIRE(row.ok());
        REQUIRE(row.value());
        return q->int64(0);
    }
};

// A second connection on the same file, as the background sync has beside the GUI's.
struct OtherConnection {
    sqlite3* db;
    explicit OtherConnection(const std::filesystem::path& file) : db(open_raw(file)) {}
    ~OtherConnection() { sqlite3_close_v2(db); }
    OtherConnection(const OtherConnection&) = delete;
    OtherConnection& operator=(const OtherConnection&) = delete;
};

}  // namespace fc::test
