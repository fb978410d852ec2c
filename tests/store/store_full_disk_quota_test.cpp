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

#include "checklists/template_parser.h"
#include "depot/visit_walker.h"
#include "store/power_cut_vfs.h"
#include "store/store_fixtures.h"
#include "sync/device_store.h"
#include "sync/durable_file.h"

using namespace fc;
using fc::test::PowerCut;
using fc::test::TempDir;

namespace {

constexpr int kVisits = 3;

std::uint64_t env_number(const char* name, std::uint64_t fallback) {
    const char* text = std::getenv(name);
    return text && *text ? std::strtoull(text, nullptr, 10) : fallback;
}

std::shared_ptr<const ChecklistTemplate> shipped_fiber_template() {
    static const auto t = [] {
        const auto bytes = test::file_bytes(std::filesystem::path(FIELDCHECK_SOURCE_DIR) / "templates" / "fiber-modem-install-en.json");
        auto parsed = parse_template(bytes);
        REQUIRE_MESSAGE(parsed.checklist.has_value(), "the shipped fiber template does not parse");
        return std::make_shared<const ChecklistTemplate>(std::move(*parsed.checklist));
    }();
    return t;
}

std::string visit_id(int k) { return "full-" + std::to_string(k); }

Assignment assignment(int k) {
    return test::fiber_assignment(visit_id(k), shipped_fiber_template()->id, shipped_fiber_template()->version);
}

test::WalkPlan plan(int k) {
    test::WalkPlan p;
    p.photo_bytes = 40'000;
    p.signature_bytes = 6'000;
    p.not_possible = k == 1;
    p.salt = "full-" + std::to_string(k);
    return p;
}

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
        CHECK_MESSAGE(first.error().code == "disk_full", first.error().code << ": " << first.error().message);
        CHECK(first.error().message == kDiskFullMessage);
        check_nothing_lost_("after the refusal");
        // The technician restarts the app, the disk still full: everything earlier is there.
        store_.reset();
        auto reopened = DeviceStore::open(dir_);
        REQUIRE_MESSAGE(reopened.ok(), "the store does not open on the full disk: " << reopened.error().message);
        store_ = std::move(*reopened);
        check_nothing_lost_("after a restart on the full disk");
        disk_.set_free_bytes(std::nullopt);  // space is freed
        Status again = action();
        CHECK_MESSAGE(again.ok(), "the same call once space is back: " << (again.ok() ? "" : again.error().message));
        return again;
    }

    void run() {
        auto opened = DeviceStore::open(dir_);
        REQUIRE_MESSAGE(opened.ok(), opened.error().message);
        store_ = std::move(*opened);
        REQUIRE(call([&] { return store_->put_template(*shipped_fiber_template()); }).ok());
        for (int k = 0; k < kVisits; ++k) {
            const std::string id = visit_id(k);
            REQUIRE(call([&] { return store_->put_assignment(assignment(k)); }).ok());
            acked_[id] = 0;
            Visit v = store_->load_visit(id).value();
            test::WalkSinks sinks;
            sinks.record = [&](const Visit& after, const Events& events) {
                Status s = call([&] { return store_->append_events(after, events); });
                if (s) acked_[id] = after.events().size();
                return s;
            };
            sinks.attach = [&](const std::string& bytes) -> Expected<std::string> {
                std::string sha;
                Status s = call([&]() -> Status {
                    auto put = store_->put_attachment(bytes, "image/jpeg");
                    if (!put) return put.error();
                    sha = *put;
                    return {};
                });
                if (!s) return s.error();
                attachments_.push_back(sha);
                return sha;
            };
            const Status walked = test::walk_visit(v, plan(k), sinks);
            REQUIRE_MESSAGE(walked.ok(), walked.error().message);
        }
        store_.reset();
    }

    std::uint64_t calls() const { return calls_; }
    int refusals() const { return refusals_; }
    const std::map<std::string, std::size_t>& acked() const { return acked_; }
    const std::vector<std::string>& attachments() const { return attachments_; }

private:
    void check_nothing_lost_(const char* when) {
        for (const auto& [id, count] : acked_) {
            auto v = store_->load_visit(id);
            REQUIRE_MESSAGE(v.ok(), id << " " << when << ": " << v.error().message);
            CHECK_MESSAGE(v->events().size() == count, id << " " << when << " holds " << v->events().size()
                                                           << " events, " << count << " were acknowledged");
        }
        for (const std::string& sha : attachments_) {
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
    std::map<std::string, std::size_t> acked_;
    std::vector<std::string> attachments_;
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

        auto reopened = DeviceStore::open(tmp / "store");
        REQUIRE_MESSAGE(reopened.ok(), reopened.error().message);
        DeviceStore& store = **reopened;
        CHECK(store.integrity_check().value() == "ok");
        for (int k = 0; k < kVisits; ++k) {
            auto v = store.load_visit(visit_id(k));
            REQUIRE(v.ok());
            CHECK(v->sealed());
            CHECK(v->events().size() == day.acked().at(visit_id(k)));
        }
        for (const std::string& sha : day.attachments()) CHECK(store.read_attachment(sha).ok());
    }
    MESSAGE(trials << " days, " << refused_days << " ran out of space part-way");
    CHECK(refused_days > static_cast<int>(trials / 2));
}
