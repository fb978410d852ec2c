// One connection per sync pass: a tablet's whole day (its visits' photos, signatures and records,
// then the assignments and templates) goes up and down on one keep-alive connection, counted at a
// proxy in front of a real depot (issue 15: a new connection per request costs a handshake each,
// TLS included, on a yard's Wi-Fi).
#include <doctest/doctest.h>

#include "sync/client/device_credentials.h"
#include "sync/client/sync_client.h"
#include "sync/storage/secret_file.h"
#include "tests/sync/client/fault_proxy.h"
#include "tests/sync/depot/depot_test_support.h"
#include "tests/sync/depot/signed_tablet.h"

using namespace fc;
using namespace fc::test;

TEST_CASE("a sync pass sends a day of visits with their files on one connection") {
    constexpr int kVisits = 3;
    RunningDepot depot;
    const auto t = repo_template(kTemplateName);
    depot.add_template(*t);
    std::vector<Assignment> day;
    for (int k = 0; k < kVisits; ++k) day.push_back(make_assignment("one-" + std::to_string(k), "tech-a", *t, "job-" + std::to_string(k)));
    depot.assign(day);
    FaultProxy proxy(depot.port(), 1, 100);  // no fault share: a clean network that counts connections

    TempDir tablet_dir;
    SystemClock clock;
    auto opened = DeviceStore::open(tablet_dir.path / "tablet", clock);
    REQUIRE(opened.ok());
    DeviceStore& tablet = **opened;
    REQUIRE(enroll_with_depot(tablet, proxy.url(), depot.token_for("tech-a")).ok());
    const DeviceSigner signer = register_signer(*depot.store, "tech-a");
    REQUIRE(write_secret_file(tablet.dir() / kDeviceKeyFileName, signer.key.seed()).ok());
    REQUIRE(tablet.set_setting(kSettingDeviceKeyId, signer.key_id).ok());
    pin_depot_key_of(tablet, depot.dir);
    SyncOptions options;
    options.ignore_backoff = true;
    auto morning = sync_with_depot(tablet, options);
    REQUIRE(morning.ok());
    REQUIRE(morning->assignments_received == kVisits);
    for (const Assignment& a : day) {
        WalkPlan plan;
        plan.photo_bytes = 300'000;
        plan.signature_bytes = 20'000;
        plan.salt = a.visit_id;
        REQUIRE(walk_stored_visit(tablet, a.visit_id, plan).ok());
    }

    const std::size_t before = proxy.connections_accepted();
    auto evening = sync_with_depot(tablet, options);
    REQUIRE_MESSAGE(evening.ok(), evening.error().message);
    CHECK(evening->sent == kVisits);
    CHECK(proxy.connections_accepted() - before == 1);
}
