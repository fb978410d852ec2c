// A disk that fills up part-way through a technician's day: at a random moment only a random
// number of bytes is left (store/power_cut_vfs.h's quota), so the disk runs out anywhere: inside a
// WAL commit, between a photo's bytes, in its rename. Every refused call says "disk_full" with the
// sentence the technician reads, the refused answer is not stored, nothing earlier is lost (even
// across an app restart on the full disk), and once space is back the very same call succeeds.
//
// FIELDCHECK_FULL_DISK_TRIALS sets the number of days (default 100), FIELDCHECK_FULL_DISK_SEED
// repeats a run (the seed is printed).
#include <doctest/doctest.h>

#include <cstdlib>
#include <functional>
#include <memory>
#include <random>

#include "tests/sync/store/power_cut_vfs.h"
#include "tests/sync/store/store_day.h"
#include "tests/sync/store/store_fixtures.h"
#include "sync/store/device_store.h"
#include "sync/storage/durable_file.h"
#include "tests/test_clock.h"

using namespace fc;
using namespace fc::test;

namespace {

// One day on a disk that fills up after call number `fill_at`, leaving `free_bytes`.
class FillingDay {
public:
    FillingDay(const std::filesystem::path& dir, PowerCut& disk, std::uint64_t fill_at, std::uint64_t free_bytes)
        : dir_(dir), disk_(disk), fill_at_(fill_at), free_bytes_(free_bytes) {}

    // Every store call of the day goes through here. Returns the call's final result.
    Status call(const std::function<Status()>& action) {
        if (++calls_ == fill_at_) disk_.set_free_bytes(free_bytes_);
        Status first = action();
        if (first.ok()) return first;
        ++refusals_;
        CHECK_MESSAGE(first.error().code == ErrorCode::disk_full, first.error().code << ": " << first.error().message);
        CHECK(first.error().message == kDiskFullMessage);
        check_nothing_lost_("after the refusal");
        // The technician restarts the app, the disk still full: everything earlier is there.
        store_.reset();
        auto reopened = DeviceStore::open(dir_, fc::test::still_clock());
        REQUIRE_MESSAGE(reopened.ok(), "the store does not open on the full disk: " << reopened.error().message);
        store_ = std::move(*reopened);
        check_nothing_lost_("after a restart on the full disk");
        disk_.set_free_bytes(std::nullopt);  // space is freed
        Status again = action();
        CHECK_MESSAGE(again.ok(), "the same call once space is back: " << (again.ok() ? "" : again.error().message));
        return again;
    }

    void run() {
        auto opened = DeviceStore::open(dir_, fc::test::still_clock());
        REQUIRE_MESSAGE(opened.ok(), opened.error().message);
        store_ = std::move(*opened);
        const Status walked = walk_store_day([&]() -> DeviceStore& { return *store_; },
                                                   [&](const std::function<Status()>& write) { return call(write); },
                                                   ledger_);
        REQUIRE_MESSAGE(walked.ok(), walked.error().message);
        store_.reset();
    }

    std::uint64_t calls() const { return calls_; }
    int refusals() const { return refusals_; }
    const std::map<std::string, std::size_t>& acked() const { return ledger_.acked; }
    const std::vector<std::string>& attachments() const { return ledger_.attachments; }

private:
    void check_nothing_lost_(const char* when) {
        for (const auto& [id, count] : ledger_.acked) {
            auto v = store_->load_visit(id);
            REQUIRE_MESSAGE(v.ok(), id << " " << when << ": " << v.error().message);
            CHECK_MESSAGE(v->events().size() == count, id << " " << when << " holds " << v->events().size()
                                                           << " events, " << count << " were acknowledged");
        }
        for (const std::string& sha : ledger_.attachments) {
            auto bytes = store_->read_attachment(sha);
            CHECK_MESSAGE(bytes.ok(), "attachment " << sha << " " << when << ": " << (bytes ? "" : bytes.error().message));
        }
    }

    std::filesystem::path dir_;
    PowerCut& disk_;
    std::uint64_t fill_at_;
    std::uint64_t free_bytes_;
    std::uint64_t calls_ = 0;
    int refusals_ = 0;
    std::unique_ptr<DeviceStore> store_;
    DayLedger ledger_;
};

}  // namespace

TEST_CASE("a disk that fills up anywhere in the day refuses with disk_full, loses nothing earlier, and takes the same answer once space is back") {
    const std::uint64_t trials = env_number("FIELDCHECK_FULL_DISK_TRIALS", 100);
    const std::uint64_t seed = env_number("FIELDCHECK_FULL_DISK_SEED", std::random_device{}());
    MESSAGE("full disk seed " << seed << " (FIELDCHECK_FULL_DISK_SEED=" << seed << " repeats this run), " << trials << " days");
    std::mt19937_64 pick(seed);

    // Store calls in a day: the fill point is drawn among them.
    std::uint64_t day_calls = 0;
    {
        TempDir tmp("fieldcheck-full");
        PowerCut disk(seed);
        FillingDay day(tmp / "store", disk, 0, 0);
        day.run();
        day_calls = day.calls();
        disk.reboot();
    }

    int refused_days = 0;
    for (std::uint64_t i = 0; i < trials; ++i) {
        TempDir tmp("fieldcheck-full");
        const std::uint64_t fill_at = 1 + pick() % day_calls;
        // From nothing at all to a little more than a photo: the disk runs out in every kind of write.
        const std::uint64_t free_bytes = pick() % 3 == 0 ? 0 : pick() % 48'000;
        PowerCut disk(seed + 1 + i);
        CAPTURE(fill_at);
        CAPTURE(free_bytes);
        FillingDay day(tmp / "store", disk, fill_at, free_bytes);
        day.run();
        if (day.refusals() > 0) ++refused_days;
        disk.reboot();

        auto reopened = DeviceStore::open(tmp / "store", fc::test::still_clock());
        REQUIRE_MESSAGE(reopened.ok(), reopened.error().message);
        DeviceStore& store = **reopened;
        CHECK(store.integrity_check().value() == "ok");
        for (int k = 0; k < kDayVisits; ++k) {
            auto v = store.load_visit(day_visit_id(k));
            REQUIRE(v.ok());
            CHECK(v->sealed());
            CHECK(v->events().size() == day.acked().at(day_visit_id(k)));
        }
        for (const std::string& sha : day.attachments()) CHECK(store.read_attachment(sha).ok());
    }
    MESSAGE(trials << " days, " << refused_days << " ran out of space part-way");
    CHECK(refused_days > static_cast<int>(trials / 2));
}
