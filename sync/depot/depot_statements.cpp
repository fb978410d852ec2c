#include "depot_statements.h"

#include <sqlite3.h>

#include <utility>

#include "sync/storage/sqlite_statement.h"

namespace fc {

namespace {

Expected<sqlite3_stmt*> compile(sqlite3* db, const std::string& sql, unsigned flags) {
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), flags, &stmt, nullptr);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(stmt);
        return sqlite_error(db, rc, "preparing \"" + sql + "\"");
    }
    return stmt;
}

}  // namespace

DepotStatements::~DepotStatements() {
    for (auto& [sql, kept] : statements_) sqlite3_finalize(kept.stmt);
}

Expected<DepotStatement> DepotStatements::prepare(const std::string& sql) {
    auto it = statements_.find(sql);
    if (it == statements_.end()) {
        auto stmt = compile(db_, sql, SQLITE_PREPARE_PERSISTENT);
        if (!stmt) return stmt.error();
        it = statements_.emplace(sql, Kept{stmt.value(), false}).first;
    }
    if (!it->second.lent) {
        it->second.lent = true;
        return DepotStatement(db_, it->second.stmt, &it->first, &it->second.lent, false);
    }
    auto own = compile(db_, sql, 0);
    if (!own) return own.error();
    return DepotStatement(db_, own.value(), &it->first, nullptr, true);
}

DepotStatement::DepotStatement(sqlite3* db, sqlite3_stmt* stmt, const std::string* sql, bool* lent, bool owned)
    : db_(db), stmt_(stmt), sql_(sql), lent_(lent), owned_(owned) {}

DepotStatement::DepotStatement(DepotStatement&& other) noexcept
    : db_(other.db_),
      stmt_(std::exchange(other.stmt_, nullptr)),
      sql_(other.sql_),
      lent_(std::exchange(other.lent_, nullptr)),
      owned_(other.owned_),
      bind_rc_(other.bind_rc_),
      bind_index_(other.bind_index_),
      row_failure_(std::exchange(other.row_failure_, std::nullopt)),
      rows_ended_(other.rows_ended_) {}

DepotStatement::~DepotStatement() {
    if (!stmt_) return;
    if (owned_) {
        sqlite3_finalize(stmt_);
        return;
    }
    // Reset ends the statement's read of the file (a kept statement mid-row would hold its snapshot).
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    if (lent_) *lent_ = false;
}

void DepotStatement::note_bind_(int rc, int index) {
    if (rc != SQLITE_OK && bind_rc_ == SQLITE_OK) {
        bind_rc_ = rc;
        bind_index_ = index;
    }
}

DepotStatement& DepotStatement::bind(int index, std::int64_t value) {
    note_bind_(sqlite3_bind_int64(stmt_, index, value), index);
    return *this;
}

DepotStatement& DepotStatement::bind(int index, std::string_view text) {
    note_bind_(sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8), index);
    return *this;
}

Expected<bool> DepotStatement::step() {
    if (bind_rc_ != SQLITE_OK) {
        return sqlite_error(db_, bind_rc_, "binding parameter " + std::to_string(bind_index_) + " of \"" + *sql_ + "\"");
    }
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return sqlite_error(db_, rc, "running \"" + *sql_ + "\"");
}

bool DepotStatement::next_row() {
    if (rows_ended_) return false;
    auto row = step();
    if (!row) row_failure_ = row.error();
    rows_ended_ = !row || !*row;
    return !rows_ended_;
}

Status DepotStatement::done() {
    if (!row_failure_) return {};
    Error e = std::move(*row_failure_);
    row_failure_.reset();
    return e;
}

Status DepotStatement::run() {
    auto r = step();
    if (!r) return r.error();
    if (*r) return make_error(ErrorCode::sqlite_error, "\"" + *sql_ + "\" returned rows where none were expected");
    return {};
}

void DepotStatement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    bind_rc_ = SQLITE_OK;
    bind_index_ = 0;
    row_failure_.reset();
    rows_ended_ = false;
}

std::int64_t DepotStatement::int64(int column) const { return sqlite3_column_int64(stmt_, column); }

int DepotStatement::int32(int column) const { return sqlite3_column_int(stmt_, column); }

std::string DepotStatement::text(int column) const {
    const auto* p = sqlite3_column_text(stmt_, column);
    const int n = sqlite3_column_bytes(stmt_, column);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n)) : std::string();
}

bool DepotStatement::is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

int DepotStatement::changes() const { return sqlite3_changes(db_); }

}  // namespace fc
