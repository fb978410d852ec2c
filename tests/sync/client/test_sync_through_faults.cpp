// Broken links: a tablet's day (three visits, photos and signatures) synced with a real depot
// through depot/fault_proxy.h, which cuts connections at random byte offsets, drops answers after
// the depot committed, stalls, and plays a captive portal. Whatever breaks: every visit ends on the
// depot exactly once, no visit is marked sent without the depot's receipt for it, nothing is set
// aside for a network fault, and once the network is clean everything is sent and nothing is sent
// again. Half of the tablets have their clock days behind or ahead: no outcome changes, and the
// receipt carries the depot's own time.
//
// FIELDCHECK_PROXY_TRIALS sets the number of tablets (default 12), FIELDCHECK_PROXY_SEED repeats a
// run (the seed is printed).
#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>
#include <random>

#include "tests/sync/depot/depot_test_support.h"
#include "tests/sync/client/fault_proxy.h"
#include "tests/test_text.h"
#include "sync/client/sync_client.h"
#include "sync/wire/wire_messages.h"

using namespace fc;
using namespace fc::test;

namespace {

constexpr int kVisits = 3;
constexpr int kFaultyPasses = 12;  // sync passes while the network misbehaves
constexpr int kCleanPasses = 4;    // then the network is clean: every visit must be sent by the end


std::int64_t wall_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

struct TrialFigures {
    int passes = 0;
    std::uint64_t uploads = 0;  // PUT /api/v1/visits seen by the proxy
};

// One tablet's day through the proxy; every rule is checked with doctest as it goes.
TrialFigures run_trial(RunningDepot& depot, FaultProxy& proxy, const std::shared_ptr<const ChecklistTemplate>& t,
                       std::uint64_t trial, std::int64_t clock_offset_ms) {
    CAPTURE(trial);
    CAPTURE(clock_offset_ms);
    const std::string technician = "tech-p" + std::to_string(trial);
    std::vector<std::string> ids;
    std::vector<Assignment> assignments;
    for (int k = 0; k < kVisits; ++k) {
        ids.push_back("p" + std::to_string(trial) + "-v" + std::to_string(k));
        assignments.push_back(make_assignment(ids.back(), technician, *t, "job-p" + std::to_string(trial) + "-" + std::to_string(k)));
    }
    depot.assign(assignments);

    TempDir tablet_dir;
    ManualClock tablet_clock;  // set before each pass, below
    auto opened = DeviceStore::open(tablet_dir.path / "tablet", tablet_clock);
    REQUIRE(opened.ok());
    DeviceStore& tablet = **opened;
    REQUIRE(tablet.set_setting(kSettingDepotUrl, proxy.url()).ok());
    REQUIRE(tablet.set_setting(kSettingDeviceToken, depot.token_for(technician)).ok());
    pin_depot_key_of(tablet, depot.dir);

    // The tablet's clock, days off from the depot's; it advances half an hour per pass, so every
    // backoff has run out by the next pass.
    std::int64_t tablet_now = wall_ms() + clock_offset_ms;
    const std::int64_t depot_before = wall_ms();
    SyncOptions options;
    options.timeouts = DepotTimeouts{1000, 800, 800};
    TrialFigures figures;
    const auto pass = [&] {
        tablet_clock.set_wall_ms(tablet_now);
        tablet_now += 31 * 60'000;
        ++figures.passes;
        auto report = sync_with_depot(tablet, options);
        REQUIRE_MESSAGE(report.ok(), report.error().message);
        if (std::getenv("FIELDCHECK_SHOW_PASSES")) {
            for (const std::string& p : report->problems) MESSAGE(p);
        }
        // After every pass: a visit marked sent has the depot's receipt for exactly what it holds.
        const auto outbox = tablet.outbox();
        REQUIRE(outbox.ok());
        for (const OutboxItem& item : outbox.value()) {
            CHECK_MESSAGE(item.state != OutboxState::SetAside, item.visit_id << " set aside: " << item.last_error);
            if (item.state != OutboxState::Sent) continue;
            auto receipt = decode_receipt(item.receipt);
            REQUIRE_MESSAGE(receipt.ok(), item.visit_id << " is marked sent without a receipt");
            CHECK(receipt->visit_id == item.visit_id);
            CHECK(receipt->seal == item.seal);
            auto head = depot.store->visit_head(item.visit_id);
            REQUIRE(head.ok());
            REQUIRE_MESSAGE(head.value().has_value(), item.visit_id << " is marked sent but the depot does not have it");
            CHECK(head.value()->seal == item.seal);
            // The depot keeps its receipt unsigned and signs it when it answers: the fields must agree.
            const DepotReceipt& kept = head.value()->receipt;
            CHECK(kept.visit_id == receipt->visit_id);
            CHECK(kept.seal == receipt->seal);
            CHECK(kept.received_at_ms == receipt->received_at_ms);
            CHECK(kept.depot_seq == receipt->depot_seq);
        }
    };

    // Down-sync through the faulty network until the day's assignments and their template are here.
    const auto ready = [&] {
        return tablet.list_visits().value().size() == static_cast<std::size_t>(kVisits) && !tablet.list_templates().value().empty();
    };
    for (int i = 0; i < 40 && !ready(); ++i) pass();
    REQUIRE(ready());

    // The day: each visit walked with the tablet's clock, photos and signatures stored.
    for (int k = 0; k < kVisits; ++k) {
        WalkPlan plan;
        plan.photo_bytes = 40'000;
        plan.signature_bytes = 8'000;
        plan.not_possible = k == 1;
        plan.salt = ids[static_cast<std::size_t>(k)];
        auto loaded = tablet.load_visit(ids[static_cast<std::size_t>(k)]);
        REQUIRE_MESSAGE(loaded.ok(), loaded.error().message);
        Visit v = std::move(*loaded);
        WalkSinks sinks;
        sinks.record = [&](const Visit& after, const Events& events) { return tablet.append_events(after, events); };
        sinks.attach = [&](const std::string& bytes) { return tablet.put_attachment(bytes, "image/jpeg"); };
        REQUIRE(walk_visit(v, plan, sinks, Instant{tablet_now, 1'000}).ok());
    }

    const auto uploads_before = proxy.visit_uploads();
    for (int i = 0; i < kFaultyPasses; ++i) pass();
    proxy.set_fault_share(0);
    for (int i = 0; i < kCleanPasses && !every_sealed_visit_acknowledged(tablet).value(); ++i) pass();
    CHECK_MESSAGE(every_sealed_visit_acknowledged(tablet).value(), "visits still unsent on a clean network");

    // Nothing is sent again once acknowledged.
    const auto uploads_settled = proxy.visit_uploads();
    pass();
    pass();
    CHECK(proxy.visit_uploads() == uploads_settled);

    // Exactly once on the depot, with the depot's own receipt time whatever the tablet's clock said.
    const std::int64_t depot_after = wall_ms();
    const auto received = depot.store->received_visits();
    REQUIRE(received.ok());
    for (const std::string& id : ids) {
        const auto copies = std::count_if(received->begin(), received->end(), [&](const ReceivedVisit& r) { return r.visit_id == id; });
        CHECK_MESSAGE(copies == 1, id << " is on the depot " << copies << " times");
        auto head = depot.store->visit_head(id);
        REQUIRE(head.ok());
        REQUIRE(head.value().has_value());
        CHECK(head.value()->receipt.received_at_ms >= depot_before);
        CHECK(head.value()->receipt.received_at_ms <= depot_after);
        const auto after = proxy.visit_uploads();
        const auto before = uploads_before.count(id) ? uploads_before.at(id) : 0;
        figures.uploads += (after.count(id) ? after.at(id) : 0) - before;
    }
    proxy.set_fault_share(0.5);
    return figures;
}

}  // namespace

TEST_CASE("through cut, dropped, stalled and captive-portal connections every visit reaches the depot exactly once, "
          "is marked sent only with its receipt, and is never sent again") {
    const std::uint64_t trials = fc::test::env_number("FIELDCHECK_PROXY_TRIALS", 12);
    const std::uint64_t seed = fc::test::env_number("FIELDCHECK_PROXY_SEED", std::random_device{}());
    MESSAGE("proxy seed " << seed << " (FIELDCHECK_PROXY_SEED=" << seed << " repeats the fault plan), " << trials << " tablets");
    const auto started = std::chrono::steady_clock::now();

    RunningDepot depot;
    const auto t = repo_template(kTemplateName);
    depot.add_template(*t);
    FaultProxy proxy(depot.port(), seed, 1200);
    proxy.set_fault_share(0.5);

    std::mt19937_64 pick(seed);
    int passes = 0;
    std::uint64_t uploads = 0;
    for (std::uint64_t i = 0; i < trials; ++i) {
        // A third of the tablets run days behind, a third days ahead.
        const std::int64_t offsets[] = {0, -3 * 86'400'000LL, 5 * 86'400'000LL};
        const TrialFigures f = run_trial(depot, proxy, t, i, offsets[pick() % 3]);
        passes += f.passes;
        uploads += f.uploads;
    }
    const auto dealt = proxy.faults_dealt();
    std::string faults;
    for (const auto& [fault, count] : dealt) faults += std::string(faults.empty() ? "" : ", ") + to_string(fault) + " " + std::to_string(count);
    const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    MESSAGE(trials << " tablets (" << trials * kVisits << " visits) in " << seconds << " s: " << passes << " sync passes, "
                   << uploads << " visit uploads; connections: " << faults);
    CHECK(dealt.size() == 6);  // every kind of fault was dealt at least once
}
