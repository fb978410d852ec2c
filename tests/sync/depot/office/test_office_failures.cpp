// GET /failures (story 000) on a real depot: the causes of the visits that were not possible as a
// Pareto (counts, shares, cumulative), the prechecks not met with how often the intake had
// confirmed them, per week and per template; an empty period says so instead of drawing nothing.
#include <doctest/doctest.h>

#include "tests/sync/depot/office/stats_depot.h"

using namespace fc;
using namespace fc::test;

TEST_CASE("failures: the Pareto's counts and shares are the visits sent, and a failure on a confirmed precheck is the intake's") {
    StatsDepot d;
    d.send("tech-a");
    d.send("tech-a");
    d.send("tech-a");
    WalkPlan failed;
    failed.not_possible = true;
    d.send("tech-b", failed, nullptr, true);  // the intake had confirmed the patch: the intake was wrong
    d.send("tech-a", failed);
    WalkPlan absent;
    absent.customer_absent = true;
    d.send("tech-c", absent);
    OfficeBrowser b = logged_in(d.depot, OfficeRole::Planner);
    auto r = b.get(std::string("/failures?") + kWalkerWeek);
    REQUIRE(r);
    REQUIRE(r->status == 200);
    CHECK(r->body.find("3 of 6 visits were not possible (50.0 %).") != std::string::npos);
    CHECK(r->body.find("<tr><th>A precheck is not met</th>" + number_cells({"2", "66.7 %", "66.7 %"})) != std::string::npos);
    CHECK(r->body.find("<tr><th>Customer absent</th>" + number_cells({"1", "33.3 %", "100.0 %"})) != std::string::npos);
    CHECK(r->body.find("<td>Network patch confirmed by the operator (patch-confirmed)</td><td class=\"num\">2</td>"
                       "<td class=\"num flag\">1</td><td class=\"num\">50.0 %</td>") != std::string::npos);
    CHECK(r->body.find("<tr><th>2023-W46</th>" + number_cells({"6", "3", "50.0 %", "2", "1"})) != std::string::npos);
    // The Pareto chart: bars largest first and the cumulative line, every number also in the table.
    const std::size_t svg = r->body.find("<svg class=\"chart\"");
    REQUIRE(svg != std::string::npos);
    const std::string chart = r->body.substr(svg, r->body.find("</svg>", svg) - svg);
    CHECK(chart.find("<title>A precheck is not met: 2 (67 %)</title>") < chart.find("<title>Customer absent: 1 (100 %)</title>"));
    CHECK(chart.find("class=\"cumulative\"") != std::string::npos);
    CHECK(r->body.find("<script") == std::string::npos);
}

TEST_CASE("failures: a period without visits says so, without an empty chart, and the template filter narrows it") {
    StatsDepot d;
    WalkPlan failed;
    failed.not_possible = true;
    d.send("tech-a", failed);
    OfficeBrowser b = logged_in(d.depot, OfficeRole::Helpdesk);
    auto empty = b.get("/failures?from=2024-03-04&to=2024-03-10");
    REQUIRE(empty);
    CHECK(empty->body.find("No visits in this period with this filter.") != std::string::npos);
    CHECK(empty->body.find("<svg") == std::string::npos);
    auto other = b.get(std::string("/failures?") + kWalkerWeek + "&template=wifi-activation-en");
    REQUIRE(other);
    CHECK(other->body.find("No visits in this period with this filter.") != std::string::npos);
    auto same = b.get(std::string("/failures?") + kWalkerWeek + "&template=" + kTemplateName);
    REQUIRE(same);
    CHECK(same->body.find("1 of 1 visits were not possible (100.0 %).") != std::string::npos);
}
