// A pass tells where it is (visit, picture) while it runs, and leaves each waiting visit its own
// typed last error, against a real depot on 127.0.0.1 and against an address where nothing listens.
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <chrono>
#include <thread>
#include <vector>

#include "tests/sync/depot/depot_test_support.h"
#include "sync/client/device_credentials.h"
#include "sync/client/sync_client.h"
#include "sync/client/sync_loop.h"
#include "sync/storage/secret_file.h"

using namespace fc;
using namespace fc::test;

namespace {

// A depot with the fiber template and visits v-1, v-2 for tech-a, and a tablet enrolled as tech-a.
struct ProgressRig {
    RunningDepot depot;
    TempDir tablet_dir;
    ManualClock clock;  // the tablet's
    std::unique_ptr<DeviceStore> tablet;
    std::shared_ptr<const ChecklistTemplate> t = repo_template(kTemplateName);

    ProgressRig() {
        depot.add_template(*t);
        depot.assign({make_assignment("v-1", "tech-a", *t, "job-1"), make_assignment("v-2", "tech-a", *t, "job-2")});
        tablet = DeviceStore::open(tablet_dir.path / "tablet", clock).value();
        REQUIRE(enroll_with_depot(*tablet, depot.url(), depot.token_for("tech-a")).ok());
        const SigningKey key = SigningKey::generate();
        auto bound = depot.store->register_device_key(key.public_key(), "tech-a", "test-tablet",
                                                      depot.store->list_tokens()->front().id, 1'700'000'000'000);
        REQUIRE(bound.ok());
        REQUIRE(write_secret_file(tablet->dir() / kDeviceKeyFileName, key.seed()).ok());
        REQUIRE(tablet->set_setting(kSettingDeviceKeyId, bound->key_id).ok());
        pin_depot_key_of(*tablet, depot.dir);
        REQUIRE(sync_with_depot(*tablet).ok());  // the assignments come down
    }

    void walk(const std::string& id) {
        Status s = walk_stored_visit(*tablet, id, {});
        REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : s.error().message));
    }

    OutboxItem item(const std::string& id) {
        const auto items = tablet->outbox();
        REQUIRE(items.ok());
        for (const OutboxItem& i : items.value()) {
            if (i.visit_id == id) return i;
        }
        FAIL("visit " << id << " is not in the outbox");
        return {};
    }
};

}  // namespace

TEST_CASE("a pass tells each visit it sends and each of its pictures, the record last") {
    ProgressRig f;
    f.walk("v-1");
    f.walk("v-2");
    const std::size_t files = f.tablet->sealed_record("v-1")->attachments.size();
    REQUIRE(files > 0);
    std::vector<SyncProgress> told;
    SyncOptions o;
    o.on_progress = [&](const SyncProgress& p) { told.push_back(p); };
    auto r = sync_with_depot(*f.tablet, o);
    REQUIRE(r.ok());
    CHECK(r->sent == 2);
    CHECK_FALSE(r->problem.has_value());
    REQUIRE(!told.empty());
    CHECK(told.front().visit_id == "v-1");
    CHECK(told.front().visit == 1);
    CHECK(told.front().file == 1);
    CHECK(told.back().visit_id == "v-2");
    CHECK(told.back().file == 0);  // the record, after its files
    for (const SyncProgress& p : told) {
        CHECK(p.visits == 2);
        if (p.visit_id == "v-1") CHECK(p.files == static_cast<int>(files));
    }
    // Files 1..n then the record, in order, per visit.
    int expected = 1;
    for (const SyncProgress& p : told) {
        if (p.visit_id != "v-1") break;
        CHECK(p.file == (expected <= static_cast<int>(files) ? expected : 0));
        ++expected;
    }
}

TEST_CASE("with nothing listening at the depot's address, every waiting visit keeps 'unreachable' and its time, and the pass says why") {
    ProgressRig f;
    f.walk("v-1");
    REQUIRE(f.tablet->set_setting(kSettingDepotUrl, "http://127.0.0.1:9").ok());
    f.clock.advance_ms(7'000);
    auto r = sync_with_depot(*f.tablet);
    REQUIRE(r.ok());
    CHECK(r->sent == 0);
    REQUIRE(r->problem.has_value());
    CHECK(r->problem->code == ErrorCode::unreachable);
    const OutboxItem waiting = f.item("v-1");
    CHECK(waiting.state == OutboxState::Pending);
    CHECK(waiting.last_error_code == "unreachable");
    CHECK(waiting.last_error_ms == f.clock.now().wall_ms);
    CHECK(waiting.attempts == 0);  // a tablet out of reach does not push the visit's backoff

    // Back at the depot: received, and its error is gone.
    REQUIRE(f.tablet->set_setting(kSettingDepotUrl, f.depot.url()).ok());
    auto again = sync_with_depot(*f.tablet);
    REQUIRE(again.ok());
    CHECK(again->sent == 1);
    CHECK(f.item("v-1").last_error_code.empty());
}

TEST_CASE("a visit the depot refuses keeps the depot's own code, and the pass's problem is that code") {
    ProgressRig f;
    REQUIRE(f.tablet->put_assignment(make_assignment("v-stray", "tech-a", *f.t, "job-s")).ok());
    f.walk("v-stray");
    auto r = sync_with_depot(*f.tablet);
    REQUIRE(r.ok());
    CHECK(r->set_aside == 1);
    REQUIRE(r->problem.has_value());
    CHECK(r->problem->code == ErrorCode::unknown_assignment);
    const OutboxItem aside = f.item("v-stray");
    CHECK(aside.state == OutboxState::SetAside);
    CHECK(aside.last_error_code == "unknown_assignment");
    CHECK(aside.last_error_ms == f.clock.now().wall_ms);
}

TEST_CASE("the sync loop copies the pass's progress into its status while it runs and the result when it ends") {
    ProgressRig f;
    f.walk("v-1");
    f.walk("v-2");
    f.tablet.reset();  // the loop opens its own connection
    std::atomic<SyncLoop*> loop_ptr{nullptr};
    std::mutex seen_mutex;
    std::vector<SyncProgress> seen;
    SyncLoopOptions options;
    options.interval = std::chrono::hours(1);
    SyncLoop loop(f.tablet_dir.path / "tablet", f.clock, [&] {
        SyncLoop* l = loop_ptr.load();
        if (!l) return;
        const SyncLoopStatus s = l->status();
        std::lock_guard lock(seen_mutex);
        if (s.progress) seen.push_back(*s.progress);
    }, options);
    loop_ptr = &loop;
    // The loop's first pass starts at once and sends both visits.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (loop.status().passes < 1 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    const SyncLoopStatus s = loop.status();
    CHECK(s.result.finished);
    CHECK(s.result.sent == 2);
    CHECK(s.result.waiting == 0);
    CHECK_FALSE(s.progress.has_value());
    std::lock_guard lock(seen_mutex);
    CHECK(std::any_of(seen.begin(), seen.end(), [](const SyncProgress& p) { return p.visit_id == "v-2" && p.visits >= 1; }));
}
