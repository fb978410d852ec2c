// Opening the device store: private directory, refusing files it must not write over, migrations.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include "store/store_fixtures.h"
#include "sync/device_schema.h"
#include "sync/device_store.h"

using namespace fc;
using fc::test::RawDatabase;
using fc::test::TempDir;

namespace {

// A closed store with a template and a visit in it, checkpointed into the main file.
void make_store_with_data(const std::filesystem::path& dir) {
    auto store = DeviceStore::open(dir);
    REQUIRE_MESSAGE(store.ok(), store.error().message);
    REQUIRE((*store)->put_template(test::fiber_template()).ok());
    REQUIRE((*store)->put_assignment(test::fiber_assignment("v-1")).ok());
    REQUIRE((*store)->set_setting("language", "nl").ok());
}

}  // namespace

TEST_CASE("open creates the store directory private to the user (0700) with the database and attachments in it") {
    TempDir tmp;
    const auto dir = tmp / "nested" / "tablet-data";
    auto store = DeviceStore::open(dir);
    REQUIRE_MESSAGE(store.ok(), store.error().message);
    struct stat st{};
    REQUIRE(::stat(dir.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0700);
    CHECK(std::filesystem::is_regular_file(dir / "fieldcheck.db"));
    REQUIRE(::stat((dir / "attachments").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0700);
    CHECK((*store)->dir() == dir);
}

TEST_CASE("open leaves the mode of an existing directory as the person set it") {
    TempDir tmp;
    const auto dir = tmp / "shared";
    std::filesystem::create_directory(dir);
    ::chmod(dir.c_str(), 0750);
    auto store = DeviceStore::open(dir);
    REQUIRE_MESSAGE(store.ok(), store.error().message);
    struct stat st{};
    REQUIRE(::stat(dir.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0750);
}

TEST_CASE("a file that is not an SQLite database is refused as corrupt, naming it, and left byte for byte untouched") {
    TempDir tmp;
    const auto file = test::database_path(tmp.path());
    const std::string bytes = "{\"visits\": [\"this is somebody's JSON, not a database\"]}\n" + std::string(5000, 'x');
    test::write_bytes(file, bytes);
    auto store = DeviceStore::open(tmp.path());
    REQUIRE_FALSE(store.ok());
    CHECK(store.error().code == "corrupt");
    CHECK(store.error().message.find(file.string()) != std::string::npos);
    CHECK(test::file_bytes(file) == bytes);
    CHECK_FALSE(std::filesystem::exists(file.string() + "-wal"));
    CHECK_FALSE(std::filesystem::exists(file.string() + "-journal"));
}

TEST_CASE("a file shorter than the SQLite header is refused as corrupt and left untouched") {
    TempDir tmp;
    const auto file = test::database_path(tmp.path());
    test::write_bytes(file, "SQLite");
    auto store = DeviceStore::open(tmp.path());
    REQUIRE_FALSE(store.ok());
    CHECK(store.error().code == "corrupt");
    CHECK(test::file_bytes(file) == "SQLite");
}

TEST_CASE("an empty database file (a crash before the first commit) opens as a new store") {
    TempDir tmp;
    test::write_bytes(test::database_path(tmp.path()), "");
    auto store = DeviceStore::open(tmp.path());
    REQUIRE_MESSAGE(store.ok(), store.error().message);
    CHECK((*store)->list_visits().value().empty());
}

TEST_CASE("a database from a newer schema version is refused naming both versions and left untouched") {
    TempDir tmp;
    make_store_with_data(tmp.path());
    const auto file = test::database_path(tmp.path());
    {
        RawDatabase raw(file);
        raw.exec("PRAGMA user_version = 7");
    }  // the last connection closes: the WAL is checkpointed into the main file
    const std::string before = test::file_bytes(file);
    auto store = DeviceStore::open(tmp.path());
    REQUIRE_FALSE(store.ok());
    CHECK(store.error().code == "newer_schema");
    CHECK(store.error().message.find("7") != std::string::npos);
    CHECK(store.error().message.find(std::to_string(DeviceStore::kSchemaVersion)) != std::string::npos);
    CHECK(store.error().message.find(file.string()) != std::string::npos);
    CHECK(test::file_bytes(file) == before);
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
    auto store = DeviceStore::open(tmp.path());
    REQUIRE_FALSE(store.ok());
    CHECK(store.error().code == "corrupt");
    CHECK(store.error().message.find(file.string()) != std::string::npos);
    CHECK(test::file_bytes(file) == bytes);
}

TEST_CASE("a new store is migrated to the current schema version in WAL mode with every table") {
    TempDir tmp;
    { REQUIRE(DeviceStore::open(tmp.path()).ok()); }
    CHECK(device_schema_version() == DeviceStore::kSchemaVersion);
    RawDatabase raw(test::database_path(tmp.path()));
    CHECK(raw.count("PRAGMA user_version") == DeviceStore::kSchemaVersion);
    CHECK(raw.column("PRAGMA journal_mode").front() == "wal");
    const auto tables = raw.column("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
    CHECK(tables == std::vector<std::string>{"attachments", "events", "outbox", "settings", "templates", "visits"});
}

TEST_CASE("reopening a store keeps its data and does not migrate again") {
    TempDir tmp;
    make_store_with_data(tmp.path());
    auto store = DeviceStore::open(tmp.path());
    REQUIRE_MESSAGE(store.ok(), store.error().message);
    CHECK((*store)->list_visits().value().size() == 1);
    CHECK((*store)->setting("language").value() == std::optional<std::string>("nl"));
    CHECK((*store)->integrity_check().value() == "ok");
}

TEST_CASE("two connections on one store (the GUI and the background sync) both read and write it") {
    TempDir tmp;
    auto gui = DeviceStore::open(tmp.path());
    auto sync = DeviceStore::open(tmp.path());
    REQUIRE(gui.ok());
    REQUIRE(sync.ok());
    REQUIRE((*sync)->put_template(test::fiber_template()).ok());
    REQUIRE((*sync)->apply_assignment_page({test::fiber_assignment("v-1"), test::fiber_assignment("v-2")}, "c1").ok());
    CHECK((*gui)->list_visits().value().size() == 2);
    REQUIRE((*gui)->set_setting("language", "en").ok());
    CHECK((*sync)->setting("language").value() == std::optional<std::string>("en"));
}
