// SqliteStatement: binds, the row loop, reset, and how SQLite's failures reach the caller.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "sync/storage/sqlite_statement.h"
#include "sync/storage/sqlite_transaction.h"
#include "tests/error_code_doctest.h"
#include "tests/sync/storage/scratch_database.h"

using namespace fc;
using fc::test::OtherConnection;
using fc::test::ScratchDatabase;

namespace {

std::vector<long long> ids_in_order(SqliteStatement& q, Status& end) {
    std::vector<long long> out;
    while (q.next_row()) out.push_back(q.int64(0));
    end = q.done();
    return out;
}

}  // namespace

TEST_CASE("a statement binds every type and reads it back, and NULL reads as 0 and empty text") {
    ScratchDatabase s;
    s.exec("CREATE TABLE t (i INTEGER, n INTEGER, r REAL, x TEXT, z TEXT)");
    auto insert = SqliteStatement::prepare(s.db, "INSERT INTO t VALUES (?1, ?2, ?3, ?4, ?5)");
    REQUIRE(insert.ok());
    const std::string with_nul("a\0b", 3);  // bound by length, not up to a NUL
    REQUIRE(insert->bind(1, std::int64_t{9'007'199'254'740'993}).bind(2, 42).bind(3, 2.5).bind(4, with_nul).bind_null(5).run().ok());
    CHECK(insert->changes() == 1);

    auto q = SqliteStatement::prepare(s.db, "SELECT i, n, r, x, z FROM t");
    REQUIRE(q.ok());
    auto row = q->step();
    REQUIRE(row.ok());
    REQUIRE(row.value());
    CHECK(q->int64(0) == 9'007'199'254'740'993);
    CHECK(q->int32(1) == 42);
    CHECK(q->real(2) == 2.5);
    CHECK(q->text(3) == with_nul);
    CHECK(q->is_null(4));
    CHECK_FALSE(q->is_null(3));
    CHECK(q->text(4).empty());
    CHECK(q->int64(4) == 0);
    CHECK(q->step().value() == false);
}

TEST_CASE("next_row visits every row in order and done() is ok at the end") {
    ScratchDatabase s;
    s.exec("CREATE TABLE t (id INTEGER); INSERT INTO t VALUES (3), (1), (2)");
    auto q = SqliteStatement::prepare(s.db, "SELECT id FROM t ORDER BY id");
    REQUIRE(q.ok());
    Status end;
    CHECK(ids_in_order(*q, end) == std::vector<long long>{1, 2, 3});
    CHECK(end.ok());
    CHECK_FALSE(q->next_row());  // a finished statement stays finished (SQLite would start over)...
    CHECK(q->done().ok());
    q->reset();                  // ...until it is reset
    CHECK(ids_in_order(*q, end) == std::vector<long long>{1, 2, 3});
}

TEST_CASE("next_row over no rows runs the loop body never, and leaving the loop early is no error") {
    ScratchDatabase s;
    s.exec("CREATE TABLE t (id INTEGER)");
    auto none = SqliteStatement::prepare(s.db, "SELECT id FROM t");
    REQUIRE(none.ok());
    Status end;
    CHECK(ids_in_order(*none, end).empty());
    CHECK(end.ok());

    s.exec("INSERT INTO t VALUES (1), (2), (3)");
    auto q = SqliteStatement::prepare(s.db, "SELECT id FROM t ORDER BY id");
    REQUIRE(q.ok());
    REQUIRE(q->next_row());
    CHECK(q->int64(0) == 1);
    CHECK(q->done().ok());
}

TEST_CASE("a step that fails half-way ends next_row, and done() gives the step's error, once") {
    ScratchDatabase s;
    s.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, doc TEXT); INSERT INTO t VALUES (1, '{}'), (2, '[]'), (3, '{'), (4, '{}')");
    // json() refuses the third row's text: that row's step fails, the two before it were read (in
    // rowid order: a sort would read every row before the first step returned).
    auto q = SqliteStatement::prepare(s.db, "SELECT id, json(doc) FROM t ORDER BY id");
    REQUIRE(q.ok());
    Status end;
    CHECK(ids_in_order(*q, end) == std::vector<long long>{1, 2});
    REQUIRE_FALSE(end.ok());
    CHECK(end.error().code == ErrorCode::sqlite_error);
    CHECK(end.error().message.find("malformed JSON") != std::string::npos);
    CHECK(end.error().message.find("running \"SELECT id, json(doc)") != std::string::npos);
    CHECK_FALSE(q->next_row());  // not stepped again after a failure...
    CHECK(q->done().ok());       // ...and the error was handed over already
}

TEST_CASE("reset rewinds a statement for new binds and clears the old ones") {
    ScratchDatabase s;
    s.exec("CREATE TABLE t (id INTEGER, name TEXT)");
    auto insert = SqliteStatement::prepare(s.db, "INSERT INTO t VALUES (?1, ?2)");
    REQUIRE(insert.ok());
    for (int i = 1; i <= 3; ++i) {
        REQUIRE(insert->bind(1, i).bind(2, "n" + std::to_string(i)).run().ok());
        insert->reset();
    }
    REQUIRE(insert->bind(1, 4).run().ok());  // ?2 was cleared by reset: NULL, not "n3"
    CHECK(s.count("SELECT count(*) FROM t") == 4);
    CHECK(s.count("SELECT count(*) FROM t WHERE id = 4 AND name IS NULL") == 1);

    auto q = SqliteStatement::prepare(s.db, "SELECT id FROM t WHERE id >= ?1 ORDER BY id");
    REQUIRE(q.ok());
    Status end;
    q->bind(1, 3);
    CHECK(ids_in_order(*q, end) == std::vector<long long>{3, 4});
    q->reset();
    q->bind(1, 2);
    CHECK(ids_in_order(*q, end) == std::vector<long long>{2, 3, 4});
    CHECK(end.ok());
}

TEST_CASE("a bind error is reported by the next step, naming the parameter, and binds chain past it") {
    ScratchDatabase s;
    s.exec("CREATE TABLE t (id INTEGER)");
    auto insert = SqliteStatement::prepare(s.db, "INSERT INTO t VALUES (?1)");
    REQUIRE(insert.ok());
    const Status r = insert->bind(1, 1).bind(5, 2).run();  // there is no ?5
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::sqlite_error);
    CHECK(r.error().message.find("binding parameter 5") != std::string::npos);
    CHECK(s.count("SELECT count(*) FROM t") == 0);
    insert->reset();  // forgets the bind error with the binds
    CHECK(insert->bind(1, 1).run().ok());
}

TEST_CASE("bad SQL is refused at prepare, and run() refuses a statement that returns rows") {
    ScratchDatabase s;
    auto bad = SqliteStatement::prepare(s.db, "SELEKT 1");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().code == ErrorCode::sqlite_error);
    CHECK(bad.error().message.find("preparing \"SELEKT 1\"") != std::string::npos);

    auto rows = SqliteStatement::prepare(s.db, "SELECT 1");
    REQUIRE(rows.ok());
    const Status r = rows->run();
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find("returned rows where none were expected") != std::string::npos);
}

TEST_CASE("a database that has reached its page limit gives disk_full, from run() and from next_row()") {
    ScratchDatabase s;
    s.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, blob BLOB)");
    s.exec("PRAGMA max_page_count = 8");  // a few KiB: the "disk" of this database is full soon
    auto insert = SqliteStatement::prepare(s.db, "INSERT INTO t (blob) VALUES (zeroblob(?1))");
    REQUIRE(insert.ok());
    Status r;
    for (int i = 0; i < 64 && r.ok(); ++i) {
        r = insert->bind(1, 4096).run();
        insert->reset();
    }
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::disk_full);
    CHECK(r.error().message == kDiskFullMessage);

    // The same failure met inside a row loop (an INSERT ... RETURNING) comes out of done().
    auto returning = SqliteStatement::prepare(s.db, "INSERT INTO t (blob) VALUES (zeroblob(65536)) RETURNING id");
    REQUIRE(returning.ok());
    Status end;
    CHECK(ids_in_order(*returning, end).empty());
    REQUIRE_FALSE(end.ok());
    CHECK(end.error().code == ErrorCode::disk_full);
}

TEST_CASE("a file that is not a database is reported as corrupt, naming the file") {
    ScratchDatabase s;
    const auto junk = s.dir / "junk.db";
    fc::test::write_bytes(junk, std::string(4096, 'x'));
    OtherConnection other(junk);
    auto q = SqliteStatement::prepare(other.db, "SELECT count(*) FROM sqlite_master");
    REQUIRE_FALSE(q.ok());
    CHECK(q.error().code == ErrorCode::corrupt);
    CHECK(q.error().message.find(junk.string()) != std::string::npos);
}

TEST_CASE("a write lock held by another connection is reported as busy, not as a generic error") {
    ScratchDatabase s;
    s.exec("CREATE TABLE t (id INTEGER)");
    OtherConnection other(s.file);
    auto holder = Transaction::begin(other.db, "holding the lock");
    REQUIRE(holder.ok());
    auto insert = SqliteStatement::prepare(s.db, "INSERT INTO t VALUES (1)");
    REQUIRE(insert.ok());
    const Status r = insert->run();  // busy_timeout is 0 on the scratch connection: no waiting
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::busy);
}
