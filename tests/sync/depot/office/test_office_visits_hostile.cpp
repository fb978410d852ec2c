// Hostile values through the real paths (issue 14): a planning sheet's customer name, address and
// technician name, a technician's text answer (the note), cause text and a customer's comment with
// script, quotes, a right-to-left override and 10 kB of name, all shown escaped, never as markup,
// on the visit list, the visit page and the customer page.
#include <doctest/doctest.h>

#include "tests/sync/depot/office/visits_depot.h"

using namespace fc;
using namespace fc::test;

namespace {

const std::string kScript = "<script>alert(1)</script>";
const std::string kQuotes = "\"onmouseover='x'\" ";
const std::string kRtl = "\u202Egpj.exe";

std::string hostile(const std::string& what) { return what + " " + kScript + kQuotes + kRtl; }

// None of the hostile markup made it into the page as markup; its escaped form did.
void check_escaped(const httplib::Result& r, const std::string& page) {
    CAPTURE(page);
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(r->body.find(kScript) == std::string::npos);
    CHECK(r->body.find("onmouseover='x'") == std::string::npos);
    CHECK(r->body.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
    CHECK(r->body.find("[[") == std::string::npos);
}

}  // namespace

TEST_CASE("office visits: hostile names, notes, comments and cause text are shown escaped on the list, the visit and the customer") {
    VisitsDepot vd;
    Assignment a = vd.assignment("v-1", "tech-a", "job-1");
    a.customer_name = hostile("Mevr.") + std::string(10 * 1024, 'N');
    a.address = hostile("Straat 1");
    a.technician_name = hostile("Piet");
    a.customer_id = "c-1";
    WalkPlan plan;
    plan.text_answer = hostile("note");
    plan.survey_comment = hostile("comment");
    vd.assign_and_send(a, plan);
    // A visit closed "other" with the technician's own words as its cause.
    Assignment b = vd.assignment("v-2", "tech-a", "job-1");
    b.customer_id = "c-1";
    b.customer_name = a.customer_name;
    vd.depot.assign({b});
    Visit v(b, vd.t);
    ManualClock clock({1'700'000'500'000, 900'000});
    auto opened = v.open(clock.now());
    REQUIRE(opened);
    v = std::move(opened->next);
    clock.advance_ms(5000);
    for (const Precheck& p : vd.t->prechecks) {  // "other" may not skip an open blocking precheck
        auto met = v.record_precheck(p.id, Answer::met(), clock.now());
        REQUIRE_MESSAGE(met, met.error().message);
        v = std::move(met->next);
        clock.advance_ms(3000);
    }
    auto closed = v.close_not_possible({FailureCause::Kind::Other, {}, hostile("cause")}, clock.now());
    REQUIRE_MESSAGE(closed, closed.error().message);
    v = std::move(closed->next);
    SealedVisit none;
    vd.deliver(v, none);

    OfficeBrowser quality = vd.browser(OfficeRole::Quality);
    auto list = quality.get("/visits");
    check_escaped(list, "list");
    CHECK(list->body.find(std::string(10 * 1024, 'N')) != std::string::npos);
    CHECK(list->body.find("\u202E") != std::string::npos);  // shown as it is, inside an escaped text node
    auto page = quality.get("/visits/v-1");
    check_escaped(page, "visit v-1");
    CHECK(page->body.find("note &lt;script&gt;") != std::string::npos);
    CHECK(page->body.find("comment &lt;script&gt;") != std::string::npos);
    CHECK(page->body.find("Piet &lt;script&gt;") != std::string::npos);
    auto failed = quality.get("/visits/v-2");
    check_escaped(failed, "visit v-2");
    CHECK(failed->body.find("cause &lt;script&gt;") != std::string::npos);
    auto customer = quality.get("/customers/c-1");
    check_escaped(customer, "customer");
    // A hostile filter value is echoed escaped too.
    auto filtered = quality.get("/visits?precheck=" + httplib::detail::encode_query_param(kScript + kQuotes));
    REQUIRE(filtered);
    CHECK(filtered->body.find(kScript) == std::string::npos);
    CHECK(filtered->body.find("onmouseover='x'") == std::string::npos);
}
