#pragma once
// Transaction: one store action's SQLite write transaction; rolled back unless commit() succeeded.
#include <sqlite3.h>

#include <string>
#include <utility>

#include "checklists/expected.h"
#include "sync/storage/sqlite_statement.h"
#include "sync/storage/statement_cache.h"

namespace fc {

// Why BEGIN IMMEDIATE: the write lock is taken up front (waiting out busy_timeout), so two
// connections (GUI and background sync) never both read, then collide on the upgrade to a write
// with SQLITE_BUSY half-way through an action. Why rollback in the destructor: every early return
// with an error leaves the file exactly as it was before the action.
class Transaction {
public:
    static Expected<Transaction> begin(sqlite3* db, std::string action) {
        if (auto s = exec_sql(db, "BEGIN IMMEDIATE", "starting a transaction for " + action); !s) return s.error();
        return Transaction(db, std::move(action));
    }

    // The same with BEGIN and COMMIT run from `cache`: a hot path (an answer) compiles neither again.
    static Expected<Transaction> begin(StatementCache& cache, std::string action) {
        if (auto s = cache.run("BEGIN IMMEDIATE"); !s) return s.error();
        Transaction tx(cache.db(), std::move(action));
        tx.cache_ = &cache;
        return tx;
    }

    // A read transaction: several SELECTs see one snapshot (WAL), without blocking the writer.
    static Expected<Transaction> begin_read(sqlite3* db, std::string action) {
        if (auto s = exec_sql(db, "BEGIN DEFERRED", "starting a read transaction for " + action); !s) return s.error();
        return Transaction(db, std::move(action));
    }

    Transaction(Transaction&& other) noexcept
        : db_(std::exchange(other.db_, nullptr)), action_(std::move(other.action_)), cache_(other.cache_) {}
    Transaction& operator=(Transaction&&) = delete;
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    ~Transaction() { rollback_(); }

    // With synchronous=FULL the commit has reached the disk when this returns ok. On failure the
    // transaction is rolled back (SQLite may already have done so itself, e.g. after SQLITE_FULL).
    Status commit() {
        if (!db_) return make_error(ErrorCode::sqlite_error, "transaction for " + action_ + " was already finished");
        Status committed = cache_ ? cache_->run("COMMIT") : exec_sql(db_, "COMMIT", "committing " + action_);
        if (!committed) {
            rollback_();
            return committed;
        }
        db_ = nullptr;
        return {};
    }

private:
    Transaction(sqlite3* db, std::string action) : db_(db), action_(std::move(action)) {}

    void rollback_() {
        if (db_ && !sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        db_ = nullptr;
    }

    sqlite3* db_ = nullptr;
    std::string action_;
    StatementCache* cache_ = nullptr;  // set: BEGIN and COMMIT come from it
};

}  // namespace fc
