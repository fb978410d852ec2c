#include "sqlite_depot_db.h"

#include <sqlite3.h>

#include "sync/storage/sqlite_statement.h"

namespace fc {
namespace {

// The storage layer's SqliteStatement (binding errors kept for step(), errors worded by
// sqlite_error) behind the depot's StatementRun.
class SqliteRun final : public StatementRun {
public:
    SqliteRun(sqlite3* db, SqliteStatement st) : db_(db), st_(std::move(st)) {}

    void bind_int(int index, std::int64_t value) override { st_.bind(index, value); }
    void bind_text(int index, std::string_view text) override { st_.bind(index, text); }
    void bind_null(int index) override { st_.bind_null(index); }
    Expected<bool> step() override { return st_.step(); }
    void reset() override { st_.reset(); }
    std::int64_t int64(int column) const override { return st_.int64(column); }
    double real(int column) const override { return st_.real(column); }
    std::string text(int column) const override { return st_.text(column); }
    bool is_null(int column) const override { return st_.is_null(column); }
    int changes() const override { return sqlite3_changes(db_); }
    const std::string& sql() const override { return st_.sql(); }

private:
    sqlite3* db_;
    SqliteStatement st_;
};

}  // namespace

SqliteDepotDb::SqliteDepotDb(sqlite3* db, std::string path, Handle handle) : db_(db), path_(std::move(path)), handle_(handle) {}

SqliteDepotDb::~SqliteDepotDb() {
    forget_statements();  // every statement finalized before its connection closes
    if (handle_ == Handle::owned) sqlite3_close_v2(db_);
}

Expected<std::unique_ptr<StatementRun>> SqliteDepotDb::compile(const std::string& sql, bool kept) {
    auto st = kept ? SqliteStatement::prepare_persistent(db_, sql) : SqliteStatement::prepare(db_, sql);
    if (!st) return st.error();
    return std::unique_ptr<StatementRun>(std::make_unique<SqliteRun>(db_, std::move(st).value()));
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
