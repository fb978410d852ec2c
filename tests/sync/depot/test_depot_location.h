#pragma once
// Where a test's depot keeps its data: SQLite in the directory, or, when FIELDCHECK_TEST_PG names
// a PostgreSQL database (the throw-away cluster scripts/pg-cluster.sh starts), a schema of its own
// there, so the same tests check both backends (the PostgreSQL pass of scripts/test.sh).
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "checklists/sha256.h"
#include "sync/depot/db/pg_depot_db.h"
#include "sync/depot/depot_store.h"

namespace fc::test {

// The base URL, "" when the tests run on SQLite only.
inline std::string test_pg_url() {
    const char* url = std::getenv("FIELDCHECK_TEST_PG");
    return url ? url : "";
}

inline bool testing_postgres() { return !test_pg_url().empty(); }

// The same directory always maps to the same schema: a test that reopens a depot sees its data.
inline std::string test_pg_url_for(const std::filesystem::path& dir) {
    const std::string base = test_pg_url();
    if (base.empty()) return "";
    const std::string schema = "t_" + sha256_hex(std::filesystem::absolute(dir).lexically_normal().string()).substr(0, 20);
    auto admin = PgDepotDb::connect(base);
    if (!admin) throw std::runtime_error(admin.error().message);
    if (Status s = admin.value()->exec("CREATE SCHEMA IF NOT EXISTS " + schema, "making a test schema"); !s) {
        throw std::runtime_error(s.error().message);
    }
    return base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema;
}

inline DepotLocation test_depot_location(const std::filesystem::path& dir) { return DepotLocation{dir, test_pg_url_for(dir)}; }

}  // namespace fc::test
