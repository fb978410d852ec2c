// The depot checks every request's RFC 9421 signature against a real depot on 127.0.0.1: each
// refusal has its reason, a captured request cannot be sent again, revocation stops the next
// request, and a visit needs its device's record signature (issue 11, findings 1 and 4).
#include <doctest/doctest.h>

#include "sync/depot/depot_export.h"
#include "sync/wire/wire_messages.h"
#include "tests/error_code_doctest.h"
#include "tests/sync/depot/depot_test_support.h"
#include "tests/sync/depot/signed_tablet.h"

using namespace fc;
using namespace fc::test;

namespace {

constexpr std::int64_t kNowMs = 1'750'000'000'000;

struct SigningDepot {
    ManualClock clock;
    std::unique_ptr<RunningDepot> depot;
    std::shared_ptr<const ChecklistTemplate> t = repo_template(kTemplateName);
    std::optional<DeviceSigner> signer;  // set once the depot runs

    SigningDepot() {
        clock.set_wall_ms(kNowMs);
        depot = std::make_unique<RunningDepot>(DepotServerOptions{}, std::filesystem::path{}, &clock);
        depot->add_template(*t);
        depot->assign({make_assignment("v-1", "tech-a", *t, "job-1"), make_assignment("v-9", "tech-b", *t, "job-9")});
        signer = register_signer(*depot->store, "tech-a");
    }
    std::int64_t now_s() { return clock.now().wall_ms / 1000; }
    httplib::Result get(const std::string& path, const httplib::Headers& headers) { return depot->client()->Get(path, headers); }
    httplib::Result put_visit(const std::string& id, const std::string& body, httplib::Headers headers) {
        return depot->client()->Put("/api/v1/visits/" + id, headers, body, "application/json");
    }
};

ErrorCode refusal_of(const httplib::Result& r) {
    REQUIRE(r);
    CHECK(r->status == 401);
    auto e = decode_wire_error(r->body);
    REQUIRE(e.ok());
    return e->code;
}

}  // namespace

TEST_CASE("a request signed with a registered key is served, and the caller is the key's technician") {
    SigningDepot d;
    auto r = d.get("/api/v1/assignments", signed_headers(*d.signer, "GET", "/api/v1/assignments", "", d.now_s()));
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(r->body.find("v-1") != std::string::npos);
    CHECK(r->body.find("v-9") == std::string::npos);
    auto q = d.get("/api/v1/assignments?since=", signed_headers(*d.signer, "GET", "/api/v1/assignments?since=", "", d.now_s()));
    REQUIRE(q);
    CHECK(q->status == 200);
}

TEST_CASE("each refusal of a signed request says why: bad_signature, unknown_key, stale, digest_mismatch") {
    SigningDepot d;
    // Signed for another path: the signature does not verify for this one.
    CHECK(refusal_of(d.get("/api/v1/templates", signed_headers(*d.signer, "GET", "/api/v1/assignments", "", d.now_s()))) ==
          ErrorCode::bad_signature);
    auto garbled = signed_headers(*d.signer, "GET", "/api/v1/templates", "", d.now_s());
    garbled.find("Signature-Input")->second += ";expires=1";
    CHECK(refusal_of(d.get("/api/v1/templates", garbled)) == ErrorCode::bad_signature);
    const DeviceSigner stranger{"0123456789abcdef", SigningKey::generate()};
    CHECK(refusal_of(d.get("/api/v1/templates", signed_headers(stranger, "GET", "/api/v1/templates", "", d.now_s()))) ==
          ErrorCode::unknown_key);
    auto stale = d.get("/api/v1/templates", signed_headers(*d.signer, "GET", "/api/v1/templates", "", d.now_s() - 2 * 86400));
    CHECK(refusal_of(stale) == ErrorCode::stale);
    CHECK(decode_wire_error(stale->body)->depot_time_ms == kNowMs);
    CHECK(stale->has_header("Date"));
    // Within five minutes either way is not stale.
    auto skewed = d.get("/api/v1/templates", signed_headers(*d.signer, "GET", "/api/v1/templates", "", d.now_s() + 290));
    REQUIRE(skewed);
    CHECK(skewed->status == 200);
    const SealedVisit v = sealed_visit(make_assignment("v-1", "tech-a", *d.t, "job-1"), d.t);
    auto h = signed_headers(*d.signer, "PUT", "/api/v1/visits/v-1", v.record, d.now_s());
    h.emplace("Fieldcheck-Record-Signature", record_signature_header(d.signer->key, "v-1", v.seal));
    CHECK(refusal_of(d.put_visit("v-1", v.record + " ", h)) == ErrorCode::digest_mismatch);
    CHECK_FALSE(d.depot->store->visit_head("v-1").value());
}

TEST_CASE("a captured signed request sent again is refused as replayed, and the throttle counts bad signatures") {
    SigningDepot d;
    const auto captured = signed_headers(*d.signer, "GET", "/api/v1/assignments", "", d.now_s());
    auto first = d.get("/api/v1/assignments", captured);
    REQUIRE(first);
    CHECK(first->status == 200);
    CHECK(refusal_of(d.get("/api/v1/assignments", captured)) == ErrorCode::replayed);
    // Ten bad signatures from one address, then even a good one waits (429), like bad tokens.
    for (int i = 0; i < 12; ++i) (void)d.get("/api/v1/templates", signed_headers(*d.signer, "GET", "/x", "", d.now_s()));
    auto held = d.get("/api/v1/templates", signed_headers(*d.signer, "GET", "/api/v1/templates", "", d.now_s()));
    REQUIRE(held);
    CHECK(held->status == 429);
}

TEST_CASE("revoking a device key stops its very next request with key_revoked") {
    SigningDepot d;
    auto before = d.get("/api/v1/templates", signed_headers(*d.signer, "GET", "/api/v1/templates", "", d.now_s()));
    REQUIRE(before);
    CHECK(before->status == 200);
    REQUIRE(d.depot->store->revoke_device_key(d.signer->key_id, kNowMs).ok());
    CHECK(refusal_of(d.get("/api/v1/templates", signed_headers(*d.signer, "GET", "/api/v1/templates", "", d.now_s()))) ==
          ErrorCode::key_revoked);
}

TEST_CASE("after the bearer cut-over a token is refused as unsigned_request everywhere but the key registration") {
    SigningDepot d;
    const std::string token = d.depot->token_for("tech-a");
    const httplib::Headers bearer{{"Authorization", "Bearer " + token}};
    auto before = d.get("/api/v1/templates", bearer);
    REQUIRE(before);
    CHECK(before->status == 200);
    REQUIRE(d.depot->store->set_bearer_cutover_ms(kNowMs - 1, kNowMs).ok());
    CHECK(refusal_of(d.get("/api/v1/templates", bearer)) == ErrorCode::unsigned_request);
    CHECK(refusal_of(d.get("/api/v1/templates", {})) == ErrorCode::unsigned_request);
    // The company contact (the same settings table) is not confused by the cut-over row.
    CHECK_FALSE(d.depot->store->contact().value());
    // /healthz ignores credentials of any kind.
    auto health = d.get("/healthz", signed_headers(*d.signer, "GET", "/wrong", "", 1));
    REQUIRE(health);
    CHECK(health->status == 200);
}

TEST_CASE("finding 1: a forged visit without the device's record signature is refused and nothing is stored, the real one then arrives") {
    SigningDepot d;
    // The forger holds the technician's token and even a key of his own for another device; he
    // builds a 5/5/5/5 survey and a correct seal, but cannot sign as the tablet.
    WalkPlan forged_plan;
    forged_plan.scores = {5, 5, 5, 5};
    const SealedVisit forged = sealed_visit(make_assignment("v-1", "tech-a", *d.t, "job-1"), d.t, forged_plan);
    auto unsigned_record = signed_headers(*d.signer, "PUT", "/api/v1/visits/v-1", forged.record, d.now_s());
    CHECK(refusal_of(d.put_visit("v-1", forged.record, unsigned_record)) == ErrorCode::bad_record_signature);
    const DeviceSigner forger = register_signer(*d.depot->store, "tech-a", "forger's laptop");
    auto wrong_key = signed_headers(*d.signer, "PUT", "/api/v1/visits/v-1", forged.record, d.now_s());
    wrong_key.emplace("Fieldcheck-Record-Signature", record_signature_header(forger.key, "v-1", forged.seal));
    CHECK(refusal_of(d.put_visit("v-1", forged.record, wrong_key)) == ErrorCode::bad_record_signature);
    // After the cut-over, the token alone cannot upload at all.
    REQUIRE(d.depot->store->set_bearer_cutover_ms(kNowMs - 1, kNowMs).ok());
    const httplib::Headers bearer{{"Authorization", "Bearer " + d.depot->token_for("tech-a")}};
    CHECK(refusal_of(d.put_visit("v-1", forged.record, bearer)) == ErrorCode::unsigned_request);
    CHECK_FALSE(d.depot->store->visit_head("v-1").value());

    WalkPlan real_plan;
    real_plan.scores = {2, 1, 2, 2};
    const SealedVisit real = sealed_visit(make_assignment("v-1", "tech-a", *d.t, "job-1"), d.t, real_plan);
    for (const auto& [sha, bytes] : real.files) {
        const std::string path = "/api/v1/attachments/" + sha;
        auto up = d.depot->client()->Put(path, signed_headers(*d.signer, "PUT", path, bytes, d.now_s()), bytes, "image/jpeg");
        REQUIRE(up);
        CHECK(up->status == 201);
    }
    auto h = signed_headers(*d.signer, "PUT", "/api/v1/visits/v-1", real.record, d.now_s());
    h.emplace("Fieldcheck-Record-Signature", record_signature_header(d.signer->key, "v-1", real.seal));
    auto stored = d.put_visit("v-1", real.record, h);
    REQUIRE(stored);
    CHECK(stored->status == 201);
    CHECK(d.depot->store->visit_head("v-1").value()->seal == real.seal);
    // Export says which device sent it.
    const auto received = d.depot->store->received_visits().value();
    REQUIRE(received.size() == 1);
    CHECK(received[0].device_key_id == d.signer->key_id);
    CHECK(received[0].device == "tablet 1");
    CHECK(received[0].record_signature == record_signature_header(d.signer->key, "v-1", real.seal));
    CHECK(export_visits_csv(received).find(",tablet 1," + d.signer->key_id + ",") != std::string::npos);
    CHECK(export_visits_json(received).find("\"device_key_id\":\"" + d.signer->key_id + "\"") != std::string::npos);
}
