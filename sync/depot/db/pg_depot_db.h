#pragma once
// PgDepotDb: the depot's database on a PostgreSQL server (libpq), shared by several depot instances.
#include <cstdint>
#include <memory>
#include <string>

#include "sync/depot/db/depot_db.h"

struct pg_conn;

namespace fc {

// Why a connection that reconnects by itself: PostgreSQL may restart under load. While it is down
// every call fails with database_unavailable (503 with Retry-After to a tablet); the next call after
// it is back reconnects, prepares its statements again and goes on. A transaction the restart cut
// short is rolled back by the server and reported: nothing half-stored was acknowledged.
class PgDepotDb final : public DepotDb {
public:
    // `url`: a libpq connection string (postgresql://user@host:port/db?...). database_unavailable
    // when the server cannot be reached; the message names host, port and database, never a password.
    static Expected<std::unique_ptr<PgDepotDb>> connect(const std::string& url);
    ~PgDepotDb() override;

    SqlDialect dialect() const override { return SqlDialect::postgresql; }
    const std::string& where() const override { return where_; }
    Status exec(const std::string& sql, const std::string& what) override;
    Status begin(TxKind kind, const std::string& what) override;
    Status commit(const std::string& what) override;
    void rollback() noexcept override;
    bool in_transaction() const override;

    // For a statement: the live connection (reconnected if it was lost outside a transaction), and
    // which connection it is (statements prepared on an earlier one are prepared again).
    Expected<pg_conn*> live();
    std::uint64_t generation() const { return generation_; }
    std::string next_statement_name() { return "fc_" + std::to_string(++statements_made_); }

protected:
    Expected<std::unique_ptr<StatementRun>> compile(const std::string& sql, bool kept) override;

private:
    PgDepotDb(pg_conn* conn, std::string where);
    Status set_up_();

    pg_conn* conn_;
    std::string where_;
    std::uint64_t generation_ = 1;
    std::uint64_t statements_made_ = 0;
    bool tx_open_ = false;
};

// SQLite's parameters (`?`, `?N`) as PostgreSQL's (`$N`), string literals left alone.
std::string postgres_parameters(const std::string& sql);

// The Error for a failed libpq call: database_unavailable (connection lost, server shutting down
// or starting), disk_full (SQLSTATE 53100), busy (a lock or statement timeout, a serialization
// failure), sqlite_error otherwise; the message names `context` and the server's words.
Error pg_error(pg_conn* conn, const char* sqlstate, const std::string& detail, const std::string& context);

}  // namespace fc
