// The tablet's side of enrollment against a real depot on 127.0.0.1: the key is made on the tablet,
// kept 0600 and never sent; the depot's key is pinned; enrolling again makes a new key and keeps
// every pending visit; a bearer-token tablet registers one key with its token and drops the token.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <chrono>
#include <mutex>
#include <thread>

#include "sync/client/device_enrollment.h"
#include "sync/client/sync_client.h"
#include "sync/client/sync_loop.h"
#include "sync/depot/depot_key.h"
#include "sync/storage/secret_file.h"
#include "sync/wire/enrollment_code.h"
#include "sync/wire/wire_enrollment.h"
#include "tests/error_code_doctest.h"
#include "tests/sync/depot/depot_test_support.h"

using namespace fc;
using namespace fc::test;

namespace {

// A tablet store with two sealed visits waiting in its outbox (put there without a depot: the
// visits' way to the tablet is not what is tested here).
struct TabletWithSealedVisits {
    TempDir dir;
    ManualClock clock;
    std::unique_ptr<DeviceStore> store;
    std::shared_ptr<const ChecklistTemplate> t = repo_template(kTemplateName);

    TabletWithSealedVisits() {
        store = DeviceStore::open(dir.path / "tablet", clock).value();
        REQUIRE(store->put_template(*t).ok());
        for (const char* id : {"v-1", "v-2"}) {
            REQUIRE(store->put_assignment(make_assignment(id, "tech-a", *t, std::string("job-") + id)).ok());
            Status s = walk_stored_visit(*store, id);
            REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : s.error().message));
        }
        REQUIRE(pending() == 2);
    }

    int pending() {
        int n = 0;
        const auto items = store->outbox();
        for (const OutboxItem& i : items.value()) n += i.state == OutboxState::Pending ? 1 : 0;
        return n;
    }
    std::string setting(const char* key) { return store->setting(key).value().value_or(""); }
    std::filesystem::path key_file() { return std::filesystem::absolute(store->dir()) / kDeviceKeyFileName; }
};

std::string new_code(RunningDepot& depot) {
    return depot.store->create_enrollment_code("tech-a", "tablet 7", 3'600'000, depot.clock->now().wall_ms).value().code;
}

// Forwards every request to the depot and keeps what the tablet sent, so a test can look for its key.
struct RecordingProxy {
    httplib::Server server;
    std::thread thread;
    int port = 0;
    std::mutex mutex;
    std::string seen;  // every request's head and body, as received

    explicit RecordingProxy(const RunningDepot& depot) {
        server.set_payload_max_length(1 << 20);
        auto forward = [this, &depot](const httplib::Request& req, httplib::Response& res) {
            {
                std::lock_guard lock(mutex);
                for (const auto& [name, value] : req.headers) seen += name + ": " + value + "\n";
                seen += req.body + "\n";
            }
            auto c = depot.client();
            httplib::Headers headers;
            if (req.has_header("Authorization")) headers.emplace("Authorization", req.get_header_value("Authorization"));
            auto r = req.method == "POST" ? c->Post(req.path.c_str(), headers, req.body, "application/json")
                     : req.method == "PUT" ? c->Put(req.path.c_str(), headers, req.body, "application/json")
                                           : c->Get(req.path.c_str(), headers);
            res.status = r ? r->status : 502;
            if (r) res.set_content(r->body, "application/json");
            res.set_header("X-Fieldcheck-Depot", "1");
        };
        server.Get(".*", forward);
        server.Put(".*", forward);
        server.Post(".*", forward);
        port = server.bind_to_any_port("127.0.0.1");
        thread = std::thread([this] { server.listen_after_bind(); });
        while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ~RecordingProxy() {
        server.stop();
        thread.join();
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port); }
};

}  // namespace

TEST_CASE("enrolling with a code makes the key on the tablet, keeps it 0600, never sends it, and pins the depot's key") {
    RunningDepot depot;
    RecordingProxy proxy(depot);
    TabletWithSealedVisits tablet;
    const std::string code = new_code(depot);
    Status s = enroll_with_code(*tablet.store, proxy.url(), grouped_enrollment_code(code));
    REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : s.error().message));

    struct stat st {};
    REQUIRE(::stat(tablet.key_file().c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    const SigningKey key = SigningKey::from_seed(read_secret_file(tablet.key_file()).value()).value();
    const std::string key_id = tablet.setting(kSettingDeviceKeyId);
    auto bound = depot.store->device_key(key_id).value();
    REQUIRE(bound);
    CHECK(bound->public_key == key.public_key());
    CHECK(tablet.setting(kSettingDepotPublicKey) == depot_signing_key(depot.dir).public_key().base64());
    CHECK(tablet.setting(kSettingDepotUrl) == proxy.url());
    CHECK(tablet.setting(kSettingDeviceToken).empty());
    CHECK_FALSE(std::filesystem::exists(tablet.key_file().string() + ".pending"));
    auto signer = device_signer(*tablet.store).value();
    REQUIRE(signer);
    CHECK(signer->key_id == key_id);
    // What went over the wire: the public key, never the seed in any spelling.
    const std::string seed = key.seed();
    std::lock_guard lock(proxy.mutex);
    CHECK(proxy.seen.find(key.public_key().base64()) != std::string::npos);
    CHECK(proxy.seen.find(base64_encode(seed)) == std::string::npos);
    CHECK(proxy.seen.find(seed) == std::string::npos);
    CHECK(proxy.seen.find(key.seed().substr(0, 8)) == std::string::npos);
}

TEST_CASE("a refused code leaves the tablet as it was, with the depot's reason as an error code") {
    RunningDepot depot;
    TabletWithSealedVisits tablet;
    const std::string code = new_code(depot);
    REQUIRE(enroll_with_code(*tablet.store, depot.url(), code).ok());
    const std::string key_id = tablet.setting(kSettingDeviceKeyId);
    const std::string seed = read_secret_file(tablet.key_file()).value();
    Status used = enroll_with_code(*tablet.store, depot.url(), code);
    REQUIRE_FALSE(used.ok());
    CHECK(used.error().code == ErrorCode::enrollment_code_used);
    Status unknown = enroll_with_code(*tablet.store, depot.url(), "9999 9999 9999 9999");
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error().code == ErrorCode::enrollment_code_unknown);
    CHECK(enroll_with_code(*tablet.store, depot.url(), "12345").error().code == ErrorCode::enrollment_code_unknown);
    CHECK(tablet.setting(kSettingDeviceKeyId) == key_id);
    CHECK(read_secret_file(tablet.key_file()).value() == seed);
    CHECK(tablet.pending() == 2);
}

TEST_CASE("enrolling again with a new code makes a new key and keeps every sealed visit waiting") {
    RunningDepot depot;
    TabletWithSealedVisits tablet;
    REQUIRE(enroll_with_code(*tablet.store, depot.url(), new_code(depot)).ok());
    const std::string first_key = tablet.setting(kSettingDeviceKeyId);
    const std::string first_seed = read_secret_file(tablet.key_file()).value();
    REQUIRE(enroll_with_code(*tablet.store, depot.url(), new_code(depot)).ok());
    CHECK(tablet.setting(kSettingDeviceKeyId) != first_key);
    CHECK(read_secret_file(tablet.key_file()).value() != first_seed);
    CHECK(depot.store->list_device_keys().value().size() == 2);
    CHECK(tablet.pending() == 2);
    CHECK(tablet.store->load_visit("v-1").value().sealed());
}

TEST_CASE("a depot at the same address answering with another depot key is refused, and nothing changes") {
    TempDir first_dir;
    TempDir second_dir;
    TabletWithSealedVisits tablet;
    std::string url;
    {
        RunningDepot depot({}, first_dir.path / "depot");
        REQUIRE(enroll_with_code(*tablet.store, depot.url(), new_code(depot)).ok());
        url = depot.url();
    }
    const std::string pinned = tablet.setting(kSettingDepotPublicKey);
    // Another depot (another key) comes up on the address the tablet knows.
    RunningDepot impostor({}, second_dir.path / "depot");
    REQUIRE(tablet.store->set_setting(kSettingDepotUrl, impostor.url()).ok());
    REQUIRE(tablet.store->set_setting(kSettingDepotPublicKey, pinned).ok());
    Status s = enroll_with_code(*tablet.store, impostor.url(), new_code(impostor));
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().code == ErrorCode::depot_key_changed);
    CHECK(tablet.setting(kSettingDepotPublicKey) == pinned);
}

TEST_CASE("a bearer-token tablet registers its key once with its token, drops the token and keeps its sealed visits") {
    RunningDepot depot;
    TabletWithSealedVisits tablet;
    depot.add_template(*tablet.t);
    depot.assign({make_assignment("v-1", "tech-a", *tablet.t, "job-v-1"), make_assignment("v-2", "tech-a", *tablet.t, "job-v-2")});
    const std::string token = depot.token_for("tech-a");
    REQUIRE(enroll_with_depot(*tablet.store, depot.url(), token).ok());
    CHECK_FALSE(device_signer(*tablet.store).value());
    auto first = sync_with_depot(*tablet.store);
    REQUIRE_MESSAGE(first.ok(), (first.ok() ? "" : first.error().message));
    const std::string key_id = tablet.setting(kSettingDeviceKeyId);
    REQUIRE(key_id.size() == 16);
    CHECK(tablet.setting(kSettingDeviceToken).empty());
    CHECK(tablet.setting(kSettingDepotPublicKey) == depot_signing_key(depot.dir).public_key().base64());
    auto keys = depot.store->list_device_keys().value();
    REQUIRE(keys.size() == 1);
    CHECK(keys[0].key_id == key_id);
    CHECK(keys[0].token_id == depot.store->token_id(token).value());
    // The next pass signs: no second registration, the same key.
    REQUIRE(sync_with_depot(*tablet.store).ok());
    CHECK(depot.store->list_device_keys().value().size() == 1);
    CHECK(tablet.setting(kSettingDeviceKeyId) == key_id);
    // The visits sealed before the upgrade went out signed, with the device's record signature.
    CHECK(tablet.pending() == 0);
    const auto received = depot.store->received_visits().value();
    REQUIRE(received.size() == 2);
    for (const ReceivedVisit& v : received) {
        CHECK(v.device_key_id == key_id);
        CHECK_FALSE(v.record_signature.empty());
    }
}

TEST_CASE("a bearer registration whose answer was lost offers the same key again and gets the same key id") {
    RunningDepot depot;
    TabletWithSealedVisits tablet;
    const std::string token = depot.token_for("tech-a");
    REQUIRE(enroll_with_depot(*tablet.store, depot.url(), token).ok());
    // The tablet made its key and the depot bound it, but the answer never came back.
    const std::filesystem::path pending = tablet.key_file().string() + ".pending";
    const SigningKey made = SigningKey::generate();
    REQUIRE(write_secret_file(pending, made.seed()).ok());
    const DeviceKey bound = depot.store->register_device_key(made.public_key(), "tech-a", "test-tablet",
                                                             depot.store->token_id(token).value(), 1).value();
    REQUIRE(sync_with_depot(*tablet.store).ok());
    CHECK(tablet.setting(kSettingDeviceKeyId) == bound.key_id);
    CHECK(depot.store->list_device_keys().value().size() == 1);
    CHECK_FALSE(std::filesystem::exists(pending));
}

TEST_CASE("the sync worker enrolls with a code off the GUI thread and reports a refusal by its error code") {
    RunningDepot depot;
    TempDir dir;
    ManualClock clock;
    const auto wait_for = [](SyncLoop& loop, std::uint64_t passes) {
        for (int i = 0; i < 1000 && loop.status().passes < passes; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        return loop.status();
    };
    SyncLoop loop(dir.path / "tablet", clock, {}, SyncLoopOptions{std::chrono::milliseconds(60'000), {}});
    const SyncLoopStatus before = wait_for(loop, 1);
    CHECK_FALSE(before.enrolled);
    loop.enroll(depot.url(), "0000 0000 0000 0000");
    const SyncLoopStatus refused = wait_for(loop, before.passes + 1);
    REQUIRE(refused.enroll_error);
    CHECK(refused.enroll_error->code == ErrorCode::enrollment_code_unknown);
    CHECK_FALSE(refused.enrolled);
    loop.enroll(depot.url(), new_code(depot));
    const SyncLoopStatus enrolled = wait_for(loop, refused.passes + 1);
    CHECK_FALSE(enrolled.enroll_error);
    CHECK(enrolled.enrolled);
    CHECK(enrolled.depot_url == depot.url());
    CHECK(depot.store->list_device_keys().value().size() == 1);
}
