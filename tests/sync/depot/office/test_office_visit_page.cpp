// GET /visits/{id} on a real depot (issue 14): a visit walked by the real engine and sent over HTTP
// is shown replayed from its record: assignment, answers with photos and the measured range, the
// handover's signature and to-do list, the audit trail, the seal, no receipt, a bearer-token
// sender; the survey only for roles with the survey area; unknown ids are 404; a visit a tablet
// only set aside says its record was never stored.
#include <doctest/doctest.h>

#include "tests/sync/depot/office/visits_depot.h"

using namespace fc;
using namespace fc::test;

namespace {

bool page_has(const httplib::Result& r, const std::string& text) { return r && r->body.find(text) != std::string::npos; }

std::size_t count_of(const std::string& body, const std::string& text) {
    std::size_t n = 0;
    for (auto at = body.find(text); at != std::string::npos; at = body.find(text, at + 1)) ++n;
    return n;
}

}  // namespace

TEST_CASE("office visit page: a received visit is shown replayed: assignment, answers, photos, range, audit, seal, device") {
    VisitsDepot vd;
    const SealedVisit sent = vd.assign_and_send(vd.assignment("v-1"));
    OfficeBrowser b = vd.browser(OfficeRole::Helpdesk);
    auto r = b.get("/visits/v-1");
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(page_has(r, "Mevr. Test-Klant"));
    CHECK(page_has(r, "Teststraat 1, 1234 AB Ede"));
    CHECK(page_has(r, "href=\"/jobs/job-1\""));
    CHECK(page_has(r, vd.t->title));
    for (const Step& s : vd.t->steps) {
        if (!s.show_if) CHECK_MESSAGE(page_has(r, s.title), s.title);  // the walk answers every step it is shown
    }
    const Step* measure = nullptr;
    for (const Step& s : vd.t->steps) if (s.kind == StepKind::Measure) measure = &s;
    REQUIRE(measure);
    CHECK(page_has(r, "in range"));
    CHECK_FALSE(page_has(r, "out of range"));
    // Every file the record names is linked (full size) and shown (thumbnail) through the visit's file route.
    for (const auto& [sha, bytes] : sent.files) {
        CHECK_MESSAGE(page_has(r, "<a href=\"/visits/v-1/files/" + sha + "\"><img class=\"thumb\" src=\"/visits/v-1/files/" + sha + "\""), sha);
    }
    // The audit trail: one row per event, in order, with who did it.
    const auto record = decode_visit_record(sent.record);
    REQUIRE(record);
    CHECK(count_of(r->body, "<tr><td class=\"num\">") >= record->events.size());
    CHECK(page_has(r, "<td>customer</td>"));
    CHECK(page_has(r, "<td>technician</td>"));
    CHECK(page_has(r, "<code>" + sent.seal + "</code>"));
    CHECK(page_has(r, "none (sealed without a receipt)"));
    CHECK(page_has(r, "a bearer token (no device key)"));
    // The customer's message for a completed visit, and the to-do list the handover gave.
    CHECK(page_has(r, "The message the customer got"));
    CHECK(r->get_header_value("Content-Security-Policy").find("default-src 'none'") != std::string::npos);
}

TEST_CASE("office visit page: the survey, its scores and flags only for roles with the survey area") {
    VisitsDepot vd;
    WalkPlan plan;
    plan.survey_comment = "Heel tevreden over de uitleg";
    plan.survey_gap_ms = 100;  // faster than anyone reads: flagged impossible_pace
    vd.assign_and_send(vd.assignment("v-1"), plan);
    for (OfficeRole role : {OfficeRole::Quality, OfficeRole::Admin}) {
        OfficeBrowser b = vd.browser(role);
        auto r = b.get("/visits/v-1");
        REQUIRE(r);
        CHECK(r->status == 200);
        CHECK(page_has(r, "Heel tevreden over de uitleg"));
        CHECK(page_has(r, "<h2>Survey</h2>"));
        CHECK(page_has(r, "answered too fast to read"));
    }
    for (OfficeRole role : {OfficeRole::Helpdesk, OfficeRole::Planner}) {
        OfficeBrowser b = vd.browser(role);
        auto r = b.get("/visits/v-1");
        REQUIRE(r);
        CHECK(r->status == 200);
        CHECK_FALSE(page_has(r, "Heel tevreden over de uitleg"));
        CHECK_FALSE(page_has(r, "<h2>Survey</h2>"));
        CHECK_FALSE(page_has(r, "answered too fast to read"));
        CHECK_FALSE(page_has(r, "5 / 5"));  // no score in the audit trail either
    }
}

TEST_CASE("office visit page: a visit closed not possible shows its true cause and the customer's message") {
    VisitsDepot vd;
    WalkPlan plan;
    plan.not_possible = true;
    vd.assign_and_send(vd.assignment("v-9"), plan);
    OfficeBrowser b = vd.browser(OfficeRole::Helpdesk);
    auto r = b.get("/visits/v-9");
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(page_has(r, "A precheck is not met"));
    CHECK(page_has(r, "Not possible"));
    CHECK(page_has(r, "closed as not possible"));
}

TEST_CASE("office visit page: an unknown id is a 404 page, and a set-aside visit says it was never stored") {
    VisitsDepot vd;
    OfficeBrowser b = vd.browser(OfficeRole::Helpdesk);
    auto missing = b.get("/visits/nope");
    REQUIRE(missing);
    CHECK(missing->status == 404);
    CHECK(missing->get_header_value("Content-Type").find("text/html") == 0);
    SetAsideReport report;
    report.visit_id = "v-77";
    report.seal = std::string(64, 'a');
    report.error = "template_missing";
    report.technician_id = "tech-a";
    report.status = 422;
    report.message = "the depot does not hold this template";
    REQUIRE(vd.depot.store->record_set_aside(report, 1'700'000'000'000).ok());
    auto r = b.get("/visits/v-77");
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(page_has(r, "Its record was never stored."));
    CHECK(page_has(r, "template_missing"));
}

TEST_CASE("office visit page: in Dutch for a Dutch account") {
    VisitsDepot vd;
    vd.assign_and_send(vd.assignment("v-1"));
    add_office_user(vd.depot, "els", OfficeRole::Quality, "correct horse battery", Lang::Nl);
    OfficeBrowser b(vd.depot);
    REQUIRE(b.login("els"));
    auto r = b.get("/visits/v-1");
    REQUIRE(r);
    CHECK(page_has(r, "Logboek"));
    CHECK(page_has(r, "binnen bereik"));
    CHECK_FALSE(page_has(r, "[["));
}
