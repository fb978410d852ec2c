// The tablet's sync client against a real depot on 127.0.0.1 (and against things that are not a
// depot): a visit is marked sent only with the depot's matching receipt; nothing is ever lost.
#include <doctest/doctest.h>

#include <sqlite3.h>

#include <chrono>

#include "tests/sync/depot/depot_test_support.h"
#include "sync/depot/depot_export.h"
#include "sync/client/device_credentials.h"
#include "sync/client/sync_client.h"
#include "sync/storage/secret_file.h"
#include "sync/client/sync_loop.h"
#include "sync/wire/wire_messages.h"

using namespace fc;
using namespace fc::test;

namespace {

// A depot with the fiber template and visits v-1, v-2 (tech-a), and a tablet enrolled as tech-a.
struct DepotAndTablet {
    RunningDepot depot;
    TempDir tablet_dir;
    ManualClock clock;  // the tablet's
    std::unique_ptr<DeviceStore> tablet;
    std::shared_ptr<const ChecklistTemplate> t = repo_template(kTemplateName);
    std::string token;

    DepotAndTablet() {
        depot.add_template(*t);
        depot.assign({make_assignment("v-1", "tech-a", *t, "job-1"), make_assignment("v-2", "tech-a", *t, "job-2"),
                      make_assignment("v-9", "tech-b", *t, "job-9")});
        token = depot.token_for("tech-a");
        auto opened = DeviceStore::open(tablet_dir.path / "tablet", clock);
        REQUIRE(opened.ok());
        tablet = std::move(opened).value();
    }

    // Enrolled with the token, then given a key registered with it (the upgrade of a tablet in the
    // field): every pass signs its requests and records, and revoking the token revokes the key.
    void enroll() {
        Status s = enroll_with_depot(*tablet, depot.url(), token);
        REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : s.error().message));
        const SigningKey key = SigningKey::generate();
        auto bound = depot.store->register_device_key(key.public_key(), "tech-a", "test-tablet",
                                                      depot.store->list_tokens()->front().id, 1'700'000'000'000);
        REQUIRE(bound.ok());
        REQUIRE(write_secret_file(tablet->dir() / kDeviceKeyFileName, key.seed()).ok());
        REQUIRE(tablet->set_setting(kSettingDeviceKeyId, bound->key_id).ok());
        pin_depot_key_of(*tablet, depot.dir);
    }

    SyncReport sync(bool ignore_backoff = true) {
        SyncOptions o;
        o.ignore_backoff = ignore_backoff;
        auto r = sync_with_depot(*tablet, o);
        REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
        return r.value();
    }

    OutboxItem outbox_item(const std::string& id) {
        const auto items = tablet->outbox();
        REQUIRE(items.ok());
        for (const OutboxItem& i : items.value()) {
            if (i.visit_id == id) return i;
        }
        FAIL("visit " << id << " is not in the outbox");
        return {};
    }

    void walk(const std::string& id, const WalkPlan& plan = {}) {
        Status s = walk_stored_visit(*tablet, id, plan);
        REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : to_string(s.error().code) + ": " + s.error().message));
    }
};

// A server that is not the depot: answers every request with `status` and an HTML page, no depot header.
struct CaptivePortal {
    httplib::Server server;
    std::thread thread;
    int port = 0;
    std::atomic<int> requests{0};

    explicit CaptivePortal(std::function<void(const httplib::Request&, httplib::Response&)> answer = {}) {
        auto page = [this, answer](const httplib::Request& req, httplib::Response& res) {
            ++requests;
            if (answer) return answer(req, res);
            res.status = 200;
            res.set_content("<html><body><h1>Welcome to Hotel Wi-Fi</h1><a href=/login>Log in</a></body></html>", "text/html");
        };
        server.Get(".*", page);
        server.Put(".*", [page](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
            reader([](const char*, std::size_t) { return true; });
            page(req, res);
        });
        server.Post(".*", page);
        port = server.bind_to_any_port("127.0.0.1");
        thread = std::thread([this] { server.listen_after_bind(); });
    }
    ~CaptivePortal() {
        server.stop();
        thread.join();
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port); }
};

// Changes the tablet's database behind the store's back, the way a bug or a bit flip would.
void tablet_sql(const std::filesystem::path& store_dir, const std::string& sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open((store_dir / "fieldcheck.db").c_str(), &db) == SQLITE_OK);
    char* error = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
    const std::string message = error ? error : "";
    sqlite3_free(error);
    sqlite3_close(db);
    REQUIRE_MESSAGE(rc == SQLITE_OK, message);
}

// Makes every replay of v-1's stored events fail (a handover item the template does not have).
void break_stored_events(DepotAndTablet& f) {
    tablet_sql(f.tablet_dir.path / "tablet",
               "UPDATE events SET item = item || '-x' WHERE visit_id = 'v-1' AND kind = 'handover_confirmed'");
    REQUIRE_FALSE(f.tablet->load_visit("v-1").ok());
}

}  // namespace

TEST_CASE("round trip: token, enroll, down-sync, walk and seal with the engine, sync, export shows the visit") {
    DepotAndTablet f;
    f.enroll();
    CHECK(f.tablet->setting(kSettingDepotUrl).value() == std::optional<std::string>(f.depot.url()));

    const SyncReport down = f.sync();
    CHECK(down.depot_reached);
    CHECK(down.templates_added == 1);
    CHECK(down.assignments_received == 2);  // v-9 belongs to tech-b
    CHECK(down.problems.empty());
    auto visits = f.tablet->list_visits();
    REQUIRE(visits->size() == 2);

    f.walk("v-1");
    REQUIRE(f.outbox_item("v-1").state == OutboxState::Pending);
    CHECK_FALSE(every_sealed_visit_acknowledged(*f.tablet).value());

    const SyncReport up = f.sync();
    CHECK(up.sent == 1);
    CHECK(up.problems.empty());
    const OutboxItem sent = f.outbox_item("v-1");
    CHECK(sent.state == OutboxState::Sent);
    auto receipt = decode_receipt(sent.receipt);
    REQUIRE(receipt.ok());
    CHECK(receipt->seal == sent.seal);
    CHECK(every_sealed_visit_acknowledged(*f.tablet).value());

    const auto received = f.depot.store->received_visits().value();
    REQUIRE(received.size() == 1);
    CHECK(received[0].seal == sent.seal);
    const std::string csv = export_visits_csv(received);
    CHECK(csv.find("v-1,job-1,tech-a,") != std::string::npos);
    CHECK(csv.find(",completed,") != std::string::npos);
    const std::string json = export_visits_json(received);
    CHECK(json.find("\"scores\":{\"appointment\":4,\"arrival\":5,\"explanation\":3,\"result\":4}") != std::string::npos);

    // The photo and signature arrived before the visit and are on the depot's disk.
    for (const auto& e : std::filesystem::directory_iterator(f.depot.store->attachments_dir())) {
        CHECK(sha256_hex(read_file(e.path())) == e.path().filename().string());
    }
    CHECK(std::distance(std::filesystem::directory_iterator(f.depot.store->attachments_dir()),
                        std::filesystem::directory_iterator()) == 2);

    // Nothing more to do on the next pass, and the cursor keeps old assignments from coming again.
    const SyncReport idle = f.sync();
    CHECK(idle.sent == 0);
    CHECK(idle.assignments_received == 0);
    CHECK(idle.templates_added == 0);
}

TEST_CASE("enrolling refuses a wrong token, a non-depot and a depot that does not answer, and stores nothing") {
    DepotAndTablet f;
    CHECK(enroll_with_depot(*f.tablet, f.depot.url(), std::string(64, '0')).error().code == ErrorCode::token_refused);
    CHECK(enroll_with_depot(*f.tablet, f.depot.url(), "short").error().code == ErrorCode::bad_token);
    CHECK(enroll_with_depot(*f.tablet, "ftp://depot", f.token).error().code == ErrorCode::bad_url);
    CaptivePortal portal;
    CHECK(enroll_with_depot(*f.tablet, portal.url(), f.token).error().code == ErrorCode::not_a_depot);
    CHECK(enroll_with_depot(*f.tablet, "http://127.0.0.1:" + std::to_string(closed_port()), f.token).error().code == ErrorCode::unreachable);
    CHECK_FALSE(f.tablet->setting(kSettingDepotUrl).value());
    CHECK_FALSE(f.tablet->setting(kSettingDeviceToken).value());
    auto not_enrolled = sync_with_depot(*f.tablet);
    REQUIRE_FALSE(not_enrolled.ok());
    CHECK(not_enrolled.error().code == ErrorCode::not_enrolled);
}

TEST_CASE("a captive portal's 200 page never counts as a receipt: the visit stays pending") {
    DepotAndTablet f;
    f.enroll();
    f.sync();
    f.walk("v-1");
    CaptivePortal portal;
    REQUIRE(f.tablet->set_setting(kSettingDepotUrl, portal.url()).ok());
    const SyncReport r = f.sync();
    CHECK(r.sent == 0);
    CHECK_FALSE(r.depot_reached);
    CHECK(portal.requests > 0);
    CHECK(f.outbox_item("v-1").state == OutboxState::Pending);
    CHECK(f.outbox_item("v-1").attempts == 0);  // not the visit's fault: no backoff piles up
    CHECK(f.depot.store->visit_count().value() == 0);
}

TEST_CASE("a proxy that passes the health check but answers uploads with a 200 page leaves the visit pending") {
    DepotAndTablet f;
    f.enroll();
    f.sync();
    f.walk("v-1");
    auto upstream = f.depot.client();
    CaptivePortal proxy([&](const httplib::Request& req, httplib::Response& res) {
        if (req.path == "/healthz") {
            auto real = upstream->Get("/healthz");
            res.status = real->status;
            res.set_header("X-Fieldcheck-Depot", "1");
            res.set_content(real->body, "application/json");
            return;
        }
        res.status = 200;
        res.set_content("<html>OK</html>", "text/html");
    });
    REQUIRE(f.tablet->set_setting(kSettingDepotUrl, proxy.url()).ok());
    const SyncReport r = f.sync();
    CHECK(r.sent == 0);
    CHECK(r.retry_later == 1);
    const OutboxItem item = f.outbox_item("v-1");
    CHECK(item.state == OutboxState::Pending);
    CHECK(item.receipt.empty());
    CHECK_FALSE(item.last_error.empty());
    CHECK(f.depot.store->visit_count().value() == 0);

    // Back at the real depot, the same visit goes through.
    REQUIRE(f.tablet->set_setting(kSettingDepotUrl, f.depot.url()).ok());
    CHECK(f.sync().sent == 1);
    CHECK(f.outbox_item("v-1").state == OutboxState::Sent);
}

TEST_CASE("a visit the depot stored whose answer was lost is acknowledged on the next pass, stored once") {
    DepotAndTablet f;
    f.enroll();
    f.sync();
    f.walk("v-1");
    // The depot received and committed it, but the tablet never saw the answer.
    auto visit = f.tablet->load_visit("v-1");
    REQUIRE(visit.ok());
    auto c = f.depot.client(f.token);
    // Every file the visit names: step photos and signatures, and the customer's handover signature.
    for (const std::string& sha : visit->attachment_hashes()) {
        REQUIRE(c->Put(("/api/v1/attachments/" + sha).c_str(), f.tablet->read_attachment(sha).value(),
                       "application/octet-stream")->status == 201);
    }
    REQUIRE(c->Put("/api/v1/visits/v-1", encode_visit_record(visit.value()), "application/json")->status == 201);
    const SyncReport r = f.sync();
    CHECK(r.sent == 1);
    CHECK(f.outbox_item("v-1").state == OutboxState::Sent);
    CHECK(f.depot.store->visit_count().value() == 1);
}

TEST_CASE("a visit the depot refuses (4xx) is set aside with its reason and does not block the others") {
    DepotAndTablet f;
    f.enroll();
    f.sync();
    // A visit on the tablet the depot never assigned (e.g. created while enrolled elsewhere).
    Assignment stray = make_assignment("v-stray", "tech-a", *f.t, "job-s");
    REQUIRE(f.tablet->put_assignment(stray).ok());
    f.walk("v-stray");
    f.walk("v-1");
    const SyncReport r = f.sync();
    CHECK(r.set_aside == 1);
    CHECK(r.sent == 1);
    const OutboxItem aside = f.outbox_item("v-stray");
    CHECK(aside.state == OutboxState::SetAside);
    CHECK(aside.last_error.find("422") != std::string::npos);
    CHECK(aside.last_error.find("unknown_assignment") != std::string::npos);
    CHECK(f.outbox_item("v-1").state == OutboxState::Sent);
    CHECK_FALSE(every_sealed_visit_acknowledged(*f.tablet).value());
    // Set aside is not deleted: the visit and its events are still on the tablet.
    CHECK(f.tablet->load_visit("v-stray")->sealed());
    // And later passes leave it alone.
    CHECK(f.sync().set_aside == 0);
}

TEST_CASE("a depot answering 5xx keeps the visit pending with an exponential, jittered next attempt") {
    DepotAndTablet f;
    f.enroll();
    f.sync();
    f.walk("v-1");
    CaptivePortal failing([](const httplib::Request& req, httplib::Response& res) {
        res.set_header("X-Fieldcheck-Depot", "1");
        if (req.path == "/healthz") {
            res.status = 200;
            res.set_content(R"({"status":"ok"})", "application/json");
            return;
        }
        res.status = 503;
        res.set_content(R"({"error":"busy","message":"the depot's disk is busy"})", "application/json");
    });
    REQUIRE(f.tablet->set_setting(kSettingDepotUrl, failing.url()).ok());
    const std::int64_t before = f.clock.now().wall_ms;
    const SyncReport r = f.sync();
    CHECK(r.retry_later == 1);
    OutboxItem item = f.outbox_item("v-1");
    CHECK(item.state == OutboxState::Pending);
    CHECK(item.attempts == 1);
    CHECK(item.last_error.find("503") != std::string::npos);
    CHECK(item.next_attempt_ms >= before + 2'500);
    CHECK(item.next_attempt_ms <= f.clock.now().wall_ms + 5'000);

    // The background pass respects the wait; "Sync now" does not.
    const SyncReport waiting = f.sync(false);
    CHECK(waiting.waiting == 1);
    CHECK(f.outbox_item("v-1").attempts == 1);
    f.sync(true);
    item = f.outbox_item("v-1");
    CHECK(item.attempts == 2);
    CHECK(item.next_attempt_ms >= f.clock.now().wall_ms + 4'000);

    // The tablet's clock put back two days: the wait does not grow by two days with it.
    SyncOptions clock_back;
    clock_back.ignore_backoff = false;
    f.clock.set_wall_ms(f.clock.now().wall_ms - 2 * 86'400'000LL);
    auto moved = sync_with_depot(*f.tablet, clock_back);
    REQUIRE(moved.ok());
    CHECK(moved->waiting == 0);
    CHECK(f.outbox_item("v-1").attempts == 3);
}

TEST_CASE("a revoked token stops the pass at the next request and keeps every visit") {
    DepotAndTablet f;
    f.enroll();
    f.sync();
    f.walk("v-1");
    REQUIRE(f.depot.store->revoke_token(f.depot.store->list_tokens()->front().id, 1).ok());
    const SyncReport r = f.sync();
    CHECK(r.sent == 0);
    REQUIRE_FALSE(r.problems.empty());
    CHECK(r.problems.front().find("token") != std::string::npos);
    CHECK(f.outbox_item("v-1").state == OutboxState::Pending);
    CHECK(f.depot.store->visit_count().value() == 0);
}

TEST_CASE("a depot that is not running is a report, not an error, and costs the visit no attempt") {
    DepotAndTablet f;
    f.enroll();
    f.sync();
    f.walk("v-1");
    REQUIRE(f.tablet->set_setting(kSettingDepotUrl, "http://127.0.0.1:" + std::to_string(closed_port())).ok());
    const SyncReport r = f.sync();
    CHECK_FALSE(r.depot_reached);
    CHECK(r.problems.size() == 1);
    CHECK(f.outbox_item("v-1").attempts == 0);
}

TEST_CASE("new and changed assignments come down after the cursor, with history and escalation") {
    DepotAndTablet f;
    f.enroll();
    CHECK(f.sync().assignments_received == 2);
    // Two failed attempts on job-1 (one is this tablet's), then a new attempt is planned.
    WalkPlan failed;
    failed.not_possible = true;
    f.walk("v-1", failed);
    CHECK(f.sync().sent == 1);
    ReceivedVisit earlier;
    earlier.visit_id = "v-0";
    earlier.technician_id = "tech-b";
    earlier.job_id = "job-1";
    earlier.template_id = f.t->id;
    earlier.template_version = f.t->version;
    earlier.seal = std::string(64, 'e');
    earlier.record = "{}";
    earlier.outcome = "not_possible";
    earlier.cause_kind = "customer_absent";
    earlier.tablet_sealed_ms = 1'600'000'000'000;
    REQUIRE(f.depot.store->store_visit(earlier, 1).ok());
    f.depot.assign({make_assignment("v-3", "tech-a", *f.t, "job-1")});
    const SyncReport r = f.sync();
    CHECK(r.assignments_received == 1);
    bool found = false;
    const auto summaries = f.tablet->list_visits();
    REQUIRE(summaries.ok());
    for (const VisitSummary& s : summaries.value()) {
        if (s.assignment.visit_id != "v-3") continue;
        found = true;
        CHECK(s.assignment.escalation);
        CHECK(s.assignment.history.size() == 2);
    }
    CHECK(found);
}

TEST_CASE("the background sync loop sends a sealed visit on its own and on Sync now") {
    DepotAndTablet f;
    f.enroll();
    f.sync();
    f.walk("v-1");
    std::atomic<int> changes{0};
    SyncLoopOptions o;
    o.interval = std::chrono::milliseconds(60'000);  // only the first pass and "Sync now" run in this test
    {
        SyncLoop loop(f.tablet->dir(), f.clock, [&] { ++changes; }, o);
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        while (loop.status().passes < 1 && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        const SyncLoopStatus s = loop.status();
        CHECK(s.enrolled);
        CHECK(s.depot_url == f.depot.url());
        CHECK(s.last_contact_ms > 0);
        CHECK(s.last_error.empty());
        CHECK(s.generation == 1);
        CHECK(changes > 0);
        CHECK(f.outbox_item("v-1").state == OutboxState::Sent);

        f.walk("v-2");
        loop.sync_now();
        while (loop.status().passes < 2 && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        CHECK(loop.status().generation == 2);
    }
    CHECK(f.outbox_item("v-2").state == OutboxState::Sent);
    CHECK(f.depot.store->visit_count().value() == 2);
}

TEST_CASE("an upload the depot saw break off (400 incomplete_body) is retried, never set aside") {
    DepotAndTablet f;
    f.enroll();
    f.sync();
    f.walk("v-1");
    // The depot's own answer to a body cut short on the way: the network's fault, not the visit's.
    CaptivePortal cut([](const httplib::Request& req, httplib::Response& res) {
        res.set_header("X-Fieldcheck-Depot", "1");
        if (req.path == "/healthz" || req.method == "HEAD") {
            res.status = 200;
            res.set_content(R"({"status":"ok"})", "application/json");
            return;
        }
        res.status = 400;
        res.set_content(R"({"error":"incomplete_body","message":"the visit's body did not arrive whole"})", "application/json");
    });
    REQUIRE(f.tablet->set_setting(kSettingDepotUrl, cut.url()).ok());
    const SyncReport r = f.sync();
    CHECK(r.set_aside == 0);
    CHECK(r.retry_later == 1);
    CHECK(f.outbox_item("v-1").state == OutboxState::Pending);
    // Back on the real depot, it goes through.
    REQUIRE(f.tablet->set_setting(kSettingDepotUrl, f.depot.url()).ok());
    CHECK(f.sync().sent == 1);
    CHECK(f.outbox_item("v-1").state == OutboxState::Sent);
}

TEST_CASE("a tablet enrolled again for another technician fetches all of that technician's assignments") {
    DepotAndTablet f;
    // After v-9 (tech-b) the depot numbers one more assignment of tech-a, so tech-a's cursor passes v-9.
    f.depot.assign({make_assignment("v-3", "tech-a", *f.t, "job-3")});
    f.enroll();
    CHECK(f.sync().assignments_received == 3);
    REQUIRE(f.tablet->setting(kSettingAssignmentCursor).value().value_or("") != "");
    // The tablet is handed to technician b.
    REQUIRE(enroll_with_depot(*f.tablet, f.depot.url(), f.depot.token_for("tech-b")).ok());
    const SyncReport r = f.sync();
    CHECK(r.assignments_received == 1);
    const auto visits = f.tablet->list_visits();
    REQUIRE(visits.ok());
    bool has_v9 = false;
    for (const auto& v : visits.value()) has_v9 = has_v9 || v.assignment.visit_id == "v-9";
    CHECK(has_v9);
}

TEST_CASE("the upload sends exactly the record bytes stored at the seal, without replaying the visit") {
    DepotAndTablet f;
    f.enroll();
    f.sync();
    f.walk("v-1");
    const auto at_seal = f.tablet->sealed_record("v-1");
    REQUIRE_MESSAGE(at_seal.ok(), (at_seal.ok() ? "" : at_seal.error().message));
    const Visit visit = f.tablet->load_visit("v-1").value();
    CHECK(at_seal->bytes == encode_visit_record(visit));
    CHECK(at_seal->seal == visit.seal());
    CHECK(at_seal->attachments == visit.attachment_hashes());
    CHECK_FALSE(at_seal->attachments.empty());
    // From here on a replay fails, so only the bytes kept at the seal can reach the depot.
    break_stored_events(f);
    const SyncReport r = f.sync();
    CHECK(r.sent == 1);
    CHECK(f.outbox_item("v-1").state == OutboxState::Sent);
    const auto received = f.depot.store->received_visits();
    REQUIRE(received.ok());
    REQUIRE(received->size() == 1);
    CHECK(received->front().record == at_seal->bytes);
}

TEST_CASE("a visit sealed by a build that kept no record bytes is encoded once, on its first upload, and kept") {
    DepotAndTablet f;
    f.enroll();
    f.sync();
    f.walk("v-1");
    const std::string expected = encode_visit_record(f.tablet->load_visit("v-1").value());
    tablet_sql(f.tablet_dir.path / "tablet", "UPDATE outbox SET record = '', attachments = '' WHERE visit_id = 'v-1'");
    const auto first = f.tablet->sealed_record("v-1");
    REQUIRE(first.ok());
    CHECK(first->bytes == expected);
    break_stored_events(f);  // kept: no second replay is needed, or possible
    const auto again = f.tablet->sealed_record("v-1");
    REQUIRE(again.ok());
    CHECK(again->bytes == expected);
    CHECK(again->attachments == first->attachments);
    CHECK(f.sync().sent == 1);
    CHECK(f.outbox_item("v-1").state == OutboxState::Sent);
}

TEST_CASE("a freshly enrolled tablet seals the depot's confirmations at its first sync, though its templates arrive in that same pass") {
    DepotAndTablet d;
    const Precheck* patch = nullptr;
    for (const Precheck& p : d.t->prechecks) {
        if (p.blocking && p.moment == PrecheckMoment::BeforeDeparture) patch = &p;
    }
    REQUIRE(patch);
    const PrecheckConfirmation c{"v-1", patch->id, "network operator", 1'715'616'000'000};
    REQUIRE(d.depot.store->confirm_precheck(c, 1).ok());
    d.enroll();
    const SyncReport r = d.sync();
    CHECK(r.confirmations_sealed == 1);
    CHECK(r.confirmations_skipped.empty());
    auto v = d.tablet->load_visit("v-1");
    REQUIRE_MESSAGE(v.ok(), (v.ok() ? "" : v.error().message));
    CHECK(v->intake_confirmation(patch->id) == std::optional<PrecheckConfirmation>(c));
    // A second pass changes nothing: the page is not fetched again and the confirmation stays sealed once.
    CHECK(d.sync().confirmations_sealed == 0);
}
