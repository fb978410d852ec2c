#include "sqlite_statement.h"

#include <sqlite3.h>

#include <cassert>
#include <cerrno>
#include <utility>

namespace fc {
namespace {

std::string database_file(sqlite3* db) {
    const char* name = db ? sqlite3_db_filename(db, "main") : nullptr;
    return name && *name ? name : "the device database";
}

}  // namespace

Error sqlite_error(sqlite3* db, int rc, std::string_view context) {
    const int primary = rc & 0xff;
    // Why the errno: SQLite reports some out-of-space failures (a refused fsync, a write that could
    // not even start) as SQLITE_IOERR; for the technician they are the same full disk.
    const int os_errno = db ? sqlite3_system_errno(db) : 0;
    if (primary == SQLITE_FULL || (primary == SQLITE_IOERR && is_out_of_space_errno(os_errno))) {
        return disk_full_error();
    }
    const std::string detail = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) {
        return make_error(ErrorCode::corrupt, "The device database " + database_file(db) + " is damaged (" + detail +
                                         ") while " + std::string(context) +
                                         "; it was left as it is. Keep the file for the back office.");
    }
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
        return make_error(ErrorCode::busy, "The device database " + database_file(db) + " stayed locked by another part of "
                                      "the app while " + std::string(context) + " (" + detail + "); try again.");
    }
    return make_error(ErrorCode::sqlite_error, "SQLite error while " + std::string(context) + " in " + database_file(db) +
                                          ": " + detail + " (code " + std::to_string(rc) + ")");
}

Status exec_sql(sqlite3* db, const char* sql, std::string_view context) {
    char* message = nullptr;
    const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &message);
    sqlite3_free(message);  // sqlite3_errmsg(db) still holds the same text for sqlite_error()
    if (rc != SQLITE_OK) return sqlite_error(db, rc, context);
    return {};
}

Expected<SqliteStatement> SqliteStatement::prepare(sqlite3* db, std::string_view sql) {
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(stmt);
        return sqlite_error(db, rc, "preparing \"" + std::string(sql) + "\"");
    }
    return SqliteStatement(db, stmt, std::string(sql));
}

Expected<SqliteStatement> SqliteStatement::prepare_persistent(sqlite3* db, std::string_view sql) {
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(stmt);
        return sqlite_error(db, rc, "preparing \"" + std::string(sql) + "\"");
    }
    return SqliteStatement(db, stmt, std::string(sql));
}

SqliteStatement::SqliteStatement(sqlite3* db, sqlite3_stmt* stmt, std::string sql)
    : db_(db), stmt_(stmt), sql_(std::move(sql)) {}

SqliteStatement::~SqliteStatement() {
    // A failed step that nobody asked done() about was a lost error: a bug in the caller's loop.
    assert(!row_failure_ && "a row loop ended on an error without calling done()");
    sqlite3_finalize(stmt_);
}

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)),
      stmt_(std::exchange(other.stmt_, nullptr)),
      sql_(std::move(other.sql_)),
      bind_rc_(other.bind_rc_),
      bind_index_(other.bind_index_),
      row_failure_(std::exchange(other.row_failure_, std::nullopt)),
      rows_ended_(other.rows_ended_) {}

SqliteStatement& SqliteStatement::operator=(SqliteStatement&& other) noexcept {
    if (this != &other) {
        sqlite3_finalize(stmt_);
        db_ = std::exchange(other.db_, nullptr);
        stmt_ = std::exchange(other.stmt_, nullptr);
        sql_ = std::move(other.sql_);
        bind_rc_ = other.bind_rc_;
        bind_index_ = other.bind_index_;
        row_failure_ = std::exchange(other.row_failure_, std::nullopt);
        rows_ended_ = other.rows_ended_;
    }
    return *this;
}

void SqliteStatement::note_bind_(int rc, int index) {
    if (rc != SQLITE_OK && bind_rc_ == SQLITE_OK) {
        bind_rc_ = rc;
        bind_index_ = index;
    }
}

SqliteStatement& SqliteStatement::bind(int index, std::int64_t value) {
    note_bind_(sqlite3_bind_int64(stmt_, index, value), index);
    return *this;
}

SqliteStatement& SqliteStatement::bind(int index, double value) {
    note_bind_(sqlite3_bind_double(stmt_, index, value), index);
    return *this;
}

SqliteStatement& SqliteStatement::bind(int index, std::string_view text) {
    // SQLITE_TRANSIENT: SQLite copies the bytes, so a temporary string may be bound safely.
    note_bind_(sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8), index);
    return *this;
}

SqliteStatement& SqliteStatement::bind_null(int index) {
    note_bind_(sqlite3_bind_null(stmt_, index), index);
    return *this;
}

Expected<bool> SqliteStatement::step() {
    if (bind_rc_ != SQLITE_OK) {
        return sqlite_error(db_, bind_rc_, "binding parameter " + std::to_string(bind_index_) + " of \"" + sql_ + "\"");
    }
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return sqlite_error(db_, rc, "running \"" + sql_ + "\"");
}

bool SqliteStatement::next_row() {
    if (rows_ended_) return false;
    auto row = step();
    if (!row) row_failure_ = row.error();
    rows_ended_ = !row || !*row;
    return !rows_ended_;
}

Status SqliteStatement::done() {
    if (!row_failure_) return {};
    Error e = std::move(*row_failure_);
    row_failure_.reset();
    return e;
}

Status SqliteStatement::run() {
    auto r = step();
    if (!r) return r.error();
    if (*r) return make_error(ErrorCode::sqlite_error, "\"" + sql_ + "\" returned rows where none were expected");
    return {};
}

void SqliteStatement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    bind_rc_ = SQLITE_OK;
    bind_index_ = 0;
    row_failure_.reset();
    rows_ended_ = false;
}

std::int64_t SqliteStatement::int64(int column) const { return sqlite3_column_int64(stmt_, column); }

int SqliteStatement::int32(int column) const { return sqlite3_column_int(stmt_, column); }

double SqliteStatement::real(int column) const { return sqlite3_column_double(stmt_, column); }

std::string SqliteStatement::text(int column) const {
    const auto* p = sqlite3_column_text(stmt_, column);
    const int n = sqlite3_column_bytes(stmt_, column);  // after column_text: the UTF-8 length
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n)) : std::string();
}

bool SqliteStatement::is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

int SqliteStatement::changes() const { return sqlite3_changes(db_); }

}  // namespace fc
