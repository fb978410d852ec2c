// Schema step "customer history" (story 2): history follows the customer across jobs.
#include "sync/depot/depot_schema_history.h"

#include "sync/storage/sqlite_statement.h"

namespace fc {
namespace {

// Rows written before this step have no customer (''), no values and no to-do list ('[]'): they
// stay on their job's history, as they always were.
constexpr const char* kCustomerHistorySql = R"sql(
ALTER TABLE assignments ADD COLUMN customer_id TEXT NOT NULL DEFAULT '';
CREATE INDEX assignments_by_customer ON assignments(customer_id) WHERE customer_id <> '';
ALTER TABLE history ADD COLUMN customer_id TEXT NOT NULL DEFAULT '';
ALTER TABLE history ADD COLUMN measured TEXT NOT NULL DEFAULT '[]';
ALTER TABLE history ADD COLUMN todo TEXT NOT NULL DEFAULT '[]';
CREATE INDEX history_by_customer ON history(customer_id) WHERE customer_id <> '';
)sql";

}  // namespace

Status add_customer_history_columns(sqlite3* db) {
    return exec_sql(db, kCustomerHistorySql, "adding the customer's history across jobs to the depot's tables");
}

}  // namespace fc
