#include "sqlite_depot_db.h"

#include <sqlite3.h>

#include "sync/storage/sqlite_statement.h"

namespace fc {
namespace {

class SqliteRun final : public StatementRun {
public:
    SqliteRun(sqlite3* db, sqlite3_stmt* stmt, std::string sql) : db_(db), stmt_(stmt), sql_(std::move(sql)) {}
    ~SqliteRun() override { sqlite3_finalize(stmt_); }
    SqliteRun(const SqliteRun&) = delete;
    SqliteRun& operator=(const SqliteRun&) = delete;

    void bind_int(int index, std::int64_t value) override { note_bind_(sqlite3_bind_int64(stmt_, index, value), index); }
    void bind_text(int index, std::string_view text) override {
        note_bind_(sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8), index);
    }
    void bind_null(int index) override { note_bind_(sqlite3_bind_null(stmt_, index), index); }
    Expected<bool> step() override {
        if (bind_rc_ != SQLITE_OK) {
            return sqlite_error(db_, bind_rc_, "binding parameter " + std::to_string(bind_index_) + " of \"" + sql_ + "\"");
        }
        const int rc = sqlite3_step(stmt_);
        if (rc == SQLITE_ROW) return true;
        if (rc == SQLITE_DONE) return false;
        return sqlite_error(db_, rc, "running \"" + sql_ + "\"");
    }
    void reset() override {
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
        bind_rc_ = SQLITE_OK;
        bind_index_ = 0;
    }
    std::int64_t int64(int column) const override { return sqlite3_column_int64(stmt_, column); }
    double real(int column) const override { return sqlite3_column_double(stmt_, column); }
    std::string text(int column) const override {
        const auto* p = sqlite3_column_text(stmt_, column);
        const int n = sqlite3_column_bytes(stmt_, column);
        return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n)) : std::string();
    }
    bool is_null(int column) const override { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
    int changes() const override { return sqlite3_changes(db_); }
    const std::string& sql() const override { return sql_; }

private:
    void note_bind_(int rc, int index) {
        if (rc != SQLITE_OK && bind_rc_ == SQLITE_OK) {
            bind_rc_ = rc;
            bind_index_ = index;
        }
    }

    sqlite3* db_;
    sqlite3_stmt* stmt_;
    std::string sql_;
    int bind_rc_ = SQLITE_OK;
    int bind_index_ = 0;
};

}  // namespace

SqliteDepotDb::SqliteDepotDb(sqlite3* db, std::string path, Handle handle) : db_(db), path_(std::move(path)), handle_(handle) {}

SqliteDepotDb::~SqliteDepotDb() {
    forget_statements();  // every statement finalized before its connection closes
    if (handle_ == Handle::owned) sqlite3_close_v2(db_);
}

Expected<std::unique_ptr<StatementRun>> SqliteDepotDb::compile(const std::string& sql, bool kept) {
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), kept ? SQLITE_PREPARE_PERSISTENT : 0,
                                      &stmt, nullptr);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(stmt);
        return sqlite_error(db_, rc, "preparing \"" + sql + "\"");
    }
    return std::unique_ptr<StatementRun>(std::make_unique<SqliteRun>(db_, stmt, sql));
}

Status SqliteDepotDb::exec(const std::string& sql, const std::string& what) { return exec_sql(db_, sql.c_str(), what); }

Status SqliteDepotDb::begin(TxKind kind, const std::string& what) {
    // Why IMMEDIATE: the write lock is taken up front (waiting out busy_timeout), so an admin command
    // and the server never both read, then collide on the upgrade to a write half-way through.
    const char* sql = kind == TxKind::write ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED";
    auto st = prepare(sql);
    if (!st) return st.error();
    if (Status s = st->run(); !s) return make_error(s.error().code, s.error().message + " (starting " + what + ")");
    return {};
}

Status SqliteDepotDb::commit(const std::string& what) {
    auto st = prepare("COMMIT");
    if (!st) return st.error();
    if (Status s = st->run(); !s) return make_error(s.error().code, s.error().message + " (committing " + what + ")");
    return {};
}

void SqliteDepotDb::rollback() noexcept {
    if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

bool SqliteDepotDb::in_transaction() const { return !sqlite3_get_autocommit(db_); }

}  // namespace fc
