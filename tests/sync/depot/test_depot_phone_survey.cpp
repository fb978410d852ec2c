// The customer's own phone: the survey key route, the /s/ pages (security headers, language, nothing
// pre-selected, one submission per code, wrong code and expiry refused with nothing stored), and the
// depot linking the phone's answers to the visit's record whichever arrives first.
#include <doctest/doctest.h>

#include "sync/depot/depot_export.h"
#include "sync/wire/signing_key.h"
#include "sync/wire/survey_code.h"
#include "tests/sync/depot/depot_test_support.h"

using namespace fc;
using namespace fc::test;

namespace {

constexpr std::int64_t kDayMs = 24LL * 60 * 60 * 1000;

struct PhoneDepot {
    ManualClock clock{Instant{1'700'003'600'000, 1'000}};
    RunningDepot depot;
    std::shared_ptr<const ChecklistTemplate> nl = repo_template("fiber-modem-install-nl");
    std::string token;
    std::string key = new_survey_key();
    Assignment visit;

    explicit PhoneDepot(std::string public_url = "https://survey.example.nl")
        : depot(options_with(std::move(public_url)), {}, &clock) {
        depot.add_template(*nl);
        token = depot.token_for("tech-a");
        visit = make_assignment("V-phone-1", "tech-a", *nl);
        depot.assign({visit});
    }
    static DepotServerOptions options_with(std::string url) {
        DepotServerOptions o;
        o.public_url = std::move(url);
        return o;
    }
    httplib::Result register_key(const std::string& body) {
        return depot.client(token)->Put("/api/v1/survey-key", body, "application/json");
    }
    void register_own_key() {
        auto r = register_key("{\"survey_key\":\"" + base64_encode(key) + "\"}");
        REQUIRE(r);
        REQUIRE(r->status == 200);
    }
    std::string path() const { return "/s/" + visit.visit_id + "/" + survey_code(key, visit.visit_id); }
    httplib::Result post(const std::string& at, const std::string& form) {
        return depot.client()->Post(at.c_str(), form, "application/x-www-form-urlencoded");
    }
    std::optional<PhoneSurvey> stored() { return depot.store->phone_survey(visit.visit_id).value(); }
};

constexpr const char* kFullForm = "q-rate-appointment=2&q-rate-arrival=1&q-rate-explanation=2&q-rate-result=2&q-comment=Te+laat";

void check_security_headers(const httplib::Response& r) {
    CHECK(r.get_header_value("Content-Security-Policy").find("default-src 'none'") != std::string::npos);
    CHECK(r.get_header_value("Content-Security-Policy").find("script-src") == std::string::npos);
    CHECK(r.get_header_value("X-Content-Type-Options") == "nosniff");
    CHECK(r.get_header_value("X-Frame-Options") == "DENY");
    CHECK(r.get_header_value("Referrer-Policy") == "no-referrer");
    CHECK(r.get_header_value("Content-Type").rfind("text/html", 0) == 0);
}

}  // namespace

TEST_CASE("survey key: registered with the token, answered with the public URL, refused when not 32 bytes") {
    PhoneDepot d;
    auto r = d.register_key("{\"survey_key\":\"" + base64_encode(d.key) + "\"}");
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(r->body == "{\"public_url\":\"https://survey.example.nl\"}");
    CHECK(d.depot.store->survey_keys("tech-a").value() == std::vector<std::string>{d.key});
    auto short_key = d.register_key("{\"survey_key\":\"" + base64_encode("too short") + "\"}");
    REQUIRE(short_key);
    CHECK(short_key->status == 400);
    auto anonymous = d.depot.client()->Put("/api/v1/survey-key", "{\"survey_key\":\"" + base64_encode(d.key) + "\"}",
                                           "application/json");
    REQUIRE(anonymous);
    CHECK(anonymous->status == 401);
}

TEST_CASE("phone survey page: the template's questions in its language, nothing pre-selected, no script, security headers") {
    PhoneDepot d;
    d.register_own_key();
    auto r = d.depot.client()->Get(d.path().c_str(), {{"Accept-Language", "en-GB"}});
    REQUIRE(r);
    CHECK(r->status == 200);
    check_security_headers(*r);
    CHECK(r->body.find("<html lang=\"nl\">") != std::string::npos);  // the template's, not the browser's
    CHECK(r->body.find("Hoe tevreden bent u met het resultaat?") != std::string::npos);
    CHECK(r->body.find("checked") == std::string::npos);
    CHECK(r->body.find("<script") == std::string::npos);
    CHECK(r->body.find("name=\"q-rate-result\" value=\"5\"") != std::string::npos);
}

TEST_CASE("phone survey: a wrong code, an unknown visit and an expired link get a clear page and nothing is stored") {
    PhoneDepot d;
    d.register_own_key();
    const std::string wrong = "/s/" + d.visit.visit_id + "/" + survey_code(new_survey_key(), d.visit.visit_id);
    for (const std::string& at : {wrong, std::string("/s/V-nobody/") + survey_code(d.key, "V-nobody"),
                                  "/s/" + d.visit.visit_id + "/short", std::string("/s/..%2F..%2Fetc/x")}) {
        CAPTURE(at);
        auto r = d.post(at, kFullForm);
        REQUIRE(r);
        CHECK(r->status == 404);
        check_security_headers(*r);
    }
    CHECK_FALSE(d.stored().has_value());
    d.clock.set_wall_ms(d.visit.window_end_ms + 14 * kDayMs + 1);
    auto expired = d.post(d.path(), kFullForm);
    REQUIRE(expired);
    CHECK(expired->status == 410);
    CHECK(expired->body.find("verlopen") != std::string::npos);
    CHECK_FALSE(d.stored().has_value());
}

TEST_CASE("phone survey: an incomplete or out-of-range form is shown again and nothing is stored") {
    PhoneDepot d;
    d.register_own_key();
    for (const char* form : {"q-rate-appointment=2", "q-rate-appointment=6&q-rate-arrival=1&q-rate-explanation=2&q-rate-result=2",
                             "q-rate-appointment=2&q-rate-arrival=1&q-rate-explanation=2&q-rate-result=2&q-other=1"}) {
        CAPTURE(form);
        auto r = d.post(d.path(), form);
        REQUIRE(r);
        CHECK(r->status == 422);
        CHECK(r->body.find("<form") != std::string::npos);
    }
    CHECK_FALSE(d.stored().has_value());
}

TEST_CASE("phone survey: one submission per code, the second gets a clear page and changes nothing") {
    PhoneDepot d;
    d.register_own_key();
    auto first = d.post(d.path(), kFullForm);
    REQUIRE(first);
    CHECK(first->status == 200);
    CHECK(first->body.find("Dank u wel") != std::string::npos);
    auto second = d.post(d.path(), "q-rate-appointment=5&q-rate-arrival=5&q-rate-explanation=5&q-rate-result=5");
    REQUIRE(second);
    CHECK(second->status == 409);
    const auto kept = d.stored();
    REQUIRE(kept.has_value());
    CHECK(kept->scores.front().score == 2);
    CHECK(kept->comment == "Te laat");
}

TEST_CASE("phone survey: linked to the visit in export whether the phone or the record arrives first") {
    for (const bool phone_first : {true, false}) {
        CAPTURE(phone_first);
        PhoneDepot d;
        d.register_own_key();
        WalkPlan plan;
        plan.phone_code = survey_code(d.key, d.visit.visit_id);
        const SealedVisit sealed = sealed_visit(d.visit, d.nl, plan);
        const auto send_record = [&] {
            auto c = d.depot.client(d.token);
            for (const auto& [sha, bytes] : sealed.files) c->Put(("/api/v1/attachments/" + sha).c_str(), bytes, "application/octet-stream");
            auto r = c->Put(("/api/v1/visits/" + d.visit.visit_id).c_str(), sealed.record, "application/json");
            REQUIRE(r);
            CHECK(r->status == 201);
        };
        if (!phone_first) send_record();
        auto answered = d.post(d.path(), kFullForm);
        REQUIRE(answered);
        CHECK(answered->status == 200);
        if (phone_first) send_record();
        const auto visits = d.depot.store->received_visits().value();
        REQUIRE(visits.size() == 1);
        CHECK(visits[0].survey_status == "on_phone");
        CHECK(visits[0].survey_channel == "phone_qr");
        REQUIRE(visits[0].scores.size() == 4);
        CHECK(visits[0].survey_comment == "Te laat");
        CHECK(export_visits_csv(visits).find(",on_phone,phone_qr,2,1,2,2,Te laat,") != std::string::npos);
    }
}

TEST_CASE("phone survey: a visit whose survey was answered on the tablet refuses the phone page") {
    PhoneDepot d;
    d.register_own_key();
    const SealedVisit sealed = sealed_visit(d.visit, d.nl);
    auto c = d.depot.client(d.token);
    for (const auto& [sha, bytes] : sealed.files) c->Put(("/api/v1/attachments/" + sha).c_str(), bytes, "application/octet-stream");
    REQUIRE(c->Put(("/api/v1/visits/" + d.visit.visit_id).c_str(), sealed.record, "application/json")->status == 201);
    auto r = d.depot.client()->Get(d.path().c_str());
    REQUIRE(r);
    CHECK(r->status == 409);
    CHECK(d.depot.store->received_visits().value()[0].survey_channel == "tablet");
}
