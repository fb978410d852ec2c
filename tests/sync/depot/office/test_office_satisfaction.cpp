// GET /satisfaction (story 004) on a real depot with visits sent the way tablets send them: the
// numbers on the page are the answers that were sent, flagged surveys are counted apart and in
// none of the other numbers, filters narrow them, Dutch is Dutch, and only quality and admin see it.
#include <doctest/doctest.h>

#include "tests/sync/depot/office/stats_depot.h"

using namespace fc;
using namespace fc::test;

namespace {

// tech-a: {4,5,3,4} and {5,5,5,5}; tech-b: a hurried {5,5,5,5} (flagged) and a visit not possible.
void send_surveys(StatsDepot& d) {
    WalkPlan first;
    first.scores = {4, 5, 3, 4};
    d.send("tech-a", first);
    WalkPlan top;
    top.scores = {5, 5, 5, 5};
    d.send("tech-a", top);
    WalkPlan hurried;
    hurried.survey_gap_ms = 150;
    hurried.scores = {5, 5, 5, 5};
    d.send("tech-b", hurried);
    WalkPlan failed;
    failed.not_possible = true;
    d.send("tech-b", failed);
}

std::string section(const std::string& body, const std::string& heading) {
    const std::size_t at = body.find(heading);
    REQUIRE(at != std::string::npos);
    return body.substr(at, body.find("</section>", at) - at);
}


}  // namespace

TEST_CASE("satisfaction: each touchpoint's smileys, n and mean are the answers sent, and a flagged survey's answers only apart") {
    StatsDepot d;
    send_surveys(d);
    OfficeBrowser b = logged_in(d.depot, OfficeRole::Quality);
    auto r = b.get(std::string("/satisfaction?") + kWalkerWeek);
    REQUIRE(r);
    REQUIRE(r->status == 200);
    const std::string numbers = section(r->body, "<h2>Scores per touchpoint</h2>");
    CHECK(numbers.find("<th>Appointment</th>" + number_cells({"0", "0", "0", "1", "1", "2", "4.50"})) != std::string::npos);
    CHECK(numbers.find("<th>Arrival</th>" + number_cells({"0", "0", "0", "0", "2", "2", "5.00"})) != std::string::npos);
    CHECK(numbers.find("<th>Explanation</th>" + number_cells({"0", "0", "1", "0", "1", "2", "4.00"})) != std::string::npos);
    CHECK(numbers.find("<th>Result</th>" + number_cells({"0", "0", "0", "1", "1", "2", "4.50"})) != std::string::npos);
    const std::string flagged = section(r->body, "<h2>Flagged surveys, counted apart</h2>");
    CHECK(flagged.find("<th>Result</th>" + number_cells({"0", "0", "0", "0", "1", "1", "5.00"})) != std::string::npos);
    const std::string trend = section(r->body, "<h2>Mean score per week</h2>");
    CHECK(trend.find("<th>2023-W46</th>" + number_cells({"4.50 (n = 2)", "5.00 (n = 2)", "4.00 (n = 2)", "4.50 (n = 2)"})) !=
          std::string::npos);
    CHECK(trend.find("<svg class=\"chart\"") != std::string::npos);
    const std::string technicians = section(r->body, "<h2>Per technician</h2>");
    // tech-b's only survey was flagged: no mean of its own, 4 answers counted apart.
    CHECK(technicians.find(">tech-b</a></th>" + number_cells({"–", "–", "–", "–", "–", "4"})) != std::string::npos);
    CHECK(technicians.find(">tech-a</a></th>" + number_cells({"4.50 (n = 2)", "5.00 (n = 2)", "4.00 (n = 2)", "4.50 (n = 2)",
                                                      "4.50 (n = 8)", "0"})) != std::string::npos);
    CHECK(r->body.find("<script") == std::string::npos);
    CHECK(r->body.find(" style=") == std::string::npos);
}

TEST_CASE("satisfaction: the technician filter narrows every number, and a week without answers says so") {
    StatsDepot d;
    send_surveys(d);
    OfficeBrowser b = logged_in(d.depot, OfficeRole::Admin);
    auto only_b = b.get(std::string("/satisfaction?") + kWalkerWeek + "&technician=tech-b");
    REQUIRE(only_b);
    CHECK(only_b->body.find("<option value=\"tech-b\" selected>") != std::string::npos);
    CHECK(section(only_b->body, "<h2>Scores per touchpoint</h2>").find("<th>Result</th>") == std::string::npos);
    CHECK(section(only_b->body, "<h2>Flagged surveys, counted apart</h2>").find("<th>Result</th>" + number_cells({"0", "0", "0", "0", "1", "1", "5.00"})) !=
          std::string::npos);
    auto empty = b.get("/satisfaction?from=2024-03-04&to=2024-03-10");
    REQUIRE(empty);
    CHECK(empty->status == 200);
    CHECK(empty->body.find("No customer answered a survey in this period with this filter.") != std::string::npos);
    CHECK(empty->body.find("<svg") == std::string::npos);
}

TEST_CASE("satisfaction: in Dutch for a Dutch account, numbers with a comma") {
    StatsDepot d;
    send_surveys(d);
    OfficeBrowser b = logged_in(d.depot, OfficeRole::Quality, Lang::Nl);
    auto r = b.get(std::string("/satisfaction?") + kWalkerWeek);
    REQUIRE(r);
    CHECK(r->body.find("Klanttevredenheid") != std::string::npos);
    CHECK(r->body.find("<th>Resultaat</th>" + number_cells({"0", "0", "0", "1", "1", "2", "4,50"})) != std::string::npos);
    CHECK(r->body.find("[[") == std::string::npos);
}

TEST_CASE("satisfaction and integrity: only quality and admin may open them, and failures is every role's") {
    StatsDepot d;
    for (OfficeRole role : {OfficeRole::Helpdesk, OfficeRole::Planner, OfficeRole::Quality, OfficeRole::Admin}) {
        CAPTURE(role_name(role));
        OfficeBrowser b = logged_in(d.depot, role);
        const bool survey = role == OfficeRole::Quality || role == OfficeRole::Admin;
        CHECK(b.get("/satisfaction")->status == (survey ? 200 : 403));
        CHECK(b.get("/integrity")->status == (survey ? 200 : 403));
        CHECK(b.get("/failures")->status == 200);
    }
}
