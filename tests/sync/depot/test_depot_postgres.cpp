// One truth across depot instances on one PostgreSQL: the cases that only two instances (or a
// server that restarts) can show. They run on the PostgreSQL pass (FIELDCHECK_TEST_PG set, see
// scripts/test.sh) and are skipped on SQLite, where one process owns the file.
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <map>
#include <set>
#include <thread>

#include "checklists/clock.h"
#include "sync/depot/db/pg_depot_db.h"
#include "sync/wire/wire_enrollment.h"
#include "sync/wire/wire_messages.h"
#include "tests/sync/depot/depot_test_support.h"
#include "tests/sync/depot/office_browser.h"
#include "tests/sync/depot/signed_tablet.h"

namespace fc {
namespace {

using namespace test;

#define FC_POSTGRES_ONLY doctest::skip(!::fc::test::testing_postgres())

constexpr std::int64_t kNowMs = 1'800'000'000'000;

ReceivedVisit received(const std::string& visit_id, const std::string& seal) {
    ReceivedVisit v;
    v.visit_id = visit_id;
    v.technician_id = "tech-a";
    v.job_id = "job-" + visit_id;
    v.template_id = kTemplateName;
    v.template_version = 1;
    v.seal = seal;
    v.record = "{}";
    v.outcome = "completed";
    v.survey_status = "submitted";
    v.tablet_sealed_ms = kNowMs;
    return v;
}

// Two depot instances: two stores (each with its readers, as serve opens them) on one database.
struct TwoInstances {
    TempDir tmp;
    std::filesystem::path dir = tmp.path / "depot";
    std::unique_ptr<DepotStore> a = open_instance();
    std::unique_ptr<DepotStore> b = open_instance();

    std::unique_ptr<DepotStore> open_instance() {
        auto store = DepotStore::open(test_depot_location(dir));
        REQUIRE(store.ok());
        REQUIRE(store.value()->open_readers(2).ok());
        return std::move(store).value();
    }
};

// Two running instances serving one database, on one clock standing at kNowMs; their throttles
// (wrong tokens and codes, logins) hold a client after 3 failures for 10 minutes.
struct TwoRunningDepots {
    static DepotServerOptions options() {
        DepotServerOptions o;
        o.login_burst = 3;
        o.login_refill_s = 600;
        o.bad_token_burst = 3;
        o.bad_token_refill_s = 600;
        return o;
    }
    ManualClock clock{Instant{kNowMs, 1'000}};
    TempDir tmp;
    RunningDepot one{options(), tmp.path / "depot", &clock};
    RunningDepot two{options(), tmp.path / "depot", &clock};
};

}  // namespace

TEST_CASE("postgres: the same visits raced to two instances are each stored once, and every answer carries the first receipt" *
          FC_POSTGRES_ONLY) {
    TwoInstances d;
    REQUIRE(d.a->import_template(*repo_template(kTemplateName), kNowMs).ok());
    constexpr int kVisits = 40;
    constexpr int kSenders = 6;  // three per instance, each sending every visit
    std::vector<std::vector<Expected<StoredVisit>>> answers(kSenders);
    std::vector<std::thread> senders;
    for (int s = 0; s < kSenders; ++s) {
        senders.emplace_back([&, s] {
            DepotStore& instance = s % 2 == 0 ? *d.a : *d.b;
            for (int i = 0; i < kVisits; ++i) {
                const std::string id = "v-" + std::to_string((i + s * 7) % kVisits);
                answers[static_cast<std::size_t>(s)].push_back(instance.store_visit(received(id, std::string(64, 'c')), kNowMs + s));
            }
        });
    }
    for (auto& t : senders) t.join();
    std::map<std::string, std::pair<int, DepotReceipt>> created;
    std::map<std::string, std::set<std::int64_t>> receipts_seen;
    for (const auto& list : answers) {
        for (const auto& answer : list) {
            REQUIRE(answer.ok());
            const auto& [outcome, receipt] = answer.value();
            CHECK(outcome != StoreVisitOutcome::Conflict);
            if (outcome == StoreVisitOutcome::Created) {
                created[receipt.visit_id].first += 1;
                created[receipt.visit_id].second = receipt;
            }
            receipts_seen[receipt.visit_id].insert(receipt.depot_seq);
        }
    }
    CHECK(created.size() == kVisits);
    for (const auto& [id, c] : created) CHECK_MESSAGE(c.first == 1, id << " was created " << c.first << " times");
    for (const auto& [id, seqs] : receipts_seen) CHECK_MESSAGE(seqs.size() == 1, id << " got " << seqs.size() << " receipts");
    CHECK(d.a->visit_count().value() == kVisits);
    CHECK(d.b->visit_count().value() == kVisits);
}

TEST_CASE_FIXTURE(TwoRunningDepots, "postgres: a device key revoked through one instance is refused by the other on its next request" *
                  FC_POSTGRES_ONLY) {
    one.add_template(*repo_template(kTemplateName));
    one.assign({make_assignment("v-1", "tech-a", *repo_template(kTemplateName), "job-1")});
    const DeviceSigner signer = register_signer(*one.store, "tech-a");
    const auto get_from_two = [&] {
        return two.client()->Get("/api/v1/assignments", signed_headers(signer, "GET", "/api/v1/assignments", "", kNowMs / 1000));
    };
    auto served = get_from_two();
    REQUIRE(served);
    CHECK(served->status == 200);
    CHECK(served->body.find("v-1") != std::string::npos);
    REQUIRE(one.store->revoke_device_key(signer.key_id, kNowMs).ok());
    auto refused = get_from_two();
    REQUIRE(refused);
    CHECK(refused->status == 401);
    CHECK(decode_wire_error(refused->body)->code == ErrorCode::key_revoked);
}

TEST_CASE_FIXTURE(TwoRunningDepots, "postgres: a signed request captured at one instance is refused as replayed by the other" *
                  FC_POSTGRES_ONLY) {
    const DeviceSigner signer = register_signer(*one.store, "tech-a");
    const httplib::Headers captured = signed_headers(signer, "GET", "/api/v1/templates", "", kNowMs / 1000);
    auto first = one.client()->Get("/api/v1/templates", captured);
    REQUIRE(first);
    CHECK(first->status == 200);
    auto again = two.client()->Get("/api/v1/templates", captured);
    REQUIRE(again);
    CHECK(again->status == 401);
    CHECK(decode_wire_error(again->body)->code == ErrorCode::replayed);
    // Both instances also sign receipts with the one key they share.
    CHECK(one.store->signing_key().value().public_key().base64() == two.store->signing_key().value().public_key().base64());
}

TEST_CASE_FIXTURE(TwoRunningDepots, "postgres: failed back-office logins through one instance throttle the same name and address at the other" *
                  FC_POSTGRES_ONLY) {
    add_office_user(one, "planner", OfficeRole::Planner);
    OfficeBrowser at_one(one);
    for (int i = 0; i < 3; ++i) CHECK_FALSE(at_one.login("planner", "wrong password"));
    // The right password, at the other instance: still refused until the bucket refills.
    OfficeBrowser at_two(two);
    CHECK_FALSE(at_two.login("planner"));
    clock.advance_ms(601'000);
    CHECK(at_two.login("planner"));
}

TEST_CASE_FIXTURE(TwoRunningDepots, "postgres: wrong tokens and enrollment codes at one instance throttle the same client at the other" *
                  FC_POSTGRES_ONLY) {
    const DeviceSigner signer = register_signer(*one.store, "tech-a");
    const auto templates_at = [](const RunningDepot& d, const httplib::Headers& h) {
        auto r = d.client()->Get("/api/v1/templates", h);
        REQUIRE(r);
        return r->status;
    };
    const auto enroll_at = [](const RunningDepot& d, const std::string& code) {
        auto r = d.client()->Post("/api/v1/enroll", encode_enroll_request({code, SigningKey::generate().public_key()}),
                                  "application/json");
        REQUIRE(r);
        return r->status;
    };
    for (int i = 0; i < 3; ++i) {
        CHECK(templates_at(one, {{"Authorization", "Bearer " + sha256_hex("guess " + std::to_string(i))}}) == 401);
    }
    // Even the tablet's good signature, from the same client at the other instance, waits.
    CHECK(templates_at(two, signed_headers(signer, "GET", "/api/v1/templates", "", kNowMs / 1000)) == 429);
    // Codes have buckets of their own (the tokens' empty one does not hold them), shared the same way.
    for (int i = 0; i < 3; ++i) CHECK(enroll_at(one, "1111 2222 3333 000" + std::to_string(i)) == 401);
    CHECK(enroll_at(two, "1111 2222 3333 0009") == 429);
    clock.advance_ms(601'000);
    CHECK(templates_at(two, signed_headers(signer, "GET", "/api/v1/templates", "", (kNowMs + 601'000) / 1000)) == 200);
}

TEST_CASE("postgres: a receipt mail claimed by one instance is not sent by the other, and a released one is free again" *
          FC_POSTGRES_ONLY) {
    TwoInstances d;
    exec_on_depot(d.dir, "INSERT INTO mail_outbox(visit_id, recipient, message_id, state, next_attempt_ms, queued_ms) "
                         "VALUES('v-1', 'klant@example.nl', '<v-1@depot>', 'queued', 0, 0)");
    auto first = d.a->claim_mail("v-1", kNowMs);
    REQUIRE(first.ok());
    REQUIRE(first.value().has_value());
    CHECK(first.value()->recipient == "klant@example.nl");
    auto second = d.b->claim_mail("v-1", kNowMs);
    REQUIRE(second.ok());
    CHECK_FALSE(second.value().has_value());  // one instance is sending it
    d.a->release_mail("v-1");
    CHECK(d.b->claim_mail("v-1", kNowMs).value().has_value());  // released without being sent: free again
    REQUIRE(d.b->mail_sent("v-1", "250 ok", kNowMs).ok());
    d.b->release_mail("v-1");
    CHECK_FALSE(d.a->claim_mail("v-1", kNowMs).value().has_value());  // sent: nobody sends it again
}

// What an instance half-way through a commit looks like to the others: the write lock held, a
// sequence number taken, a new assignment written, not yet committed.
struct CommitInFlight {
    std::unique_ptr<PgDepotDb> db;
    CommitInFlight(const std::string& url, int template_version) {
        auto connected = PgDepotDb::connect(url);
        REQUIRE(connected.ok());
        db = std::move(connected).value();
        REQUIRE(db->begin(DepotDb::TxKind::write, "a slow instance's commit").ok());
        auto seq = db->prepare("UPDATE sequence SET value = value + 1 WHERE id = 1 RETURNING value");
        REQUIRE(seq.ok());
        const std::int64_t n = returned_id(*seq).value();
        auto row = db->prepare("INSERT INTO assignments(visit_id, technician_id, customer_name, address, job_id, window_start_ms, "
                               "window_end_ms, template_id, template_version, seq, changed_ms) "
                               "VALUES('v-slow', 'tech-a', 'C', 'A', 'job-slow', 1, 2, ?, ?, ?, 1)");
        REQUIRE(row.ok());
        row->bind(1, kTemplateName).bind(2, template_version).bind(3, n);
        Status inserted = row->run();
        REQUIRE_MESSAGE(inserted.ok(), (inserted.ok() ? "" : inserted.error().message));
    }
};

TEST_CASE("postgres: two assignments committing out of order never make a tablet's cursor skip the one committed last" *
          FC_POSTGRES_ONLY) {
    TwoInstances d;
    const auto t = repo_template(kTemplateName);
    REQUIRE(d.a->import_template(*t, kNowMs).ok());
    REQUIRE(d.a->put_assignments({make_assignment("v-0", "tech-a", *t, "job-0")}, kNowMs).ok());
    const AssignmentPage start = d.b->assignments_since("tech-a", "", 100).value();
    REQUIRE(start.assignments.size() == 1);

    // Instance one takes its sequence number first and commits last; instance two's assignment comes
    // in meanwhile. Without the write lock two would take the next number, commit first, and a tablet
    // reading between the two commits would move its cursor past one's number forever.
    CommitInFlight slow(test_depot_location(d.dir).db_url, t->version);
    std::atomic<bool> fast_done{false};
    std::thread fast([&] {
        CHECK(d.a->put_assignments({make_assignment("v-fast", "tech-a", *t, "job-fast")}, kNowMs).ok());
        fast_done = true;
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    CHECK_FALSE(fast_done.load());  // waits for the write lock
    const AssignmentPage between = d.b->assignments_since("tech-a", start.cursor, 100).value();
    CHECK(between.assignments.empty());
    REQUIRE(slow.db->commit("a slow instance's commit").ok());
    fast.join();
    const AssignmentPage after = d.b->assignments_since("tech-a", between.cursor.empty() ? start.cursor : between.cursor, 100).value();
    std::vector<std::string> ids;
    for (const Assignment& a : after.assignments) ids.push_back(a.visit_id);
    CHECK(ids == std::vector<std::string>{"v-slow", "v-fast"});
}

namespace {

// The throw-away cluster the PostgreSQL pass runs on (scripts/pg-cluster.sh), stopped and started
// again by a test; started again whatever the test does.
struct ClusterControl {
    std::string dir;
    ClusterControl() {
        const char* d = std::getenv("FIELDCHECK_TEST_PG_DIR");
        dir = d ? d : "";
    }
    void pg_ctl(const std::string& verb) {
        const std::string cmd = "runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D '" + dir + "/data' -l '" + dir +
                                "/postgres.log' -w -t 60 " + (verb == "stop" ? "-m fast " : "") + verb + " >/dev/null 2>&1";
        REQUIRE_MESSAGE(std::system(cmd.c_str()) == 0, "pg_ctl " << verb << " failed");
    }
    ~ClusterControl() {
        if (dir.empty()) return;
        const std::string status = "runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D '" + dir + "/data' status >/dev/null 2>&1";
        if (std::system(status.c_str()) != 0) {
            const std::string start = "runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D '" + dir + "/data' -l '" + dir +
                                      "/postgres.log' -w -t 60 start >/dev/null 2>&1";
            (void)std::system(start.c_str());
        }
    }
};

}  // namespace

TEST_CASE("postgres: while the server restarts under load the depot answers 503 with Retry-After, then recovers, no visit lost or doubled" *
          FC_POSTGRES_ONLY) {
    ClusterControl cluster;
    REQUIRE_MESSAGE(!cluster.dir.empty(), "FIELDCHECK_TEST_PG_DIR names the cluster's directory on the PostgreSQL pass");
    ManualClock clock;
    clock.set_wall_ms(kNowMs);
    TempDir tmp;
    RunningDepot depot(DepotServerOptions{}, tmp.path / "depot", &clock);
    depot.add_template(*repo_template(kTemplateName));
    const DeviceSigner signer = register_signer(*depot.store, "tech-a");

    // The load: visits stored one after another, each retried until the depot has it, as a tablet's outbox does.
    constexpr int kVisits = 400;
    std::atomic<int> refused{0};
    std::atomic<int> stored_so_far{0};
    std::vector<StoreVisitOutcome> outcomes;
    std::thread load([&] {
        for (int i = 0; i < kVisits; ++i) {
            for (;;) {
                auto stored = depot.store->store_visit(received("v-" + std::to_string(i), std::string(64, 'd')), kNowMs);
                if (stored.ok()) {
                    outcomes.push_back(stored->first);
                    ++stored_so_far;
                    break;
                }
                CHECK(stored.error().code == ErrorCode::database_unavailable);
                ++refused;
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
            }
        }
    });
    while (stored_so_far.load() < 20) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    cluster.pg_ctl("stop");
    auto down = depot.client()->Get("/api/v1/templates", signed_headers(signer, "GET", "/api/v1/templates", "", kNowMs / 1000));
    REQUIRE(down);
    CHECK(down->status == 503);
    CHECK(down->get_header_value("Retry-After") == "5");
    CHECK(decode_wire_error(down->body)->code == ErrorCode::database_unavailable);
    const int stored_before_start = stored_so_far.load();
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    CHECK(stored_so_far.load() <= stored_before_start + 1);  // nothing is stored while the server is down
    cluster.pg_ctl("start");
    load.join();
    CHECK(refused.load() > 0);  // the load did meet the outage
    auto up = depot.client()->Get("/api/v1/templates", signed_headers(signer, "GET", "/api/v1/templates", "", kNowMs / 1000));
    REQUIRE(up);
    CHECK(up->status == 200);
    CHECK(depot.store->visit_count().value() == kVisits);
    int created = 0;
    for (StoreVisitOutcome o : outcomes) created += o == StoreVisitOutcome::Created ? 1 : 0;
    // A commit whose answer the restart cut off may have landed: its retry is then a Replay, never a second row.
    CHECK(created + static_cast<int>(std::count(outcomes.begin(), outcomes.end(), StoreVisitOutcome::Replay)) == kVisits);
}

TEST_CASE("postgres: a database written by a newer depot is refused and left as it was" * FC_POSTGRES_ONLY) {
    TempDir tmp;
    const DepotLocation where = test_depot_location(tmp.path / "depot");
    REQUIRE(DepotStore::open(where).ok());
    exec_on_depot(tmp.path / "depot", "UPDATE meta SET value = '99' WHERE key = 'schema_version'");
    auto refused = DepotStore::open(where);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == ErrorCode::refused);
    CHECK(refused.error().message.find("newer") != std::string::npos);
    auto db = PgDepotDb::connect(where.db_url);
    REQUIRE(db.ok());
    auto version = db.value()->prepare("SELECT value FROM meta WHERE key = 'schema_version'");
    REQUIRE(version.ok());
    REQUIRE(version->step().value());
    CHECK(version->text(0) == "99");
}

}  // namespace fc
