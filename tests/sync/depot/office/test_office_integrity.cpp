// GET /integrity (story 004) on a real depot: the flagged surveys with links to their visits and
// each flag in words, each technician's figures with the verdict in words (nobody is named on too
// few surveys), paged flagged lists that keep the filter.
#include <doctest/doctest.h>

#include "sync/depot/office/integrity_query.h"
#include "tests/sync/depot/office/stats_depot.h"

using namespace fc;
using namespace fc::test;

TEST_CASE("integrity: a hurried survey is listed with its visit and the flag in words, and technicians' figures beside it") {
    StatsDepot d;
    d.send("tech-a");
    d.send("tech-a");
    WalkPlan hurried;
    hurried.survey_gap_ms = 150;
    const std::string flagged = d.send("tech-b", hurried);
    OfficeBrowser b = logged_in(d.depot, OfficeRole::Quality);
    auto r = b.get(std::string("/integrity?") + kWalkerWeek);
    REQUIRE(r);
    REQUIRE(r->status == 200);
    CHECK(r->body.find("1 flagged surveys in this period, newest first.") != std::string::npos);
    CHECK(r->body.find("<a href=\"/visits/" + flagged + "\">" + flagged + "</a>") != std::string::npos);
    CHECK(r->body.find("<span class=\"flag\">Answered faster than anyone can read the questions</span>") != std::string::npos);
    CHECK(r->body.find("/visits/v-1\"") == std::string::npos);
    CHECK(r->body.find("<th>tech-a</th><td class=\"num\">2</td><td class=\"num\">0 (0.0 %)</td>") != std::string::npos);
    CHECK(r->body.find("<th>tech-b</th><td class=\"num\">1</td><td class=\"num\">1 (100.0 %)</td>") != std::string::npos);
    CHECK(r->body.find("Not tested: fewer than 20 filled-in surveys.") != std::string::npos);
    CHECK(r->body.find("3 filled-in surveys by 2 technicians (0 with enough surveys to be tested).") != std::string::npos);
}

TEST_CASE("integrity: more flagged surveys than a page holds are paged, newest first, the filter kept") {
    StatsDepot d;
    WalkPlan hurried;
    hurried.survey_gap_ms = 150;
    for (int i = 0; i < kFlaggedPerPage + 2; ++i) d.send("tech-b", hurried);
    OfficeBrowser b = logged_in(d.depot, OfficeRole::Admin);
    auto first = b.get(std::string("/integrity?") + kWalkerWeek);
    REQUIRE(first);
    CHECK(first->body.find(std::to_string(kFlaggedPerPage + 2) + " flagged surveys in this period") != std::string::npos);
    const std::string next = "/integrity?from=2023-11-13&amp;to=2023-11-19&amp;technician=&amp;template=&amp;page=1";
    CHECK(first->body.find("<a href=\"" + next + "\">Older</a>") != std::string::npos);
    auto second = b.get(std::string("/integrity?") + kWalkerWeek + "&technician=&template=&page=1");
    REQUIRE(second);
    std::size_t rows = 0;
    for (std::size_t at = second->body.find("<a href=\"/visits/"); at != std::string::npos; at = second->body.find("<a href=\"/visits/", at + 1)) ++rows;
    CHECK(rows == 2);
    CHECK(second->body.find(">Newer</a>") != std::string::npos);
    CHECK(second->body.find(">Older</a>") == std::string::npos);
}
