// The statistics pages with hostile names stored through the real paths (a template imported with
// a script, quotes, an RTL override and the longest title allowed, in its title and a precheck's): escaped everywhere,
// inside the SVG charts too, and no page grows a script or an inline style.
#include <doctest/doctest.h>

#include "tests/sync/depot/office/stats_depot.h"

using namespace fc;
using namespace fc::test;

TEST_CASE("statistics pages: hostile template and precheck titles are text everywhere, also inside the charts") {
    StatsDepot d;
    auto hostile = std::make_shared<ChecklistTemplate>(*d.fiber);
    hostile->id = "hostile-template";
    // 200 characters: the longest title a template may have (it must fit on the tablet).
    hostile->title = "<script>alert(1)</script>\"'&\u202Eevil " + std::string(160, 'x');
    REQUIRE_FALSE(hostile->prechecks.empty());
    hostile->prechecks[0].title = "<img src=x onerror=alert(2)>\"'\u202E";
    d.depot.add_template(*hostile);
    WalkPlan failed;
    failed.not_possible = true;
    d.send("tech-a", {}, hostile);
    d.send("tech-a", failed, hostile);
    WalkPlan hurried;
    hurried.survey_gap_ms = 150;
    d.send("tech-a", hurried, hostile);
    OfficeBrowser b = logged_in(d.depot, OfficeRole::Admin);
    for (const char* page : {"/satisfaction", "/failures", "/integrity"}) {
        CAPTURE(page);
        auto r = b.get(std::string(page) + "?" + kWalkerWeek);
        REQUIRE(r);
        REQUIRE(r->status == 200);
        CHECK(r->body.find("<script") == std::string::npos);
        CHECK(r->body.find("<img") == std::string::npos);
        CHECK(r->body.find(" style=") == std::string::npos);
        CHECK(r->body.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
        for (std::size_t at = r->body.find("<svg"); at != std::string::npos; at = r->body.find("<svg", at + 1)) {
            const std::string svg = r->body.substr(at, r->body.find("</svg>", at) - at);
            CHECK(svg.find("<script") == std::string::npos);
            CHECK(svg.find("onerror=alert") == std::string::npos);
        }
    }
    auto failures = b.get(std::string("/failures?") + kWalkerWeek);
    REQUIRE(failures);
    CHECK(failures->body.find("&lt;img src=x onerror=alert(2)&gt;") != std::string::npos);
    // The chart's label is cut short; the whole name stays in the table and the chart's title.
    const std::size_t svg = failures->body.find("<svg class=\"chart\"", failures->body.find("<h3>"));
    REQUIRE(svg != std::string::npos);
    CHECK(failures->body.substr(svg, 400).find("&lt;script&gt;alert(1)") != std::string::npos);
}
