#pragma once
// SqliteStatement: one prepared SQLite statement with typed binds and reads, finalized on scope exit;
// sqlite_error(): turns an SQLite result code into an fc::Error a person can act on.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "checklists/expected.h"
#include "sync/storage/durable_file.h"

struct sqlite3;
struct sqlite3_stmt;

namespace fc {

// Maps `rc` (plus the OS errno SQLite saw) to a stable code: "disk_full" (SQLITE_FULL, or an I/O
// error caused by ENOSPC / EDQUOT / EFBIG), "corrupt" (SQLITE_CORRUPT / SQLITE_NOTADB, naming the
// file), "busy", or "sqlite_error"; the message names `context` (what the store was doing).
Error sqlite_error(sqlite3* db, int rc, std::string_view context);

// Runs SQL without results (schema, PRAGMAs, BEGIN/COMMIT).
Status exec_sql(sqlite3* db, const char* sql, std::string_view context);

// Why a wrapper: every bind and step has a result code that must be checked, and a statement that
// is not finalized keeps the database locked; this class makes both impossible to forget. A bind
// error is remembered and reported by the next step()/run(), so binds can be chained.
class SqliteStatement {
public:
    static Expected<SqliteStatement> prepare(sqlite3* db, std::string_view sql);
    // For a statement kept and run many times (StatementCache): SQLITE_PREPARE_PERSISTENT.
    static Expected<SqliteStatement> prepare_persistent(sqlite3* db, std::string_view sql);
    ~SqliteStatement();
    SqliteStatement(SqliteStatement&& other) noexcept;
    SqliteStatement& operator=(SqliteStatement&& other) noexcept;
    SqliteStatement(const SqliteStatement&) = delete;
    SqliteStatement& operator=(const SqliteStatement&) = delete;

    // Parameters are 1-based, as in SQLite.
    SqliteStatement& bind(int index, std::int64_t value);
    SqliteStatement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    SqliteStatement& bind(int index, double value);
    SqliteStatement& bind(int index, std::string_view text);
    SqliteStatement& bind(int index, const std::string& text) { return bind(index, std::string_view(text)); }
    SqliteStatement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
    SqliteStatement& bind_null(int index);

    // true: a row is ready to read; false: the statement is done. For a lookup of one row.
    Expected<bool> step();
    // The one idiom for reading many rows:
    //     while (q.next_row()) { ...q.text(0)... }
    //     if (Status s = q.done(); !s) return s.error();
    // next_row() is false at the end and on a failed step; done() tells the two apart, giving the
    // same Error step() would have (disk_full, corrupt, busy, ...). Leaving the loop early is fine.
    // Once false, next_row() stays false until reset(): SQLite would silently run the query again.
    [[nodiscard]] bool next_row();
    [[nodiscard]] Status done();
    // Steps a statement that returns no rows (INSERT/UPDATE/DELETE).
    Status run();
    // Rewinds for another round of binds; the bindings and an unread row failure are cleared.
    void reset();

    // Columns are 0-based, as in SQLite. Reading NULL gives 0 / "".
    std::int64_t int64(int column) const;
    int int32(int column) const;
    double real(int column) const;
    std::string text(int column) const;
    bool is_null(int column) const;

    int changes() const;  // rows changed by the last run()
    const std::string& sql() const { return sql_; }

private:
    SqliteStatement(sqlite3* db, sqlite3_stmt* stmt, std::string sql);
    void note_bind_(int rc, int index);

    sqlite3* db_ = nullptr;
    sqlite3_stmt* stmt_ = nullptr;
    std::string sql_;
    int bind_rc_ = 0;
    int bind_index_ = 0;
    std::optional<Error> row_failure_;  // from next_row(), until done() hands it over
    bool rows_ended_ = false;           // next_row() returned false
};

}  // namespace fc
