// The threaded cases, for ThreadSanitizer: the tablet's sync worker beside the GUI thread on one
// device store, and the depot's worker pool under several tablets at once.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "app/tablet/background_sync.h"
#include "sync/client/sync_client.h"
#include "tests/sync/depot/depot_test_support.h"

using namespace fc;
using namespace fc::test;

namespace {

constexpr auto kPatience = std::chrono::seconds(120);  // TSan makes everything 5-15 times slower

std::unique_ptr<DeviceStore> open_tablet(const std::filesystem::path& dir, Clock& clock) {
    auto opened = DeviceStore::open(dir, clock);
    REQUIRE_MESSAGE(opened.ok(), (opened.ok() ? "" : opened.error().message));
    return std::move(opened).value();
}

std::vector<Assignment> day_for(const std::string& technician, int visits, const ChecklistTemplate& t) {
    std::vector<Assignment> out;
    for (int k = 0; k < visits; ++k) {
        out.push_back(make_assignment(technician + "-v" + std::to_string(k), technician, t,
                                      technician + "-job" + std::to_string(k)));
    }
    return out;
}

DepotServerOptions small_pool() {
    DepotServerOptions o;
    o.threads = 16;
    o.bad_token_burst = 0;  // every tablet is 127.0.0.1; a revoked token must not throttle the others
    return o;
}

bool every_visit_sent(DeviceStore& store, std::size_t expected) {
    auto outbox = store.outbox();
    if (!outbox || outbox->size() != expected) return false;
    for (const OutboxItem& i : outbox.value()) {
        if (i.state != OutboxState::Sent) return false;
    }
    return true;
}

}  // namespace

TEST_CASE("the background sync worker sends visits while the GUI thread answers steps and reads its status") {
    ManualClock clock;
    RunningDepot depot(small_pool(), {}, &clock);
    const auto t = repo_template(kTemplateName);
    depot.add_template(*t);
    constexpr int kVisits = 4;
    depot.assign(day_for("tech-a", kVisits, *t));
    TempDir tablet_dir;
    const auto data = tablet_dir.path / "tablet";
    auto gui_store = open_tablet(data, clock);
    REQUIRE(enroll_with_depot(*gui_store, depot.url(), depot.token_for("tech-a")).ok());
    pin_depot_key_of(*gui_store, depot.dir);

    std::atomic<int> wakes{0};
    BackgroundSync sync(data, clock, [&] { ++wakes; });
    const auto deadline = std::chrono::steady_clock::now() + kPatience;
    // The GUI thread: waits for the day to arrive, then walks each visit step by step (every answer
    // its own transaction), taps "Sync now" after each seal and redraws from the status meanwhile.
    // (A pass fetches assignments before templates: the day is there once both are.)
    const auto day_arrived = [&] {
        return gui_store->list_visits().value().size() == kVisits && !gui_store->list_templates().value().empty();
    };
    while (!day_arrived() && std::chrono::steady_clock::now() < deadline) {
        sync.sync_now();
        (void)sync.status();
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    REQUIRE(day_arrived());
    for (int k = 0; k < kVisits; ++k) {
        WalkPlan plan;
        plan.salt = "gui-" + std::to_string(k);
        const Status walked = walk_stored_visit(*gui_store, "tech-a-v" + std::to_string(k), plan);
        REQUIRE_MESSAGE(walked.ok(), (walked.ok() ? "" : walked.error().message));
        clock.advance_ms(60'000);
        sync.sync_now();
        const SyncStatus s = sync.status();
        CHECK(s.depot_url == depot.url());
    }
    while (!every_visit_sent(*gui_store, kVisits) && std::chrono::steady_clock::now() < deadline) {
        sync.sync_now();
        (void)sync.status();
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    CHECK(every_visit_sent(*gui_store, kVisits));
    CHECK(depot.store->visit_count().value() == kVisits);
    CHECK(sync.status().last_error.empty());
    CHECK(wakes > 0);
}

TEST_CASE("the depot's worker pool takes several tablets' uploads at once, beside revocations and HEAD checks") {
    ManualClock clock;
    RunningDepot depot(small_pool(), {}, &clock);
    const auto t = repo_template(kTemplateName);
    depot.add_template(*t);
    constexpr int kTablets = 4;
    constexpr int kVisits = 3;
    std::vector<std::string> tokens;
    for (int i = 0; i < kTablets; ++i) {
        const std::string technician = "tech-" + std::to_string(i);
        depot.assign(day_for(technician, kVisits, *t));
        tokens.push_back(depot.token_for(technician));
    }
    depot.assign(day_for("tech-gone", 1, *t));
    const std::string doomed = depot.token_for("tech-gone");

    std::atomic<bool> uploading{true};
    std::mutex problems_mutex;
    std::vector<std::string> problems;
    const auto problem = [&](const std::string& what) {
        std::lock_guard lock(problems_mutex);
        problems.push_back(what);
    };
    // A tablet's day: passes until its day is here, each visit walked and sent. Like a real tablet
    // it tries again when a pass did not get everything through (TSan slows the depot down).
    const auto tablet = [&](const std::string& technician, const std::string& token) {
        TempDir dir;
        auto store = open_tablet(dir.path / "tablet", clock);
        if (!enroll_with_depot(*store, depot.url(), token).ok()) return;  // the doomed token may already be gone
        pin_depot_key_of(*store, depot.dir);
        SyncOptions o;
        o.ignore_backoff = true;
        const auto pass_until = [&](const std::function<bool()>& done) {
            for (int pass = 0; pass < 20 && !done(); ++pass) {
                if (auto r = sync_with_depot(*store, o); !r) problem(technician + ": " + r.error().message);
            }
        };
        const auto day_arrived = [&] {
            return store->list_visits().value().size() == static_cast<std::size_t>(technician == "tech-gone" ? 1 : kVisits) &&
                   !store->list_templates().value().empty();
        };
        pass_until(day_arrived);
        if (technician == "tech-gone" || !day_arrived()) {
            if (technician != "tech-gone") problem(technician + ": the day never arrived");
            return;
        }
        const auto visits = store->list_visits();  // kept: a range over a temporary's value() dangles
        for (const VisitSummary& v : visits.value()) {
            WalkPlan plan;
            plan.salt = v.assignment.visit_id;
            if (Status s = walk_stored_visit(*store, v.assignment.visit_id, plan); !s) problem(s.error().message);
            pass_until([&] { return every_visit_sent(*store, store->outbox().value().size()); });
        }
        if (!every_visit_sent(*store, kVisits)) problem(technician + ": not every visit was sent");
    };
    // The back office: revokes one tablet's token while the others upload, and keeps asking the
    // depot what it has (HEAD, as the tablets do before sending a file).
    const auto back_office = [&] {
        auto client = depot.client(tokens.front());
        int asked = 0;
        while (uploading || asked < 10) {
            if (asked == 3) {
                const auto list = depot.store->list_tokens();
                for (const DepotTokenInfo& info : list.value()) {
                    if (info.technician_id == "tech-gone") (void)depot.store->revoke_token(info.id, clock.now().wall_ms);
                }
            }
            auto head = client->Head("/api/v1/attachments/" + std::string(64, 'a'));
            if (!head) problem("HEAD got no answer: " + httplib::to_string(head.error()));
            else if (head->status != 404) problem("HEAD got " + std::to_string(head->status));
            ++asked;
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
    };

    std::vector<std::thread> threads;
    for (int i = 0; i < kTablets; ++i) threads.emplace_back(tablet, "tech-" + std::to_string(i), tokens[i]);
    threads.emplace_back(tablet, "tech-gone", doomed);
    std::thread office(back_office);
    for (std::thread& th : threads) th.join();
    uploading = false;
    office.join();

    for (const std::string& p : problems) CHECK_MESSAGE(false, p);
    CHECK(depot.store->visit_count().value() >= kTablets * kVisits);
    const auto gone = depot.client(doomed)->Get("/api/v1/templates");
    REQUIRE(gone);
    CHECK(gone->status == 401);
}
