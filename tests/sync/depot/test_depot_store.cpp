// The depot's SQLite store: refuses files it must not touch, keeps only token hashes, templates
// immutable per version, assignment cursors exact, history and escalation from received visits.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include "tests/sync/depot/depot_test_support.h"
#include "sync/wire/device_token.h"
#include "tests/sync/depot/sqlite_only.h"

#include <set>

using namespace fc;
using namespace fc::test;

namespace {

std::int64_t scalar(const std::filesystem::path& db, const char* sql) {
    sqlite3* h = nullptr;
    sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(h, sql, -1, &st, nullptr);
    std::int64_t v = -1;
    if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(h);
    return v;
}

ReceivedVisit received(const std::string& visit_id, const std::string& job, const std::string& outcome,
                       std::int64_t date_ms, const std::string& seal = std::string(64, 'b')) {
    ReceivedVisit v;
    v.visit_id = visit_id;
    v.technician_id = "tech-a";
    v.job_id = job;
    v.template_id = "fiber-modem-install-en";
    v.template_version = 1;
    v.seal = seal;
    v.record = "{}";
    v.outcome = outcome;
    v.cause_kind = outcome == "not_possible" ? "network_fault" : "";
    v.survey_status = "submitted";
    v.tablet_sealed_ms = date_ms;
    return v;
}

// Writes into `db` through SQLite itself, the way another program (or an older depot) would.
void run_sql(const std::filesystem::path& db, const char* sql) {
    sqlite3* h = nullptr;
    REQUIRE(sqlite3_open(db.c_str(), &h) == SQLITE_OK);
    sqlite3_exec(h, sql, nullptr, nullptr, nullptr);
    sqlite3_close(h);
}

// Opening the depot in `dir` must be refused, leaving depot.db byte for byte as it was; returns why.
Error refused_untouched(const std::filesystem::path& dir) {
    const auto db = dir / "depot.db";
    const std::string before = read_file(db);
    auto store = DepotStore::open(test_depot_location(dir));
    REQUIRE_FALSE(store.ok());
    CHECK(read_file(db) == before);
    return store.error();
}

}  // namespace

TEST_CASE("a new depot directory gets a WAL database stamped with the schema version" * FC_SQLITE_ONLY) {
    TempDir tmp;
    auto store = DepotStore::open(test_depot_location(tmp.path / "depot"));
    REQUIRE(store.ok());
    CHECK(std::filesystem::exists(tmp.path / "depot" / "attachments"));
    CHECK((std::filesystem::status(tmp.path / "depot").permissions() & std::filesystem::perms::group_all) ==
          std::filesystem::perms::none);
    CHECK(scalar(tmp.path / "depot" / "depot.db", "PRAGMA user_version") == DepotStore::kSchemaVersion);
    CHECK(store.value()->integrity_check().value() == "ok");
    const std::string instance = store.value()->instance_id();
    store.value().reset();
    auto again = DepotStore::open(test_depot_location(tmp.path / "depot"));
    REQUIRE(again.ok());
    CHECK(again.value()->instance_id() == instance);
}

TEST_CASE("a depot file that is not a database is refused and left byte for byte as it was" * FC_SQLITE_ONLY) {
    TempDir tmp;
    std::filesystem::create_directories(tmp.path / "depot");
    const std::string junk = "this is not SQLite, it is somebody's notes\n" + std::string(5000, 'x');
    write_file(tmp.path / "depot" / "depot.db", junk);
    const Error refused = refused_untouched(tmp.path / "depot");
    CHECK(refused.code == ErrorCode::refused);
    CHECK(refused.message.find("left untouched") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(tmp.path / "depot" / "depot.db-wal"));
}

TEST_CASE("a depot file from a newer schema is refused and left untouched" * FC_SQLITE_ONLY) {
    TempDir tmp;
    {
        auto store = DepotStore::open(test_depot_location(tmp.path / "depot"));
        REQUIRE(store.ok());
    }
    run_sql(tmp.path / "depot" / "depot.db", "PRAGMA journal_mode=DELETE; PRAGMA user_version = 99");
    CHECK(refused_untouched(tmp.path / "depot").message.find("newer") != std::string::npos);
}

TEST_CASE("a damaged depot file is refused and left untouched" * FC_SQLITE_ONLY) {
    TempDir tmp;
    {
        auto store = DepotStore::open(test_depot_location(tmp.path / "depot"));
        REQUIRE(store.ok());
        for (int i = 0; i < 50; ++i) REQUIRE(store.value()->create_token("tech-" + std::to_string(i), "tablet", i).ok());
    }
    const auto db = tmp.path / "depot" / "depot.db";
    std::string bytes = read_file(db);
    REQUIRE(bytes.size() >= 4096 * 3);
    for (std::size_t i = 4096 + 100; i < 4096 * 3; ++i) bytes[i] = static_cast<char>(0xA5);  // smash pages 2 and 3
    write_file(db, bytes);
    CHECK(refused_untouched(tmp.path / "depot").code == ErrorCode::refused);
}

TEST_CASE("a SQLite file of another program is refused, not adopted" * FC_SQLITE_ONLY) {
    TempDir tmp;
    std::filesystem::create_directories(tmp.path / "depot");
    run_sql(tmp.path / "depot" / "depot.db", "CREATE TABLE accounts(id INTEGER); INSERT INTO accounts VALUES(1)");
    CHECK(refused_untouched(tmp.path / "depot").message.find("another program") != std::string::npos);
}

TEST_CASE("the depot stores only a token's SHA-256, and a revoked token stops matching" * FC_SQLITE_ONLY) {
    TempDir tmp;
    auto store = DepotStore::open(test_depot_location(tmp.path / "depot"));
    REQUIRE(store.ok());
    auto t = store.value()->create_token("tech-a", "tablet 7", 1000);
    REQUIRE(t.ok());
    CHECK(is_device_token(t->token));
    CHECK(store.value()->technician_for_token(t->token).value() == std::optional<std::string>("tech-a"));
    CHECK_FALSE(store.value()->technician_for_token(std::string(64, '0')).value());
    CHECK_FALSE(store.value()->technician_for_token("' OR 1=1 --").value());

    // Neither the database nor its WAL holds the token text.
    std::string all;
    for (const auto& e : std::filesystem::directory_iterator(tmp.path / "depot")) {
        if (e.is_regular_file()) all += read_file(e.path());
    }
    CHECK(all.find(t->token) == std::string::npos);
    CHECK(all.find(device_token_hash(t->token)) != std::string::npos);

    auto list = store.value()->list_tokens();
    REQUIRE(list.ok());
    REQUIRE(list->size() == 1);
    CHECK(list->front().technician_id == "tech-a");
    CHECK(list->front().device == "tablet 7");
    CHECK(list->front().revoked_ms == 0);

    REQUIRE(store.value()->revoke_token(t->id, 2000).ok());
    CHECK_FALSE(store.value()->technician_for_token(t->token).value());
    CHECK(store.value()->list_tokens()->front().revoked_ms == 2000);
    CHECK(store.value()->revoke_token(t->id, 3000).ok());  // again: nothing changes
    CHECK(store.value()->list_tokens()->front().revoked_ms == 2000);
    CHECK(store.value()->revoke_token(999, 3000).error().code == ErrorCode::no_such_token);
}

TEST_CASE("two tokens are never the same and each is 256 bits of hex") {
    std::set<std::string> seen;
    for (int i = 0; i < 200; ++i) {
        auto t = generate_device_token();
        REQUIRE(t.ok());
        CHECK(t->size() == 64);
        seen.insert(t.value());
    }
    CHECK(seen.size() == 200);
    CHECK(constant_time_equal("abc", "abc"));
    CHECK_FALSE(constant_time_equal("abc", "abd"));
    CHECK_FALSE(constant_time_equal("abc", "abcd"));
}

TEST_CASE("a template version is immutable: the same content again is fine, other content is refused") {
    TempDir tmp;
    auto store = DepotStore::open(test_depot_location(tmp.path / "depot"));
    REQUIRE(store.ok());
    auto t = repo_template(kTemplateName);
    CHECK(store.value()->import_template(*t, 1).value() == true);
    CHECK(store.value()->import_template(*t, 2).value() == false);
    ChecklistTemplate changed = *t;
    changed.title = "Something else";
    auto refused = store.value()->import_template(changed, 3);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == ErrorCode::template_conflict);
    CHECK(store.value()->template_json(t->id, t->version).value().value() == template_to_json(*t));
    changed.version = t->version + 1;
    CHECK(store.value()->import_template(changed, 4).value() == true);
    CHECK(store.value()->latest_template_version(t->id).value() == t->version + 1);
    auto served = store.value()->template_for(t->id, t->version);
    REQUIRE(served.ok());
    CHECK(served.value()->title == t->title);
}

TEST_CASE("assignments come out in pages after their cursor, each change exactly once") {
    TempDir tmp;
    auto opened = DepotStore::open(test_depot_location(tmp.path / "depot"));
    REQUIRE(opened.ok());
    DepotStore& store = *opened.value();
    auto t = repo_template(kTemplateName);
    REQUIRE(store.import_template(*t, 1).ok());
    std::vector<Assignment> list;
    for (int i = 0; i < 5; ++i) list.push_back(make_assignment("v-" + std::to_string(i), "tech-a", *t, "job-" + std::to_string(i)));
    list.push_back(make_assignment("v-other", "tech-b", *t, "job-x"));
    auto r = store.put_assignments(list, 1);
    REQUIRE(r.ok());
    CHECK(r->created == 6);

    auto p1 = store.assignments_since("tech-a", "", 2);
    REQUIRE(p1.ok());
    CHECK(p1->assignments.size() == 2);
    CHECK(p1->more);
    auto p2 = store.assignments_since("tech-a", p1->cursor, 2);
    auto p3 = store.assignments_since("tech-a", p2->cursor, 2);
    CHECK(p3->assignments.size() == 1);
    CHECK_FALSE(p3->more);
    auto p4 = store.assignments_since("tech-a", p3->cursor, 2);
    CHECK(p4->assignments.empty());
    CHECK(p4->cursor == p3->cursor);

    // The same sheet again changes nothing; a changed window comes down once more.
    CHECK(store.put_assignments(list, 2)->unchanged == 6);
    CHECK(store.assignments_since("tech-a", p3->cursor, 10)->assignments.empty());
    list[1].window_end_ms += 3'600'000;
    CHECK(store.put_assignments(list, 3)->changed == 1);
    auto changed = store.assignments_since("tech-a", p3->cursor, 10);
    REQUIRE(changed->assignments.size() == 1);
    CHECK(changed->assignments[0].visit_id == "v-1");

    // Another depot's (or a re-created depot's) cursor starts over instead of missing assignments.
    CHECK(store.assignments_since("tech-a", "ffffffffffffffff-999", 10)->assignments.size() == 5);

    // Moving a visit to another technician is refused, and nothing of that sheet is applied.
    list[0].technician_id = "tech-b";
    list[2].address = "changed";
    auto moved = store.put_assignments(list, 4);
    REQUIRE_FALSE(moved.ok());
    CHECK(moved.error().code == ErrorCode::reassigned);
    CHECK(store.assignment("v-2").value()->address != "changed");
}

TEST_CASE("two visits closed not possible on a job mark its next assignment for escalation") {
    TempDir tmp;
    auto opened = DepotStore::open(test_depot_location(tmp.path / "depot"));
    REQUIRE(opened.ok());
    DepotStore& store = *opened.value();
    auto t = repo_template(kTemplateName);
    REQUIRE(store.import_template(*t, 1).ok());
    REQUIRE(store.put_assignments({make_assignment("v-1", "tech-a", *t, "job-9"), make_assignment("v-2", "tech-a", *t, "job-9"),
                                   make_assignment("v-3", "tech-b", *t, "job-9")},
                                  1)
                .ok());
    auto start = store.assignments_since("tech-b", "", 10);
    REQUIRE(start->assignments.size() == 1);
    CHECK_FALSE(start->assignments[0].escalation);

    auto first = store.store_visit(received("v-1", "job-9", "not_possible", 1000, std::string(64, '1')), 5000);
    REQUIRE(first.ok());
    CHECK(first->first == StoreVisitOutcome::Created);
    auto after_one = store.assignments_since("tech-b", start->cursor, 10);
    REQUIRE(after_one->assignments.size() == 1);  // new history: fetched again
    CHECK(after_one->assignments[0].history.size() == 1);
    CHECK_FALSE(after_one->assignments[0].escalation);

    REQUIRE(store.store_visit(received("v-2", "job-9", "not_possible", 2000, std::string(64, '2')), 6000).ok());
    auto after_two = store.assignments_since("tech-b", after_one->cursor, 10);
    REQUIRE(after_two->assignments.size() == 1);
    const Assignment& next = after_two->assignments[0];
    CHECK(next.visit_id == "v-3");
    CHECK(next.history.size() == 2);
    CHECK(next.history[0].visit_id == "v-1");
    CHECK(next.history[1].outcome == "not_possible");
    CHECK(next.escalation);
}

TEST_CASE("storing a visit twice gives its first receipt, and another seal under the same id is a conflict") {
    TempDir tmp;
    auto opened = DepotStore::open(test_depot_location(tmp.path / "depot"));
    REQUIRE(opened.ok());
    DepotStore& store = *opened.value();
    auto first = store.store_visit(received("v-1", "job-1", "completed", 1000), 5000);
    REQUIRE(first.ok());
    CHECK(first->second.received_at_ms == 5000);
    auto again = store.store_visit(received("v-1", "job-1", "completed", 1000), 9000);
    CHECK(again->first == StoreVisitOutcome::Replay);
    CHECK(again->second == first->second);
    auto other = store.store_visit(received("v-1", "job-1", "completed", 1000, std::string(64, 'c')), 9000);
    CHECK(other->first == StoreVisitOutcome::Conflict);
    CHECK(store.visit_count().value() == 1);
}

TEST_CASE("a depot directory whose database is refused stays as it was, without an attachments folder added" * FC_SQLITE_ONLY) {
    TempDir tmp;
    const auto dir = tmp.path / "depot";
    std::filesystem::create_directories(dir);
    write_file(dir / "depot.db", std::string(8192, '\x42'));
    auto store = DepotStore::open(test_depot_location(dir));
    REQUIRE_FALSE(store.ok());
    CHECK(store.error().code == ErrorCode::refused);
    std::vector<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(dir)) names.push_back(e.path().filename().string());
    CHECK(names == std::vector<std::string>{"depot.db"});
}

TEST_CASE("opening an existing depot refuses a directory without one and creates nothing" * FC_SQLITE_ONLY) {
    TempDir tmp;
    auto missing = DepotStore::open_existing(test_depot_location(tmp.path / "typo"));
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().code == ErrorCode::no_depot);
    CHECK(missing.error().message.find((tmp.path / "typo").string()) != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(tmp.path / "typo"));
    std::filesystem::create_directories(tmp.path / "empty");
    CHECK(DepotStore::open_existing(test_depot_location(tmp.path / "empty")).error().code == ErrorCode::no_depot);
    CHECK(std::filesystem::is_empty(tmp.path / "empty"));
    REQUIRE(DepotStore::open(test_depot_location(tmp.path / "real")).ok());
    CHECK(DepotStore::open_existing(test_depot_location(tmp.path / "real")).ok());
}

TEST_CASE("a cursor ahead of the depot's sequence, as after restoring a backup, starts over instead of missing assignments") {
    TempDir tmp;
    auto store = DepotStore::open(test_depot_location(tmp.path / "depot"));
    REQUIRE(store.ok());
    DepotStore& depot = *store.value();
    auto t = repo_template(kTemplateName);
    REQUIRE(depot.import_template(*t, 1).ok());
    REQUIRE(depot.put_assignments({make_assignment("v-1", "tech-a", *t, "job-1"), make_assignment("v-2", "tech-a", *t, "job-2")}, 1).ok());
    // The tablet had seen up to number 40 of this depot before the depot was restored to an older copy.
    const std::string ahead = depot.instance_id() + "-40";
    auto page = depot.assignments_since("tech-a", ahead, 200);
    REQUIRE(page.ok());
    CHECK(page->assignments.size() == 2);
    CHECK(page->cursor == depot.instance_id() + "-2");
    // A cursor the depot handed out itself still means "after this one".
    auto next = depot.assignments_since("tech-a", page->cursor, 200);
    REQUIRE(next.ok());
    CHECK(next->assignments.empty());
    CHECK(next->cursor == page->cursor);
}

TEST_CASE("a token is found by its value, revoked or not, and an unknown one is an error") {
    TempDir tmp;
    auto store = DepotStore::open(test_depot_location(tmp.path / "depot"));
    REQUIRE(store.ok());
    auto first = store.value()->create_token("tech-a", "tablet 1", 1);
    auto second = store.value()->create_token("tech-b", "tablet van Jörg", 2);
    REQUIRE(first.ok());
    REQUIRE(second.ok());
    CHECK(store.value()->token_id(second->token).value() == second->id);
    REQUIRE(store.value()->revoke_token(second->id, 3).ok());
    CHECK(store.value()->token_id(second->token).value() == second->id);
    CHECK(store.value()->token_id(std::string(64, 'a')).error().code == ErrorCode::no_such_token);
    CHECK(store.value()->token_id("not a token").error().code == ErrorCode::no_such_token);
    CHECK(store.value()->technician_for_token(first->token).value() == std::optional<std::string>("tech-a"));
    CHECK(store.value()->list_tokens().value().at(1).device == "tablet van Jörg");
}
