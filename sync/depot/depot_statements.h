#pragma once
// DepotStatements: one connection's prepared statements, kept for the connection's life;
// DepotStatement: one of them lent to a caller (SqliteStatement's calls), reset when given back.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "checklists/expected.h"

struct sqlite3;
struct sqlite3_stmt;

namespace fc {

// Why: the depot's hot statements (every lookup and insert of an ingest) were compiled again on
// every call. Each is prepared once (SQLITE_PREPARE_PERSISTENT) and reset, bindings cleared, when
// its caller is done. A statement still lent out (a caller that nests the same query) is prepared
// afresh for the second caller and finalized after, so two callers never share one.
class DepotStatement {
public:
    DepotStatement(DepotStatement&& other) noexcept;
    DepotStatement& operator=(DepotStatement&&) = delete;
    DepotStatement(const DepotStatement&) = delete;
    DepotStatement& operator=(const DepotStatement&) = delete;
    ~DepotStatement();

    // As SqliteStatement's (sync/storage/sqlite_statement.h).
    DepotStatement& bind(int index, std::int64_t value);
    DepotStatement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    DepotStatement& bind(int index, std::string_view text);
    DepotStatement& bind(int index, const std::string& text) { return bind(index, std::string_view(text)); }
    DepotStatement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
    Expected<bool> step();
    [[nodiscard]] bool next_row();
    [[nodiscard]] Status done();
    Status run();
    void reset();
    std::int64_t int64(int column) const;
    int int32(int column) const;
    std::string text(int column) const;
    bool is_null(int column) const;
    int changes() const;

private:
    friend class DepotStatements;
    DepotStatement(sqlite3* db, sqlite3_stmt* stmt, const std::string* sql, bool* lent, bool owned);
    void note_bind_(int rc, int index);

    sqlite3* db_ = nullptr;
    sqlite3_stmt* stmt_ = nullptr;
    const std::string* sql_ = nullptr;  // the cache's key: lives as long as the cache
    bool* lent_ = nullptr;              // the cache's flag for this statement; nullptr when owned
    bool owned_ = false;                // a second caller's own copy: finalized, not given back
    int bind_rc_ = 0;
    int bind_index_ = 0;
    std::optional<Error> row_failure_;
    bool rows_ended_ = false;
};

// One per connection, used under that connection's lock. Finalizes every statement on destruction,
// which must come before the connection is closed.
class DepotStatements {
public:
    explicit DepotStatements(sqlite3* db) : db_(db) {}
    ~DepotStatements();
    DepotStatements(const DepotStatements&) = delete;
    DepotStatements& operator=(const DepotStatements&) = delete;

    Expected<DepotStatement> prepare(const std::string& sql);
    std::size_t prepared() const { return statements_.size(); }

private:
    struct Kept {
        sqlite3_stmt* stmt = nullptr;
        bool lent = false;
    };
    sqlite3* db_;
    std::map<std::string, Kept, std::less<>> statements_;
};

}  // namespace fc
