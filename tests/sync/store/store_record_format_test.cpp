// Each visit keeps the record format it was walked under (device schema 3): a visit begun before
// the upgrade finishes, seals and is sent as format 1; a new one is walked under this build's.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include "tests/sync/store/open_store.h"
#include "tests/sync/store/store_fixtures.h"
#include "tests/sync/store/visit_walk.h"
#include "sync/store/device_schema.h"
#include "sync/store/device_store.h"

using namespace fc;
using fc::test::RawDatabase;
using fc::test::open_store;
using fc::test::TempDir;

namespace {

constexpr std::size_t kActionsBeforeUpgrade = 6;  // opened, prechecks answered, steps begun

// The columns of `table` in a file, in order.
std::vector<std::string> columns(const std::filesystem::path& file, const std::string& table) {
    RawDatabase raw(file);
    return raw.column("SELECT name FROM pragma_table_info('" + table + "')");
}

// Runs the first `version` migrations on a fresh file, the way a tablet of that version built it.
std::filesystem::path schema_file(const TempDir& tmp, int version) {
    const auto file = tmp.path() / ("schema-v" + std::to_string(version) + ".db");
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(file.c_str(), &db) == SQLITE_OK);
    int count = 0;
    const DeviceMigration* migrations = device_migrations(&count);
    for (int i = 0; i < count && migrations[i].to_version <= version; ++i) {
        REQUIRE(sqlite3_exec(db, migrations[i].sql, nullptr, nullptr, nullptr) == SQLITE_OK);
    }
    sqlite3_close(db);
    return file;
}

// A store as a build of schema `version` (1 or 2) left it: visit walk-0 walked part way (its events
// valid under format 1, the only format such a build sealed) and visit v-new not started. Made by
// today's store, then brought back to that version's tables, checked against its migrations.
void make_old_store(const TempDir& tmp, const std::filesystem::path& dir, int version) {
    {
        auto store = open_store(dir, {1});
        REQUIRE(store->put_assignment(test::walk_assignment(0)).ok());
        REQUIRE(store->put_assignment(test::fiber_assignment("v-new")).ok());
        auto v = store->load_visit(test::walk_visit_id(0));
        REQUIRE(v.ok());
        Visit visit = *v;
        for (std::size_t i = 0; i < kActionsBeforeUpgrade; ++i) {
            auto events = test::walk_step(visit, 0, i);
            REQUIRE_MESSAGE(events.ok(), events.error().message);
            Visit after = visit;
            REQUIRE(after.apply(*events).ok());
            REQUIRE(store->append_events(after, *events).ok());
            visit = std::move(after);
        }
    }
    RawDatabase raw(test::database_path(dir));
    // Each later step undone: schema 5's error columns, schema 4's set-aside reports, schema 3's columns.
    raw.exec("ALTER TABLE outbox DROP COLUMN last_error_code; ALTER TABLE outbox DROP COLUMN last_error_ms;");
    raw.exec("DROP TABLE set_aside_reports;");
    raw.exec("ALTER TABLE visits DROP COLUMN record_format; ALTER TABLE visits DROP COLUMN withdrawn;");
    if (version < 2) raw.exec("ALTER TABLE outbox DROP COLUMN record; ALTER TABLE outbox DROP COLUMN attachments;");
    raw.exec("PRAGMA user_version = " + std::to_string(version));
    const auto reference = schema_file(tmp, version);
    for (const char* table : {"visits", "outbox", "events", "settings"}) {
        CAPTURE(table);
        REQUIRE(columns(test::database_path(dir), table) == columns(reference, table));
    }
}

}  // namespace

TEST_CASE("a visit begun before the schema 3 upgrade finishes and seals as format 1, and one not begun takes the new format") {
    for (const int old_version : {1, 2}) {
        CAPTURE(old_version);
        TempDir tmp;
        const auto dir = tmp.path() / "tablet";
        make_old_store(tmp, dir, old_version);

        auto store = open_store(dir);
        CHECK(store->pragma("user_version").value() == std::to_string(DeviceStore::kSchemaVersion));
        auto begun = store->load_visit(test::walk_visit_id(0));
        REQUIRE_MESSAGE(begun.ok(), begun.error().message);
        CHECK(begun->format() == 1);
        auto not_begun = store->load_visit("v-new");
        REQUIRE(not_begun.ok());
        CHECK(not_begun->format() == kSealedRecordFormat);

        // Format 1 has no intake: a confirmation for the old visit is skipped, not sealed.
        DownSyncPage page;
        page.confirmations = {PrecheckConfirmation{test::walk_visit_id(0), "patch", "intake", 1'699'900'000'000}};
        page.cursor = "c-1";
        auto applied = store->apply_assignment_page(page);
        REQUIRE(applied.ok());
        CHECK(applied->intake_sealed == 0);

        // The rest of the walk, stored action by action, to the seal.
        Visit visit = *begun;
        const auto all = test::walk_actions(0);
        for (std::size_t i = kActionsBeforeUpgrade; i < all.size(); ++i) {
            CAPTURE(i);
            auto events = test::walk_step(visit, 0, i);
            REQUIRE_MESSAGE(events.ok(), events.error().message);
            Visit after = visit;
            REQUIRE(after.apply(*events).ok());
            const Status s = store->append_events(after, *events);
            REQUIRE_MESSAGE(s.ok(), s.error().message);
            visit = std::move(after);
        }
        REQUIRE(visit.sealed());
        auto record = store->sealed_record(test::walk_visit_id(0));
        REQUIRE(record.ok());
        CHECK(record->bytes.find("\"format\"") == std::string::npos);  // format-1 bytes, as before
        auto decoded = decode_visit_record(record->bytes);
        REQUIRE(decoded.ok());
        CHECK(decoded->format == 1);
        auto replayed = replay_visit(*decoded, store->get_template("fiber-install", 1).value());
        REQUIRE_MESSAGE(replayed.ok(), replayed.error().message);
        CHECK(replayed->seal() == visit.seal());
    }
}

TEST_CASE("a visit created after the upgrade is walked and sealed under this build's record format") {
    TempDir tmp;
    const auto dir = tmp.path() / "tablet";
    make_old_store(tmp, dir, 2);
    auto store = open_store(dir);
    REQUIRE(store->put_assignment(test::walk_assignment(1)).ok());
    auto loaded = store->load_visit(test::walk_visit_id(1));
    REQUIRE(loaded.ok());
    Visit visit = *loaded;
    CHECK(visit.format() == kSealedRecordFormat);
    const auto all = test::walk_actions(1);
    for (std::size_t i = 0; i < all.size(); ++i) {
        auto events = test::walk_step(visit, 1, i);
        REQUIRE_MESSAGE(events.ok(), events.error().message);
        Visit after = visit;
        REQUIRE(after.apply(*events).ok());
        REQUIRE(store->append_events(after, *events).ok());
        visit = std::move(after);
    }
    auto record = store->sealed_record(test::walk_visit_id(1));
    REQUIRE(record.ok());
    CHECK(decode_visit_record(record->bytes)->format == kSealedRecordFormat);
    RawDatabase raw(test::database_path(dir));
    CHECK(raw.count("SELECT record_format FROM visits WHERE visit_id = '" + test::walk_visit_id(1) + "'") ==
          kSealedRecordFormat);
}

TEST_CASE("changes made under another record format than the visit's stored events are refused") {
    TempDir tmp;
    auto store = open_store(tmp.path(), {1});
    REQUIRE(store->put_assignment(test::walk_assignment(0)).ok());
    Visit visit = store->load_visit(test::walk_visit_id(0)).value();
    auto opened = visit.open(Instant{1'700'000'000'000, 1});
    REQUIRE(opened.ok());
    REQUIRE(store->append_events(opened->next, opened->events).ok());
    // The same events walked as a format-1 visit: the store must not mix the two.
    Visit as_format_1(test::walk_assignment(0), store->get_template("fiber-install", 1).value(), 1);
    REQUIRE(as_format_1.apply(opened->events).ok());
    auto next = as_format_1.record_precheck("socket", Answer::met(), Instant{1'700'000'001'000, 2});
    REQUIRE(next.ok());
    const Status s = store->append_events(next->next, next->events);
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().code == ErrorCode::invalid_events);
}
