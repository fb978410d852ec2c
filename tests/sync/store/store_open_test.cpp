// Opening the device store: private directory, refusing files it must not write over, migrations.
#include <doctest/doctest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include "tests/sync/store/open_store.h"
#include "tests/sync/store/store_fixtures.h"
#include "sync/store/device_schema.h"
#include "sync/store/device_store.h"
#include "tests/test_clock.h"

using namespace fc;
using fc::test::open_store;
using fc::test::RawDatabase;
using fc::test::TempDir;

namespace {

// A closed store with a template and a visit in it, checkpointed into the main file.
void make_store_with_data(const std::filesystem::path& dir) {
    auto store = open_store(dir, {1});
    REQUIRE(store->put_assignment(test::fiber_assignment("v-1")).ok());
    REQUIRE(store->set_setting("language", "nl").ok());
}

// Changes a closed store's file through SQLite itself; the last connection closing checkpoints the
// WAL into the main file.
void change_stored_file(const std::filesystem::path& dir, const std::string& sql) {
    RawDatabase raw(test::database_path(dir));
    raw.exec(sql);
}

// Another program's SQLite file, written through SQLite itself: `sql` runs on a fresh file. With
// `keep_wal`, the connection closes without a checkpoint, so what `sql` wrote stays in the -wal.
void write_foreign_database(const std::filesystem::path& file, const std::string& sql, bool keep_wal = false) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) == SQLITE_OK);
    if (keep_wal) sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
    char* message = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
    const std::string text = message ? message : "";
    sqlite3_free(message);
    sqlite3_close(db);
    REQUIRE_MESSAGE(rc == SQLITE_OK, text);
}

// Opening the store in `dir` must be refused, its database file left byte for byte as it was;
// returns why it was refused.
Error refused_untouched(const std::filesystem::path& dir) {
    const auto file = test::database_path(dir);
    const std::string before = test::file_bytes(file);
    auto store = DeviceStore::open(dir, fc::test::still_clock());
    REQUIRE_FALSE(store.ok());
    CHECK(test::file_bytes(file) == before);
    return store.error();
}

bool exists(const std::filesystem::path& file, const char* suffix) {
    return std::filesystem::exists(file.string() + suffix);
}

}  // namespace

TEST_CASE("open creates the store directory private to the user (0700) with the database and attachments in it") {
    TempDir tmp;
    const auto dir = tmp / "nested" / "tablet-data";
    auto store = open_store(dir);
    struct stat st{};
    REQUIRE(::stat(dir.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0700);
    CHECK(std::filesystem::is_regular_file(dir / "fieldcheck.db"));
    REQUIRE(::stat((dir / "attachments").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0700);
    CHECK(store->dir() == dir);
}

TEST_CASE("open leaves the mode of an existing directory as the person set it") {
    TempDir tmp;
    const auto dir = tmp / "shared";
    std::filesystem::create_directory(dir);
    ::chmod(dir.c_str(), 0750);
    auto store = open_store(dir);
    struct stat st{};
    REQUIRE(::stat(dir.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0750);
}

TEST_CASE("a file that is not an SQLite database is refused as corrupt, naming it, and left byte for byte untouched") {
    TempDir tmp;
    const auto file = test::database_path(tmp.path());
    const std::string bytes = "{\"visits\": [\"this is somebody's JSON, not a database\"]}\n" + std::string(5000, 'x');
    test::write_bytes(file, bytes);
    const Error refused = refused_untouched(tmp.path());
    CHECK(refused.code == ErrorCode::corrupt);
    CHECK(refused.message.find(file.string()) != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(file.string() + "-wal"));
    CHECK_FALSE(std::filesystem::exists(file.string() + "-journal"));
}

TEST_CASE("a file shorter than the SQLite header is refused as corrupt and left untouched") {
    TempDir tmp;
    const auto file = test::database_path(tmp.path());
    test::write_bytes(file, "SQLite");
    CHECK(refused_untouched(tmp.path()).code == ErrorCode::corrupt);
}

TEST_CASE("an empty database file (a crash before the first commit) opens as a new store") {
    TempDir tmp;
    test::write_bytes(test::database_path(tmp.path()), "");
    auto store = open_store(tmp.path());
    CHECK(store->list_visits().value().empty());
}

TEST_CASE("a database from a newer schema version is refused naming both versions and left untouched") {
    TempDir tmp;
    make_store_with_data(tmp.path());
    change_stored_file(tmp.path(), "PRAGMA user_version = 7");
    const auto file = test::database_path(tmp.path());
    const Error refused = refused_untouched(tmp.path());
    CHECK(refused.code == ErrorCode::newer_schema);
    CHECK(refused.message.find("7") != std::string::npos);
    CHECK(refused.message.find(std::to_string(DeviceStore::kSchemaVersion)) != std::string::npos);
    CHECK(refused.message.find(file.string()) != std::string::npos);
    RawDatabase raw(file);
    CHECK(raw.count("PRAGMA user_version") == 7);
}

TEST_CASE("a database that fails its quick_check is refused as corrupt and left untouched") {
    TempDir tmp;
    make_store_with_data(tmp.path());
    const auto file = test::database_path(tmp.path());
    std::string bytes = test::file_bytes(file);
    REQUIRE(bytes.size() >= 4 * 4096);
    // Page 1 (header and schema) stays valid, so only the integrity check can notice: the b-tree
    // pages after it are overwritten with garbage.
    for (std::size_t i = 4096; i < bytes.size(); ++i) bytes[i] = static_cast<char>((i * 131) & 0xff);
    test::write_bytes(file, bytes);
    const Error refused = refused_untouched(tmp.path());
    CHECK(refused.code == ErrorCode::corrupt);
    CHECK(refused.message.find(file.string()) != std::string::npos);
}

TEST_CASE("a new store is migrated to the current schema version in WAL mode with every table") {
    TempDir tmp;
    { REQUIRE(DeviceStore::open(tmp.path(), fc::test::still_clock()).ok()); }
    CHECK(device_schema_version() == DeviceStore::kSchemaVersion);
    RawDatabase raw(test::database_path(tmp.path()));
    CHECK(raw.count("PRAGMA user_version") == DeviceStore::kSchemaVersion);
    CHECK(raw.column("PRAGMA journal_mode").front() == "wal");
    const auto tables = raw.column("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
    CHECK(tables == std::vector<std::string>{"attachments", "events", "outbox", "set_aside_reports", "settings", "templates",
                                             "visits"});
}

TEST_CASE("reopening a store keeps its data and does not migrate again") {
    TempDir tmp;
    make_store_with_data(tmp.path());
    auto store = open_store(tmp.path());
    CHECK(store->list_visits().value().size() == 1);
    CHECK(store->setting("language").value() == std::optional<std::string>("nl"));
    CHECK(store->integrity_check().value() == "ok");
}

TEST_CASE("two connections on one store (the GUI and the background sync) both read and write it") {
    TempDir tmp;
    auto gui = DeviceStore::open(tmp.path(), fc::test::still_clock());
    auto sync = DeviceStore::open(tmp.path(), fc::test::still_clock());
    REQUIRE(gui.ok());
    REQUIRE(sync.ok());
    REQUIRE((*sync)->put_template(test::fiber_template()).ok());
    REQUIRE((*sync)->apply_assignment_page({test::fiber_assignment("v-1"), test::fiber_assignment("v-2")}, "c1").ok());
    CHECK((*gui)->list_visits().value().size() == 2);
    REQUIRE((*gui)->set_setting("language", "en").ok());
    CHECK((*sync)->setting("language").value() == std::optional<std::string>("en"));
}

TEST_CASE("the store's connection runs journal_mode WAL and synchronous FULL, with foreign keys on") {
    TempDir tmp;
    auto store = open_store(tmp.path());
    CHECK(store->pragma("journal_mode").value() == "wal");
    CHECK(store->pragma("synchronous").value() == "2");  // FULL: a returned commit survives power loss
    CHECK(store->pragma("foreign_keys").value() == "1");
    CHECK(store->pragma("user_version").value() == std::to_string(DeviceStore::kSchemaVersion));
    // A second connection (the background sync's) gets the same settings, not SQLite's defaults.
    auto second = open_store(tmp.path());
    CHECK(second->pragma("synchronous").value() == "2");
    CHECK(second->pragma("journal_mode").value() == "wal");
    // Only the listed settings are read; nothing that writes or runs a statement of the caller's.
    for (const char* name : {"journal_mode=DELETE", "synchronous=OFF", "wal_checkpoint", "table_info(visits)", ""}) {
        CAPTURE(name);
        const auto refused = store->pragma(name);
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().code == ErrorCode::unknown_pragma);
    }
    CHECK(store->pragma("synchronous").value() == "2");
}

TEST_CASE("a new store carries fieldcheck's application_id") {
    TempDir tmp;
    { REQUIRE(DeviceStore::open(tmp.path(), fc::test::still_clock()).ok()); }
    RawDatabase raw(test::database_path(tmp.path()));
    CHECK(raw.count("PRAGMA application_id") == kDeviceApplicationId);
}

TEST_CASE("another program's database (user_version 0 with tables) is refused as not a fieldcheck database, untouched") {
    TempDir tmp;
    const auto file = test::database_path(tmp.path());
    write_foreign_database(file, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); "
                                 "INSERT INTO notes (body) VALUES ('boodschappen: melk, kaas');");
    const Error refused = refused_untouched(tmp.path());
    CHECK(refused.code == ErrorCode::not_fieldcheck);
    CHECK(refused.message.find("is not a fieldcheck database") != std::string::npos);
    CHECK(refused.message.find(file.string()) != std::string::npos);
    CHECK_FALSE(exists(file, "-wal"));
    CHECK_FALSE(exists(file, "-shm"));
    CHECK_FALSE(exists(file, "-journal"));
    RawDatabase raw(file);
    CHECK(raw.column("SELECT name FROM sqlite_master ORDER BY name") == std::vector<std::string>{"notes"});
}

TEST_CASE("another program's WAL database whose tables are still in its -wal is refused too, and its files stay as they were") {
    TempDir tmp;
    const auto file = test::database_path(tmp.path());
    write_foreign_database(file, "PRAGMA journal_mode=WAL; CREATE TABLE readings (at INTEGER, value REAL); "
                                 "INSERT INTO readings VALUES (1, 2.5);", true);
    REQUIRE(exists(file, "-wal"));
    const std::string wal_before = test::file_bytes(file.string() + "-wal");
    const Error refused = refused_untouched(tmp.path());
    CHECK(refused.code == ErrorCode::not_fieldcheck);
    CHECK(refused.message.find("readings") != std::string::npos);
    CHECK(test::file_bytes(file.string() + "-wal") == wal_before);
}

TEST_CASE("a WAL database of another program is refused without leaving a -wal or -shm behind") {
    TempDir tmp;
    const auto file = test::database_path(tmp.path());
    // Checkpointed and closed: only the main file, in WAL mode, is left. Its user_version is not 0,
    // so only SQLite can tell (by the missing tables), and opening it made SQLite create a -wal and
    // a -shm next to it.
    write_foreign_database(file, "PRAGMA journal_mode=WAL; CREATE TABLE readings (at INTEGER, value REAL); "
                                 "PRAGMA user_version = 1;");
    REQUIRE_FALSE(exists(file, "-wal"));
    CHECK(refused_untouched(tmp.path()).code == ErrorCode::not_fieldcheck);
    CHECK_FALSE(exists(file, "-wal"));
    CHECK_FALSE(exists(file, "-shm"));
}

TEST_CASE("a database with another application_id is refused as not a fieldcheck database, untouched") {
    TempDir tmp;
    const auto file = test::database_path(tmp.path());
    // No table and user_version 0: only the application id says it belongs to someone else.
    write_foreign_database(file, "PRAGMA application_id = 1195724874;");  // "GPKG", a GeoPackage
    REQUIRE(test::file_bytes(file).size() >= 100);
    const Error refused = refused_untouched(tmp.path());
    CHECK(refused.code == ErrorCode::not_fieldcheck);
    CHECK(refused.message.find("1195724874") != std::string::npos);
    CHECK_FALSE(exists(file, "-wal"));
    CHECK_FALSE(exists(file, "-shm"));
}

TEST_CASE("a device database written before the application_id existed opens, keeps its data and is marked") {
    TempDir tmp;
    make_store_with_data(tmp.path());
    change_stored_file(tmp.path(), "PRAGMA application_id = 0");
    auto store = open_store(tmp.path());
    CHECK(store->list_visits().value().size() == 1);
    CHECK(store->pragma("application_id").value() == std::to_string(kDeviceApplicationId));
}

TEST_CASE("a file with a schema version but without fieldcheck's tables or application_id is refused, untouched") {
    TempDir tmp;
    const auto file = test::database_path(tmp.path());
    write_foreign_database(file, "CREATE TABLE visits (id TEXT); PRAGMA user_version = 1;");
    const Error refused = refused_untouched(tmp.path());
    CHECK(refused.code == ErrorCode::not_fieldcheck);
    CHECK(refused.message.find("events") != std::string::npos);  // a missing table is named
}
