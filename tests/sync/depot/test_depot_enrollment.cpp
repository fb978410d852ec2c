// Enrollment with one-time codes: a code enrolls one key once (also when two requests race), expires,
// is never stored in the clear, and guessing is slowed to 429; a bearer-token tablet registers its
// key once with its token; the bearer cut-over is a stored setting; the admin commands work.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <atomic>
#include <thread>

#include "sync/depot/depot_key.h"
#include "sync/wire/enrollment_code.h"
#include "sync/wire/wire_enrollment.h"
#include "sync/wire/wire_messages.h"
#include "tests/error_code_doctest.h"
#include "tests/sync/depot/depot_process.h"
#include "tests/sync/depot/depot_test_support.h"
#include "tests/sync/depot/sqlite_only.h"

using namespace fc;
using namespace fc::test;

namespace {

constexpr std::int64_t kHourMs = 3'600'000;

struct Posted {
    int status = 0;
    std::string body;
};

Posted post_enroll(const RunningDepot& depot, const std::string& code, const PublicKey& key) {
    auto res = depot.client()->Post("/api/v1/enroll", encode_enroll_request({code, key}), "application/json");
    if (!res) return {};
    return {res->status, res->body};
}

PublicKey depot_public_key(const RunningDepot& depot) { return depot_signing_key(depot.dir).public_key(); }

ErrorCode error_of(const Posted& p) { return decode_wire_error(p.body).value().code; }

std::string new_code(RunningDepot& depot, std::int64_t now_ms, std::int64_t valid_ms = 24 * kHourMs) {
    return depot.store->create_enrollment_code("tech-a", "tablet 7", valid_ms, now_ms).value().code;
}

}  // namespace

TEST_CASE("an enrollment code is 16 digits, typed with or without spaces, and only its hash is stored" * FC_SQLITE_ONLY) {
    const std::string code = new_enrollment_code();
    CHECK(code.size() == 16);
    CHECK(code.find_first_not_of("0123456789") == std::string::npos);
    CHECK(new_enrollment_code() != code);
    CHECK(normalized_enrollment_code(grouped_enrollment_code(code)) == code);
    CHECK(normalized_enrollment_code("1234-5678-9012-3456") == "1234567890123456");
    CHECK_FALSE(normalized_enrollment_code("1234 5678 9012 345"));
    CHECK_FALSE(normalized_enrollment_code("1234 5678 9012 34567"));
    CHECK_FALSE(normalized_enrollment_code("1234 5678 9012 345x"));
    auto scanned = parse_enrollment_qr_text(enrollment_qr_text("https://depot.example:8443", code));
    REQUIRE(scanned);
    CHECK(scanned->depot_url == "https://depot.example:8443");
    CHECK(scanned->code == code);
    CHECK(parse_enrollment_qr_text(code)->depot_url.empty());
    CHECK_FALSE(parse_enrollment_qr_text("fieldcheck-enroll:https://x#12"));

    TempDir tmp;
    auto store = DepotStore::open(test_depot_location(tmp.path)).value();
    const std::string made = store->create_enrollment_code("tech-a", "tablet 7", kHourMs, 1000).value().code;
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open((tmp.path / "depot.db").c_str(), &db) == SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, "SELECT code_hash FROM enrollment_codes", -1, &st, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(st) == SQLITE_ROW);
    const std::string stored = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(db);
    CHECK(stored == enrollment_code_hash(made));
    CHECK(stored.find(made) == std::string::npos);
}

TEST_CASE("a code enrolls a key once: the answer names the key and the depot's key, a second use is 401 and stores nothing") {
    RunningDepot depot;
    const std::string code = new_code(depot, depot.clock->now().wall_ms);
    const SigningKey tablet = SigningKey::generate();
    const Posted first = post_enroll(depot, grouped_enrollment_code(code), tablet.public_key());
    REQUIRE_MESSAGE(first.status == 201, first.body);
    const Enrolled e = decode_enrolled(first.body).value();
    CHECK(e.technician_id == "tech-a");
    CHECK(e.device == "tablet 7");
    CHECK(e.depot_public_key == depot_public_key(depot));
    CHECK(e.depot_time_ms > 0);
    auto bound = depot.store->device_key(e.key_id).value();
    REQUIRE(bound);
    CHECK(bound->public_key == tablet.public_key());
    CHECK(bound->token_id == 0);
    // The same tablet asking again with the same key (its answer was lost): the same enrollment.
    const Posted retried = post_enroll(depot, code, tablet.public_key());
    REQUIRE(retried.status == 201);
    CHECK(decode_enrolled(retried.body).value().key_id == e.key_id);
    // Anyone else with the same code: refused, nothing stored.
    const Posted second = post_enroll(depot, code, SigningKey::generate().public_key());
    CHECK(second.status == 401);
    CHECK(error_of(second) == ErrorCode::enrollment_code_used);
    CHECK(depot.store->list_device_keys().value().size() == 1);
    auto codes = depot.store->list_enrollment_codes().value();
    REQUIRE(codes.size() == 1);
    CHECK(codes[0].used_ms != 0);
    CHECK(codes[0].key_id == e.key_id);
}

TEST_CASE("two requests racing with one code: exactly one key is enrolled") {
    DepotServerOptions options;
    options.bad_token_burst = 100;  // the losers' "used" counts as a wrong guess; five rounds must not reach 429
    RunningDepot depot(options);
    for (int round = 0; round < 5; ++round) {
        const std::string code = new_code(depot, depot.clock->now().wall_ms);
        std::atomic<int> created{0};
        std::atomic<int> refused{0};
        std::vector<std::thread> racers;
        for (int i = 0; i < 4; ++i) {
            racers.emplace_back([&] {
                const Posted p = post_enroll(depot, code, SigningKey::generate().public_key());
                if (p.status == 201) ++created;
                if (p.status == 401 && error_of(p) == ErrorCode::enrollment_code_used) ++refused;
                if (p.status != 201 && p.status != 401) MESSAGE("racer got ", p.status, " ", p.body);
            });
        }
        for (std::thread& t : racers) t.join();
        CHECK(created == 1);
        CHECK(refused == 3);
    }
    CHECK(depot.store->list_device_keys().value().size() == 5);
}

TEST_CASE("an expired or unknown code is 401 with its own error code and stores nothing") {
    ManualClock clock;
    RunningDepot depot({}, {}, &clock);
    const std::string code = new_code(depot, clock.now().wall_ms, kHourMs);
    clock.advance_ms(kHourMs);
    const Posted expired = post_enroll(depot, code, SigningKey::generate().public_key());
    CHECK(expired.status == 401);
    CHECK(error_of(expired) == ErrorCode::enrollment_code_expired);
    const Posted unknown = post_enroll(depot, "0000 0000 0000 0000", SigningKey::generate().public_key());
    CHECK(unknown.status == 401);
    CHECK(error_of(unknown) == ErrorCode::enrollment_code_unknown);
    const Posted malformed = post_enroll(depot, "12", SigningKey::generate().public_key());
    CHECK(malformed.status == 401);
    CHECK(error_of(malformed) == ErrorCode::enrollment_code_unknown);
    CHECK(depot.store->list_device_keys().value().empty());
    CHECK(depot.store->list_enrollment_codes().value()[0].used_ms == 0);
    // A body that is not an enrollment: 400, and a key that is not 32 bytes: 400 bad_key.
    auto c = depot.client();
    CHECK(c->Post("/api/v1/enroll", "{\"code\":1}", "application/json")->status == 400);
    auto bad_key = c->Post("/api/v1/enroll", "{\"code\":\"" + code + "\",\"public_key\":\"AAAA\"}", "application/json");
    CHECK(bad_key->status == 400);
    CHECK(decode_wire_error(bad_key->body).value().code == ErrorCode::bad_key);
}

TEST_CASE("guessing enrollment codes from one address gets 429, even for the right code") {
    DepotServerOptions options;
    options.bad_token_burst = 3;
    options.bad_token_refill_s = 600;
    RunningDepot depot(options);
    const std::string code = new_code(depot, depot.clock->now().wall_ms);
    for (int i = 0; i < 3; ++i) {
        CHECK(post_enroll(depot, "1111 2222 3333 000" + std::to_string(i), SigningKey::generate().public_key()).status == 401);
    }
    const Posted right = post_enroll(depot, code, SigningKey::generate().public_key());
    CHECK(right.status == 429);
    CHECK(error_of(right) == ErrorCode::too_many_bad_tokens);
    CHECK(depot.store->list_device_keys().value().empty());
}

TEST_CASE("a bearer-token tablet registers its key once with its token: a retry is the same key id") {
    RunningDepot depot;
    const std::string token = depot.token_for("tech-a");
    const SigningKey tablet = SigningKey::generate();
    auto c = depot.client(token);
    auto first = c->Put("/api/v1/device-key", encode_key_registration(tablet.public_key()), "application/json");
    REQUIRE(first);
    REQUIRE_MESSAGE(first->status == 201, first->body);
    const Enrolled e = decode_enrolled(first->body).value();
    CHECK(e.technician_id == "tech-a");
    CHECK(e.device == "test-tablet");
    CHECK(e.depot_public_key == depot_public_key(depot));
    auto again = c->Put("/api/v1/device-key", encode_key_registration(tablet.public_key()), "application/json");
    REQUIRE(again->status == 201);
    CHECK(decode_enrolled(again->body).value().key_id == e.key_id);
    const auto keys = depot.store->list_device_keys().value();
    REQUIRE(keys.size() == 1);
    CHECK(keys[0].token_id == depot.store->token_id(token).value());
    // Without a token, or with a wrong one: 401 and nothing stored.
    CHECK(depot.client()->Put("/api/v1/device-key", encode_key_registration(SigningKey::generate().public_key()),
                              "application/json")->status == 401);
    CHECK(depot.store->list_device_keys().value().size() == 1);
}

TEST_CASE("settings set bearer-cutover stores 00:00 UTC of its date, and none removes it") {
    TempDir tmp;
    const std::string dir = (tmp.path / "depot").string();
    REQUIRE(DepotStore::open(test_depot_location(dir)).ok());
    const CommandResult set = run_depot({"settings", "set", "bearer-cutover", "2027-03-01", "--data", dir});
    REQUIRE_MESSAGE(set.exit_code == 0, set.err);
    CHECK(set.out == "bearer-cutover: 2027-03-01T00:00:00Z\n");
    CHECK(DepotStore::open_existing(test_depot_location(dir)).value()->bearer_cutover_ms().value() == std::optional<std::int64_t>(1'803'859'200'000));
    // The contact settings share the table: unchanged, and `settings` shows the cut-over below them.
    const CommandResult shown = run_depot({"settings", "--data", dir});
    CHECK(shown.out == "company:  (not set)\nhelpdesk: (not set)\nbearer-cutover: 2027-03-01T00:00:00Z\n");
    CHECK(run_depot({"settings", "set", "bearer-cutover", "2027-02-30", "--data", dir}).exit_code == 2);
    CHECK(run_depot({"settings", "set", "bearer-cutover", "1 March", "--data", dir}).exit_code == 2);
    CHECK(run_depot({"settings", "set", "colour", "red", "--data", dir}).exit_code == 2);
    REQUIRE(run_depot({"settings", "set", "bearer-cutover", "none", "--data", dir}).exit_code == 0);
    CHECK(DepotStore::open_existing(test_depot_location(dir)).value()->bearer_cutover_ms().value() == std::nullopt);
}

TEST_CASE("enroll-code create prints a code and its QR code, list never shows it, device list and revoke through the binary") {
    TempDir tmp;
    const std::string dir = (tmp.path / "depot").string();
    REQUIRE(DepotStore::open(test_depot_location(dir)).ok());
    const CommandResult made = run_depot({"enroll-code", "create", "--data", dir, "--technician", "tech-a", "--device",
                                          "tablet 7", "--valid-hours", "2", "--depot-url", "https://depot.example"});
    REQUIRE_MESSAGE(made.exit_code == 0, made.err);
    const std::string first_line = made.out.substr(0, made.out.find('\n'));
    auto code = normalized_enrollment_code(first_line);
    REQUIRE(code);
    CHECK(made.out.find("\u2588") != std::string::npos);  // the QR code's blocks
    CHECK(made.out.find("valid until") != std::string::npos);
    CHECK(run_depot({"enroll-code", "create", "--data", dir, "--technician", "tech-a", "--device", "t",
                     "--valid-hours", "169"}).exit_code == 2);
    const CommandResult listed = run_depot({"enroll-code", "list", "--data", dir});
    REQUIRE(listed.exit_code == 0);
    CHECK(listed.out.find("pending") != std::string::npos);
    CHECK(listed.out.find(*code) == std::string::npos);
    CHECK(listed.out.find(first_line) == std::string::npos);

    const SigningKey tablet = SigningKey::generate();
    std::string key_id;
    {
        auto store = DepotStore::open_existing(test_depot_location(dir)).value();
        key_id = store->enroll_with_code(*code, tablet.public_key(), 1'700'000'000'000).value().key_id;
    }
    CHECK(run_depot({"enroll-code", "list", "--data", dir}).out.find("used") != std::string::npos);
    const CommandResult devices = run_depot({"device", "list", "--data", dir});
    REQUIRE(devices.exit_code == 0);
    CHECK(devices.out.find(key_id) != std::string::npos);
    CHECK(devices.out.find("tablet 7") != std::string::npos);
    const CommandResult revoked = run_depot({"device", "revoke", "--data", dir, key_id});
    REQUIRE_MESSAGE(revoked.exit_code == 0, revoked.err);
    CHECK(DepotStore::open_existing(test_depot_location(dir)).value()->device_key(key_id).value()->revoked_ms != 0);
    CHECK(run_depot({"device", "revoke", "--data", dir, "ffffffffffffffff"}).exit_code == 1);
    CHECK(run_depot({"device", "revoke", "--data", dir, "not-a-key"}).exit_code == 2);
}
