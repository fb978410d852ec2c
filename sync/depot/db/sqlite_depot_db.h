#pragma once
// SqliteDepotDb: the depot's database as one SQLite file (WAL, synchronous=FULL): the default, one
// depot on one machine.
#include <memory>
#include <string>

#include "sync/depot/db/depot_db.h"

namespace fc {

class SqliteDepotDb final : public DepotDb {
public:
    enum class Handle { owned, borrowed };
    // `db` was opened and set up by depot_schema.cpp; an owned handle is closed on destruction, a
    // borrowed one (a schema step's) is left to its owner.
    SqliteDepotDb(sqlite3* db, std::string path, Handle handle = Handle::owned);
    ~SqliteDepotDb() override;

    SqlDialect dialect() const override { return SqlDialect::sqlite; }
    const std::string& where() const override { return path_; }
    Status exec(const std::string& sql, const std::string& what) override;
    Status begin(TxKind kind, const std::string& what) override;
    Status commit(const std::string& what) override;
    void rollback() noexcept override;
    bool in_transaction() const override;
    sqlite3* sqlite_handle() override { return db_; }

protected:
    Expected<std::unique_ptr<StatementRun>> compile(const std::string& sql, bool kept) override;

private:
    sqlite3* db_;
    std::string path_;
    Handle handle_;
};

}  // namespace fc
