// GET /visits on a real depot (issue 14): received visits newest first, each linked, counted; the
// filters are GET parameters and narrow the list and its count; 50 a page with links that keep the
// filters; survey columns and the flag filter only for roles with the survey area.
#include <doctest/doctest.h>

#include "tests/sync/depot/office/visits_depot.h"

using namespace fc;
using namespace fc::test;

namespace {

bool has(const httplib::Result& r, const std::string& text) { return r && r->body.find(text) != std::string::npos; }

std::size_t rows_in(const std::string& body) {
    std::size_t n = 0;
    for (auto at = body.find("<tr><td><a href=\"/visits/"); at != std::string::npos; at = body.find("<tr><td><a href=\"/visits/", at + 1)) ++n;
    return n;
}

// A stored visit without walking it (the list reads columns only): many rows, quickly.
void store_row(DepotStore& store, const std::string& id, const std::string& technician, std::int64_t sealed_ms,
               const std::string& cause = "") {
    ReceivedVisit v;
    v.visit_id = id;
    v.technician_id = technician;
    v.job_id = "job-" + id;
    v.template_id = "fiber-modem-install-en";
    v.template_version = 1;
    v.seal = sha256_hex(id);
    v.record = "{}";
    v.outcome = cause.empty() ? "completed" : "not_possible";
    v.cause_kind = cause;
    v.survey_status = "not_asked";
    v.tablet_sealed_ms = sealed_ms;
    v.history.visit_id = id;
    auto stored = store.store_visit(v, sealed_ms + 1000);
    if (!stored) throw std::runtime_error(stored.error().message);
}

}  // namespace

TEST_CASE("office visit list: received visits newest first, each linked to its page, with the count") {
    VisitsDepot vd;
    vd.assign_and_send(vd.assignment("v-old"), {}, {1'700'000'100'000, 500'000});
    vd.assign_and_send(vd.assignment("v-new", "tech-b", "job-2"), {}, {1'700'090'000'000, 500'000});
    OfficeBrowser b = vd.browser(OfficeRole::Helpdesk);
    auto r = b.get("/visits");
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(has(r, "2 visits match."));
    const auto newer = r->body.find("href=\"/visits/v-new\""), older = r->body.find("href=\"/visits/v-old\"");
    REQUIRE(newer != std::string::npos);
    REQUIRE(older != std::string::npos);
    CHECK(newer < older);
    CHECK(has(r, "<option value=\"tech-a\">"));
    CHECK(has(r, "<option value=\"tech-b\">"));
    CHECK(has(r, "href=\"/jobs/job-2\""));
}

TEST_CASE("office visit list: technician, outcome, cause and date filters narrow the list and the count") {
    VisitsDepot vd;
    vd.assign_and_send(vd.assignment("v-a"), {}, {1'700'000'100'000, 500'000});
    WalkPlan failed;
    failed.not_possible = true;
    vd.assign_and_send(vd.assignment("v-b", "tech-b", "job-2"), failed, {1'700'000'200'000, 500'000});
    OfficeBrowser b = vd.browser(OfficeRole::Helpdesk);
    auto by_tech = b.get("/visits?technician=tech-b");
    CHECK(has(by_tech, "1 visits match."));
    CHECK(has(by_tech, "/visits/v-b"));
    CHECK_FALSE(has(by_tech, "/visits/v-a\""));
    CHECK(has(by_tech, "<option value=\"tech-b\" selected>"));
    auto completed = b.get("/visits?outcome=completed");
    CHECK(has(completed, "/visits/v-a\""));
    CHECK_FALSE(has(completed, "/visits/v-b\""));
    auto cause = b.get("/visits?cause=precheck_not_met");
    CHECK(has(cause, "/visits/v-b\""));
    CHECK_FALSE(has(cause, "/visits/v-a\""));
    // 1'700'000'100'000 is 14 Nov 2023: a range after it holds nothing, one around it both.
    CHECK(has(b.get("/visits?from=2023-11-16"), "0 visits match."));
    CHECK(has(b.get("/visits?from=2023-11-13&to=2023-11-15"), "2 visits match."));
    CHECK(has(b.get("/visits?to=2023-11-13"), "0 visits match."));
}

TEST_CASE("office visit list: 50 a page, the pager's links keep the filters") {
    VisitsDepot vd;
    for (int i = 0; i < 120; ++i) store_row(*vd.depot.store, "v-" + std::to_string(1000 + i), "tech-a", 1'700'000'000'000 + i * 60'000);
    store_row(*vd.depot.store, "v-other", "tech-b", 1'700'000'000'000);
    OfficeBrowser b = vd.browser(OfficeRole::Helpdesk);
    auto first = b.get("/visits?technician=tech-a");
    REQUIRE(first);
    CHECK(has(first, "120 visits match."));
    CHECK(rows_in(first->body) == 50);
    CHECK(has(first, "/visits/v-1119\""));  // the newest first
    CHECK(has(first, "href=\"/visits?technician=tech-a&amp;page=2\""));
    auto third = b.get("/visits?technician=tech-a&page=3");
    REQUIRE(third);
    CHECK(rows_in(third->body) == 20);
    CHECK(has(third, "/visits/v-1000\""));
    CHECK(has(third, "Page 3 of 3"));
    CHECK_FALSE(has(third, "rel=\"next\""));
    CHECK(has(third, "href=\"/visits?technician=tech-a&amp;page=2\" rel=\"prev\""));
}

TEST_CASE("office visit list: survey columns and the flag filter only for roles with the survey area") {
    VisitsDepot vd;
    WalkPlan hasty;
    hasty.survey_gap_ms = 100;
    vd.assign_and_send(vd.assignment("v-hasty"), hasty, {1'700'000'100'000, 500'000});
    vd.assign_and_send(vd.assignment("v-calm", "tech-a", "job-2"), {}, {1'700'000'200'000, 500'000});
    OfficeBrowser quality = vd.browser(OfficeRole::Quality);
    auto q = quality.get("/visits");
    CHECK(has(q, "answered too fast to read"));
    CHECK(has(q, "name=\"flag\""));
    auto flagged = quality.get("/visits?flag=impossible_pace");
    CHECK(has(flagged, "/visits/v-hasty\""));
    CHECK_FALSE(has(flagged, "/visits/v-calm\""));
    OfficeBrowser helpdesk = vd.browser(OfficeRole::Helpdesk);
    auto h = helpdesk.get("/visits?flag=impossible_pace");
    CHECK_FALSE(has(h, "answered too fast to read"));
    CHECK_FALSE(has(h, "name=\"flag\""));
    CHECK(has(h, "2 visits match."));  // the flag filter is not applied for a role that may not read flags
}

TEST_CASE("office visit list: the survey channel filter") {
    VisitsDepot vd;
    vd.assign_and_send(vd.assignment("v-tablet"), {}, {1'700'000'100'000, 500'000});
    WalkPlan declined;
    declined.decline_after_answers = 0;
    vd.assign_and_send(vd.assignment("v-declined", "tech-a", "job-2"), declined, {1'700'000'200'000, 500'000});
    OfficeBrowser b = vd.browser(OfficeRole::Planner);
    auto tablet = b.get("/visits?channel=tablet");
    CHECK(has(tablet, "/visits/v-tablet\""));
    CHECK_FALSE(has(tablet, "/visits/v-declined\""));
    auto none = b.get("/visits?channel=none");
    CHECK(has(none, "/visits/v-declined\""));
    CHECK_FALSE(has(none, "/visits/v-tablet\""));
}
