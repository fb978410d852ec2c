#pragma once
// StatementCache: one SQLite connection's prepared statements, kept by their SQL, so a hot path
// (the tablet's answer) compiles each statement once per connection instead of once per call;
// CachedStatement: the use of one of them, reset when it ends.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "checklists/expected.h"
#include "sync/storage/sqlite_statement.h"

struct sqlite3;

namespace fc {

class StatementCache;

// Why a lease: a statement stepped but not reset keeps its read snapshot (WAL) and its bindings;
// this handle resets it when the caller is done, on every return path.
class CachedStatement {
public:
    CachedStatement(CachedStatement&& other) noexcept;
    CachedStatement& operator=(CachedStatement&&) = delete;
    CachedStatement(const CachedStatement&) = delete;
    CachedStatement& operator=(const CachedStatement&) = delete;
    ~CachedStatement();

    SqliteStatement& operator*() const { return *statement_; }
    SqliteStatement* operator->() const { return statement_; }

private:
    friend class StatementCache;
    CachedStatement(SqliteStatement* statement, bool* leased, std::unique_ptr<SqliteStatement> owned);

    SqliteStatement* statement_ = nullptr;
    bool* leased_ = nullptr;                  // the cache's mark of this statement; nullptr when owned_
    std::unique_ptr<SqliteStatement> owned_;  // a second use of SQL already in use (a nested call)
};

// Why count compilations: "prepared once" is a promise a test can only check by counting; an
// authorizer sees every statement the connection compiles (sqlite3_exec's too, and SQLite's own
// re-prepare after a schema change), so a hot path that starts compiling again shows up.
class StatementCache {
public:
    // Installs the counting authorizer on `db`, which must outlive the cache's statements' use
    // (sqlite3_close_v2 lets the cache finalize them after the connection was closed).
    explicit StatementCache(sqlite3* db);
    StatementCache(const StatementCache&) = delete;
    StatementCache& operator=(const StatementCache&) = delete;

    sqlite3* db() const { return db_; }
    // The statement for `sql`, ready for binds; compiled (SQLITE_PREPARE_PERSISTENT) on its first use.
    // While one use of it is not over, another gets a fresh statement of its own.
    Expected<CachedStatement> get(std::string_view sql);
    // Runs a statement without results (BEGIN, COMMIT) through the cache.
    Status run(std::string_view sql);
    // Statements compiled on this connection since the cache was made, by anyone.
    std::int64_t compiled() const { return *compiled_; }

private:
    struct Entry {
        std::unique_ptr<SqliteStatement> statement;
        bool leased = false;
    };
    sqlite3* db_;
    // On the heap: the authorizer holds its address for the connection's whole life.
    std::unique_ptr<std::int64_t> compiled_ = std::make_unique<std::int64_t>(0);
    std::unordered_map<std::string, Entry> entries_;
};

}  // namespace fc
