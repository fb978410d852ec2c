// A power cut can tear page 1 of the database while a hot journal or the WAL still holds its good
// copy. The store must let SQLite recover such a file instead of judging the torn header itself.
// Both cases were found by the random power-cut test (docs/reliability.md) at a rate of a few in a
// million cut points; these tests build them on purpose so the fix cannot regress unnoticed.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <filesystem>

#include "tests/sync/store/power_cut_vfs.h"
#include "tests/sync/store/store_fixtures.h"
#include "sync/store/device_store.h"
#include "tests/test_clock.h"

using namespace fc;
using fc::test::RawDatabase;
using fc::test::TempDir;

namespace {

void put_big_endian(std::string& bytes, std::size_t offset, std::uint32_t value) {
    bytes[offset] = static_cast<char>(value >> 24);
    bytes[offset + 1] = static_cast<char>(value >> 16);
    bytes[offset + 2] = static_cast<char>(value >> 8);
    bytes[offset + 3] = static_cast<char>(value);
}

// Copies a store's files as a power cut would leave them: whatever the main file and its sidecars
// hold right now, while the store is still open (nothing checkpointed, nothing cleaned up).
void copy_files_of_open_store(const std::filesystem::path& from, const std::filesystem::path& to) {
    std::filesystem::create_directories(to);
    for (const auto& entry : std::filesystem::directory_iterator(from)) {
        if (entry.is_regular_file()) std::filesystem::copy_file(entry.path(), to / entry.path().filename());
    }
}

}  // namespace

TEST_CASE("a page 1 torn by the first checkpoint is recovered from the WAL, not refused as another program's file") {
    TempDir live;
    TempDir after_cut;
    {
        auto store = DeviceStore::open(live.path(), fc::test::still_clock());
        REQUIRE_MESSAGE(store.ok(), store.error().message);
        REQUIRE((*store)->put_template(test::fiber_template()).ok());
        REQUIRE((*store)->put_assignment(test::fiber_assignment("v-torn")).ok());
        copy_files_of_open_store(live.path(), after_cut.path());
    }
    const auto db = test::database_path(after_cut.path());
    const auto wal = std::filesystem::path(db.string() + "-wal");
    REQUIRE(std::filesystem::exists(wal));
    REQUIRE(std::filesystem::file_size(wal) > 0);
    std::filesystem::remove(std::filesystem::path(db.string() + "-shm"));  // memory, not disk

    // The checkpoint's page-1 write landed up to the schema cookie (bytes 40-43) and no further:
    // the main file now says "tables, but no user_version", the look of another program's database.
    std::string bytes = test::file_bytes(db);
    REQUIRE(bytes.size() >= 100);
    put_big_endian(bytes, 40, 7);
    put_big_endian(bytes, 60, 0);
    test::write_bytes(db, bytes);
    {
        // SQLite itself reads page 1 from the WAL (on a copy: closing it would checkpoint).
        TempDir probe;
        copy_files_of_open_store(after_cut.path(), probe.path());
        RawDatabase raw(test::database_path(probe.path()));
        REQUIRE(raw.count("PRAGMA user_version") > 0);
    }

    auto reopened = DeviceStore::open(after_cut.path(), fc::test::still_clock());
    REQUIRE_MESSAGE(reopened.ok(), reopened.error().message);
    auto visit = (*reopened)->load_visit("v-torn");
    CHECK_MESSAGE(visit.ok(), (visit.ok() ? "" : visit.error().message));
}

TEST_CASE("a first start cut while page 1 was written, with its hot journal beside it, opens as a new store") {
    // What the very first start leaves when the power goes after the hot journal was synced and
    // while page 1 was being written: a journal saying "the database was empty", and a main file
    // torn after 8 bytes. The power-cut layer finds those cut points; the tear is then made exact.
    int torn_starts = 0;
    for (std::uint64_t cut = 1; cut <= 12; ++cut) {
        TempDir dir;
        const auto db = test::database_path(dir.path());
        const auto journal = std::filesystem::path(db.string() + "-journal");
        {
            test::PowerCut power(cut);
            power.cut_at(cut);
            { auto store = DeviceStore::open(dir.path(), fc::test::still_clock()); }
            power.reboot();
        }
        if (!std::filesystem::exists(journal) || std::filesystem::file_size(journal) == 0) continue;
        if (test::file_bytes(journal)[0] == '\0') continue;  // SQLite ignores a journal that starts with a zero byte
        ++torn_starts;
        test::write_bytes(db, "SQLite f");
        auto store = DeviceStore::open(dir.path(), fc::test::still_clock());
        REQUIRE_MESSAGE(store.ok(), "cut at op " << cut << ": " << store.error().message);
        CHECK((*store)->put_template(test::fiber_template()).ok());
    }
    CHECK(torn_starts > 0);
}
