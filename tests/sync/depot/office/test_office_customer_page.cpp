// GET /customers/{id} and /jobs/{id} on a real depot (issue 14, story 001): every visit on the
// customer's jobs newest first with its cause and note, the escalated job, what is planned, each
// visit linked; the visit page and the list link the customer; an unknown id is a 404 page.
#include <doctest/doctest.h>

#include "tests/sync/depot/office/visits_depot.h"

using namespace fc;
using namespace fc::test;

namespace {

bool has(const httplib::Result& r, const std::string& text) { return r && r->body.find(text) != std::string::npos; }

}  // namespace

TEST_CASE("office customer page: the customer's visits on all their jobs, newest first, causes, escalation, planned") {
    VisitsDepot vd;
    WalkPlan failed;
    failed.not_possible = true;
    Assignment first = vd.assignment("v-1", "tech-a", "job-1");
    first.customer_id = "c-1";
    Assignment second = vd.assignment("v-2", "tech-a", "job-1");
    second.customer_id = "c-1";
    Assignment other_job = vd.assignment("v-3", "tech-b", "job-9");
    other_job.customer_id = "c-1";
    vd.assign_and_send(first, failed, {1'700'000'100'000, 500'000});
    vd.assign_and_send(second, failed, {1'700'100'000'000, 500'000});
    vd.assign_and_send(other_job, {}, {1'700'200'000'000, 500'000});
    Assignment planned = vd.assignment("v-4", "tech-a", "job-1");
    planned.customer_id = "c-1";
    planned.window_start_ms = 1'700'300'000'000;
    planned.window_end_ms = 1'700'307'200'000;
    vd.depot.assign({planned});
    OfficeBrowser b = vd.browser(OfficeRole::Helpdesk);
    auto r = b.get("/customers/c-1");
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(has(r, "Customer Mevr. Test-Klant"));
    const auto v1 = r->body.find("href=\"/visits/v-1\""), v2 = r->body.find("href=\"/visits/v-2\""),
               v3 = r->body.find("href=\"/visits/v-3\""), v4 = r->body.find("href=\"/visits/v-4\"");
    REQUIRE(v1 != std::string::npos);
    REQUIRE(v2 != std::string::npos);
    REQUIRE(v3 != std::string::npos);
    REQUIRE(v4 != std::string::npos);
    CHECK(v3 < v2);
    CHECK(v2 < v1);
    CHECK(has(r, "A precheck is not met"));
    CHECK(has(r, "Escalate: job job-1 failed 2 times since its last completed visit."));
    CHECK(has(r, "escalation"));
    // The visit page and the list lead here.
    CHECK(has(b.get("/visits/v-1"), "href=\"/customers/c-1\""));
    CHECK(has(b.get("/visits"), "href=\"/customers/c-1\""));
}

TEST_CASE("office customer page: by job when the planning sheet named no customer, and unknown ids are 404 pages") {
    VisitsDepot vd;
    vd.assign_and_send(vd.assignment("v-1", "tech-a", "job-7"));
    OfficeBrowser b = vd.browser(OfficeRole::Planner);
    auto job = b.get("/jobs/job-7");
    REQUIRE(job);
    CHECK(job->status == 200);
    CHECK(has(job, "href=\"/visits/v-1\""));
    auto unknown = b.get("/customers/nobody");
    REQUIRE(unknown);
    CHECK(unknown->status == 404);
    CHECK(b.get("/jobs/no-such-job")->status == 404);
}
