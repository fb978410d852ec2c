// The tablet signs: a sync pass with a device key sends no token anywhere and nothing at all to
// /healthz, learns the depot's time from a `stale` answer when its own clock is days off, and keeps
// that offset (issue 11, finding 4 and the clock offset).
#include <doctest/doctest.h>

#include <chrono>
#include <mutex>
#include <thread>

#include "sync/client/device_credentials.h"
#include "sync/client/sync_client.h"
#include "sync/storage/secret_file.h"
#include "tests/sync/depot/depot_test_support.h"
#include "tests/sync/depot/signed_tablet.h"

using namespace fc;
using namespace fc::test;

namespace {

constexpr std::int64_t kDepotNowMs = 1'750'000'000'000;
constexpr std::int64_t kTwoDaysMs = 2 * 86'400'000;

// A depot and a tablet enrolled with a token that then got a key (as the upgrade does).
struct SignedTablet {
    ManualClock depot_clock;
    std::unique_ptr<RunningDepot> depot;
    TempDir tablet_dir;
    ManualClock clock;  // the tablet's
    std::unique_ptr<DeviceStore> tablet;
    std::shared_ptr<const ChecklistTemplate> t = repo_template(kTemplateName);
    std::optional<DeviceSigner> signer;  // set once the depot runs

    explicit SignedTablet(std::int64_t tablet_off_ms) {
        depot_clock.set_wall_ms(kDepotNowMs);
        clock.set_wall_ms(kDepotNowMs + tablet_off_ms);
        depot = std::make_unique<RunningDepot>(DepotServerOptions{}, std::filesystem::path{}, &depot_clock);
        depot->add_template(*t);
        depot->assign({make_assignment("v-1", "tech-a", *t, "job-1")});
        tablet = DeviceStore::open(tablet_dir.path / "tablet", clock).value();
        REQUIRE(enroll_with_depot(*tablet, depot->url(), depot->token_for("tech-a")).ok());
        signer = register_signer(*depot->store, "tech-a");
        REQUIRE(write_secret_file(tablet->dir() / kDeviceKeyFileName, signer->key.seed()).ok());
        REQUIRE(tablet->set_setting(kSettingDeviceKeyId, signer->key_id).ok());
        pin_depot_key_of(*tablet, depot->dir);  // what enrollment pins; receipts are believed only then
    }
    SyncReport sync() {
        SyncOptions o;
        o.ignore_backoff = true;
        auto r = sync_with_depot(*tablet, o);
        REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
        return r.value();
    }
};

// A server that records every request's headers and answers like a depot would not.
struct HeaderRecorder {
    httplib::Server server;
    std::thread thread;
    int port = 0;
    std::mutex mutex;
    std::vector<std::pair<std::string, httplib::Headers>> seen;

    HeaderRecorder() {
        auto record = [this](const httplib::Request& req, httplib::Response& res) {
            std::lock_guard lock(mutex);
            seen.emplace_back(req.path, req.headers);
            res.set_content("{}", "application/json");
        };
        server.Get(".*", record);
        server.Put(".*", record);
        port = server.bind_to_any_port("127.0.0.1");
        thread = std::thread([this] { server.listen_after_bind(); });
        while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ~HeaderRecorder() {
        server.stop();
        thread.join();
    }
};

}  // namespace

TEST_CASE("a tablet clock two days off syncs: the stale answer teaches the offset, the retry succeeds and the offset is kept") {
    for (const std::int64_t off : {-kTwoDaysMs, kTwoDaysMs}) {
        CAPTURE(off);
        SignedTablet s(off);
        CHECK(s.sync().assignments_received == 1);
        REQUIRE(walk_stored_visit(*s.tablet, "v-1").ok());
        const SyncReport r = s.sync();
        CHECK(r.sent == 1);
        CHECK(r.problems.empty());
        REQUIRE(s.depot->store->visit_head("v-1").value());
        auto kept = s.tablet->setting(kSettingClockOffset);
        REQUIRE(kept.value());
        CHECK(std::stoll(*kept.value()) == -off);
        // The next pass starts with the kept offset: the depot sees no stale request at all.
        CHECK(read_device_credentials(*s.tablet, "").value().clock_offset_ms == -off);
        CHECK(s.sync().problems.empty());
    }
}

TEST_CASE("finding 4: a signing tablet sends no Authorization header anywhere and no credential at all to /healthz") {
    HeaderRecorder stranger;
    DepotCredentials both{std::string(64, 'a'), DeviceSigner{"0123456789abcdef", SigningKey::generate()}, 0};
    auto c = DepotConnection::open("http://127.0.0.1:" + std::to_string(stranger.port), both, DepotTimeouts{});
    REQUIRE(c.ok());
    (void)c.value()->get("/healthz");
    (void)c.value()->get("/api/v1/assignments?since=x");
    (void)c.value()->put_visit("v-1", "{}", "seal");
    (void)c.value()->put("/api/v1/device-key", "{}", "application/json");
    std::lock_guard lock(stranger.mutex);
    REQUIRE(stranger.seen.size() == 4);
    for (std::size_t i = 0; i < 3; ++i) {
        CAPTURE(stranger.seen[i].first);
        CHECK(stranger.seen[i].second.count("Authorization") == 0);
    }
    CHECK(stranger.seen[0].second.count("Signature") == 0);
    CHECK(stranger.seen[0].second.count("Signature-Input") == 0);
    CHECK(stranger.seen[1].second.count("Signature") == 1);
    CHECK(stranger.seen[2].second.count("Fieldcheck-Record-Signature") == 1);
    // Only the key registration of a token-enrolled tablet carries the token.
    CHECK(stranger.seen[3].second.count("Authorization") == 1);
}

TEST_CASE("a bearer-only tablet sends its token to the API but never to /healthz") {
    HeaderRecorder stranger;
    auto c = DepotConnection::open("http://127.0.0.1:" + std::to_string(stranger.port), DepotCredentials{std::string(64, 'a'), std::nullopt, 0},
                                   DepotTimeouts{});
    REQUIRE(c.ok());
    (void)c.value()->get("/healthz");
    (void)c.value()->get("/api/v1/templates");
    std::lock_guard lock(stranger.mutex);
    REQUIRE(stranger.seen.size() == 2);
    CHECK(stranger.seen[0].second.count("Authorization") == 0);
    CHECK(stranger.seen[1].second.count("Authorization") == 1);
}
