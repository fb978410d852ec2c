#pragma once
// DepotDb: one connection to the depot's database, a SQLite file or a PostgreSQL server; every
// statement of the store runs through it. DepotTransaction: one store action's transaction on it.
#include <map>
#include <memory>
#include <string>
#include <utility>

#include "checklists/expected.h"
#include "sync/depot/depot_statements.h"

struct sqlite3;

namespace fc {

enum class SqlDialect { sqlite, postgresql };

// The SQL both backends run is one text (ON CONFLICT upserts, RETURNING, CAST, count(*) FILTER);
// where they differ (JSON functions, string_agg) a caller asks dialect() and says both forms side
// by side. Used under its owner's lock: a connection is never shared by two threads at once.
class DepotDb {
public:
    enum class TxKind {
        // Writes, one at a time across every connection and instance: SQLite's BEGIN IMMEDIATE, or
        // PostgreSQL's BEGIN with the depot's advisory write lock. Why one writer: the sequence that
        // orders assignment changes is then also commit order, so a tablet's cursor never skips a
        // change committed late, and every check-then-write (the same visit sent to two instances,
        // a code used twice) sees the other's commit.
        write,
        // Several reads that see one state: SQLite's BEGIN DEFERRED (a WAL snapshot), PostgreSQL's
        // REPEATABLE READ, READ ONLY.
        read,
    };

    virtual ~DepotDb() = default;
    DepotDb() = default;
    DepotDb(const DepotDb&) = delete;
    DepotDb& operator=(const DepotDb&) = delete;

    virtual SqlDialect dialect() const = 0;
    // For messages: the file, or the server and database (never a password).
    virtual const std::string& where() const = 0;
    // This connection's statement for `sql`, prepared once and kept for the connection's life.
    Expected<DepotStatement> prepare(const std::string& sql);
    std::size_t prepared() const { return statements_.size(); }
    // Statements without parameters or rows (DDL, SAVEPOINT), several separated by ';'.
    virtual Status exec(const std::string& sql, const std::string& what) = 0;
    virtual Status begin(TxKind kind, const std::string& what) = 0;
    virtual Status commit(const std::string& what) = 0;
    virtual void rollback() noexcept = 0;
    virtual bool in_transaction() const = 0;
    // The SQLite handle for the file-only checks (integrity_check); nullptr on PostgreSQL.
    virtual sqlite3* sqlite_handle() { return nullptr; }

protected:
    // A statement of this backend; `kept`: prepared for many runs (the cache's).
    virtual Expected<std::unique_ptr<StatementRun>> compile(const std::string& sql, bool kept) = 0;
    // Every kept statement dropped: before the connection closes.
    void forget_statements() { statements_.clear(); }

private:
    struct Kept {
        std::unique_ptr<StatementRun> run;
        bool lent = false;
    };
    std::map<std::string, Kept, std::less<>> statements_;
};

// Rolled back unless commit() succeeded: every early return with an error leaves the database as
// it was before the action.
class DepotTransaction {
public:
    static Expected<DepotTransaction> begin(DepotDb& db, std::string what, DepotDb::TxKind kind = DepotDb::TxKind::write) {
        if (auto s = db.begin(kind, what); !s) return s.error();
        return DepotTransaction(db, std::move(what));
    }
    static Expected<DepotTransaction> begin_read(DepotDb& db, std::string what) {
        return begin(db, std::move(what), DepotDb::TxKind::read);
    }
    DepotTransaction(DepotTransaction&& other) noexcept
        : db_(std::exchange(other.db_, nullptr)), what_(std::move(other.what_)) {}
    DepotTransaction& operator=(DepotTransaction&&) = delete;
    DepotTransaction(const DepotTransaction&) = delete;
    DepotTransaction& operator=(const DepotTransaction&) = delete;
    ~DepotTransaction() {
        if (db_) db_->rollback();
    }

    // Durable when this returns ok (SQLite synchronous=FULL; PostgreSQL synchronous_commit=on).
    Status commit() {
        if (!db_) return make_error(ErrorCode::sqlite_error, "the transaction for " + what_ + " was already finished");
        DepotDb* db = std::exchange(db_, nullptr);
        if (Status s = db->commit(what_); !s) {
            db->rollback();
            return s;
        }
        return {};
    }

private:
    DepotTransaction(DepotDb& db, std::string what) : db_(&db), what_(std::move(what)) {}
    DepotDb* db_ = nullptr;
    std::string what_;
};

}  // namespace fc
