// Transaction: one store action's write transaction; commit, rollback at scope exit, misuse.
#include <doctest/doctest.h>

#include <optional>
#include <utility>

#include "sync/storage/sqlite_transaction.h"
#include "tests/error_code_doctest.h"
#include "tests/sync/storage/scratch_database.h"

using namespace fc;
using fc::test::OtherConnection;
using fc::test::ScratchDatabase;

namespace {

Status insert_row(sqlite3* db, int id) {
    auto q = SqliteStatement::prepare(db, "INSERT INTO t VALUES (?1)");
    if (!q) return q.error();
    return q->bind(1, id).run();
}

// The shape of every store action: begin, write, and return early on the first failure.
Status action_failing_half_way(sqlite3* db) {
    auto tx = Transaction::begin(db, "a test action");
    if (!tx) return tx.error();
    if (Status s = insert_row(db, 1); !s) return s;
    if (Status s = insert_row(db, 1); !s) return s;  // the primary key refuses the second
    return tx->commit();
}

}  // namespace

TEST_CASE("a committed transaction is seen by another connection") {
    ScratchDatabase s;
    s.exec("CREATE TABLE t (id INTEGER PRIMARY KEY)");
    OtherConnection other(s.file);
    {
        auto tx = Transaction::begin(s.db, "storing two rows");
        REQUIRE(tx.ok());
        REQUIRE(insert_row(s.db, 1).ok());
        REQUIRE(insert_row(s.db, 2).ok());
        CHECK(s.count("SELECT count(*) FROM t", other.db) == 0);  // not before the commit
        REQUIRE(tx->commit().ok());
    }
    CHECK(s.count("SELECT count(*) FROM t", other.db) == 2);
    CHECK(sqlite3_get_autocommit(s.db) != 0);
}

TEST_CASE("a transaction left without commit is rolled back at scope exit") {
    ScratchDatabase s;
    s.exec("CREATE TABLE t (id INTEGER PRIMARY KEY); INSERT INTO t VALUES (100)");
    {
        auto tx = Transaction::begin(s.db, "storing a row");
        REQUIRE(tx.ok());
        REQUIRE(insert_row(s.db, 1).ok());
        CHECK(s.count("SELECT count(*) FROM t") == 2);  // this connection sees its own write
    }
    CHECK(s.count("SELECT count(*) FROM t") == 1);
    CHECK(sqlite3_get_autocommit(s.db) != 0);  // no transaction left open behind the caller's back
}

TEST_CASE("an action that returns early with an error leaves the file as it was before the action") {
    ScratchDatabase s;
    s.exec("CREATE TABLE t (id INTEGER PRIMARY KEY); INSERT INTO t VALUES (100)");
    const Status r = action_failing_half_way(s.db);
    REQUIRE_FALSE(r.ok());
    CHECK(s.count("SELECT count(*) FROM t") == 1);  // the first insert went with the rollback
    CHECK(s.count("SELECT count(*) FROM t WHERE id = 1") == 0);
}

TEST_CASE("a second commit is refused and changes nothing") {
    ScratchDatabase s;
    s.exec("CREATE TABLE t (id INTEGER PRIMARY KEY)");
    auto tx = Transaction::begin(s.db, "storing a row");
    REQUIRE(tx.ok());
    REQUIRE(insert_row(s.db, 1).ok());
    REQUIRE(tx->commit().ok());
    const Status again = tx->commit();
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().code == ErrorCode::sqlite_error);
    CHECK(again.error().message.find("storing a row") != std::string::npos);
    CHECK(again.error().message.find("already finished") != std::string::npos);
    CHECK(s.count("SELECT count(*) FROM t") == 1);
}

TEST_CASE("a transaction begun inside another on the same connection is refused, and the outer one goes on") {
    ScratchDatabase s;
    s.exec("CREATE TABLE t (id INTEGER PRIMARY KEY)");
    auto outer = Transaction::begin(s.db, "the outer action");
    REQUIRE(outer.ok());
    REQUIRE(insert_row(s.db, 1).ok());
    {
        auto inner = Transaction::begin(s.db, "the inner action");
        REQUIRE_FALSE(inner.ok());
        CHECK(inner.error().code == ErrorCode::sqlite_error);
        CHECK(inner.error().message.find("the inner action") != std::string::npos);
        auto inner_read = Transaction::begin_read(s.db, "an inner read");
        CHECK_FALSE(inner_read.ok());
    }
    REQUIRE(insert_row(s.db, 2).ok());
    REQUIRE(outer->commit().ok());
    CHECK(s.count("SELECT count(*) FROM t") == 2);
}

TEST_CASE("a moved transaction is committed or rolled back once, by its new owner") {
    ScratchDatabase s;
    s.exec("CREATE TABLE t (id INTEGER PRIMARY KEY)");
    {
        auto begun = Transaction::begin(s.db, "storing a row");
        REQUIRE(begun.ok());
        std::optional<Transaction> owner(std::move(begun).value());
        REQUIRE(insert_row(s.db, 1).ok());
        REQUIRE(owner->commit().ok());
    }  // the moved-from husk in `begun` must not roll anything back
    CHECK(s.count("SELECT count(*) FROM t") == 1);
    {
        auto begun = Transaction::begin(s.db, "storing another row");
        REQUIRE(begun.ok());
        Transaction owner(std::move(begun).value());
        REQUIRE(insert_row(s.db, 2).ok());
    }
    CHECK(s.count("SELECT count(*) FROM t") == 1);
}

TEST_CASE("a commit that fails rolls the transaction back and says why") {
    ScratchDatabase s;
    // A deferred foreign key is only checked at COMMIT: the commit itself fails.
    s.exec("PRAGMA foreign_keys = ON");
    s.exec("CREATE TABLE parent (id INTEGER PRIMARY KEY);"
           "CREATE TABLE t (id INTEGER PRIMARY KEY REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)");
    auto tx = Transaction::begin(s.db, "storing an orphan");
    REQUIRE(tx.ok());
    REQUIRE(insert_row(s.db, 7).ok());
    const Status r = tx->commit();
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find("committing storing an orphan") != std::string::npos);
    CHECK(sqlite3_get_autocommit(s.db) != 0);
    CHECK(s.count("SELECT count(*) FROM t") == 0);
    CHECK_FALSE(tx->commit().ok());  // finished: a retry is refused, not run on a new transaction
}

TEST_CASE("a read transaction sees one snapshot while another connection commits") {
    ScratchDatabase s;
    s.exec("CREATE TABLE t (id INTEGER PRIMARY KEY); INSERT INTO t VALUES (1)");
    OtherConnection writer(s.file);
    {
        auto read = Transaction::begin_read(s.db, "reading twice");
        REQUIRE(read.ok());
        CHECK(s.count("SELECT count(*) FROM t") == 1);
        REQUIRE(insert_row(writer.db, 2).ok());  // not blocked by the reader (WAL)
        CHECK(s.count("SELECT count(*) FROM t") == 1);
    }
    CHECK(s.count("SELECT count(*) FROM t") == 2);
}
