// The planning page on a real depot (issue 14): the sheet `assign` reads, uploaded through the
// browser: all or nothing, every problem listed by line and column, what changed on success; and
// the planner's to-do (set-aside visits, conflicts), everything a tablet or sheet gave escaped.
#include <doctest/doctest.h>

#include "tests/sync/depot/office/manage_fixtures.h"

using namespace fc;
using namespace fc::test;

namespace {

constexpr const char* kHeader = "visit_id,technician_id,customer_name,address,job_id,window_start,window_end,template_id\n";

std::string row(const std::string& visit, const std::string& customer = "Fam. de Vries",
                const std::string& end = "2024-05-14T09:30+02:00") {
    return visit + ",tech-a,\"" + customer + "\",\"Kerkstraat 12, Utrecht\",J-" + visit + ",2024-05-14T08:00+02:00," + end +
           ",wifi-activation-en\n";
}

// Six visits on lines 2 to 7; `line3` and `line7` replace those two.
std::string sheet(const std::string& line3 = row("V-2"), const std::string& line7 = row("V-6")) {
    return kHeader + row("V-1") + line3 + row("V-3") + row("V-4") + row("V-5") + line7;
}

httplib::Result upload(OfficeBrowser& b, const std::string& csv) {
    return b.post_multipart("/planning", {{"sheet", csv, "planning.csv", "text/csv"}});
}

void import_template(RunningDepot& depot) {
    REQUIRE(depot.store->import_template(*repo_template(kUploadedTemplate), 1'700'000'000'000).ok());
}

bool assigned(RunningDepot& depot, const std::string& visit) { return depot.store->assignment(visit).value().has_value(); }

}  // namespace

TEST_CASE("office planning: a sheet with problems on lines 3 and 7 lists both by line and column and stores nothing") {
    RunningDepot depot;
    import_template(depot);
    OfficeBrowser b = logged_in(depot, "pia", OfficeRole::Planner, "/planning");
    auto r = upload(b, sheet(row("V-2", ""), row("V-6", "Fam. Jansen", "2024-05-14T07:00+02:00")));
    REQUIRE(r);
    CHECK(r->status == 422);
    CHECK(r->body.find("Problems found: 2.") != std::string::npos);
    CHECK(r->body.find("<td class=\"num\">3</td><td><code>customer_name</code></td><td>is empty</td>") != std::string::npos);
    CHECK(r->body.find("<td class=\"num\">7</td><td><code>window_end</code></td><td>ends before the window starts</td>") !=
          std::string::npos);
    for (const char* visit : {"V-1", "V-2", "V-3", "V-4", "V-5", "V-6"}) CHECK_FALSE(assigned(depot, visit));
}

TEST_CASE("office planning: a good sheet is stored and the page says what changed, and the same sheet again changes nothing") {
    RunningDepot depot;
    import_template(depot);
    OfficeBrowser b = logged_in(depot, "pia", OfficeRole::Admin, "/planning");
    auto r = upload(b, sheet());
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(r->body.find("6 new, 0 changed, 0 unchanged, 0 prechecks newly confirmed") != std::string::npos);
    for (const char* visit : {"V-1", "V-2", "V-3", "V-4", "V-5", "V-6"}) CHECK(assigned(depot, visit));
    auto again = upload(b, sheet(row("V-2", "Fam. Bakker")));
    REQUIRE(again);
    CHECK(again->body.find("0 new, 1 changed, 5 unchanged") != std::string::npos);
    CHECK(depot.store->assignment("V-2").value()->customer_name == "Fam. Bakker");
}

TEST_CASE("office planning: hostile cells come back escaped in the problems, and stored ones never break the page") {
    RunningDepot depot;
    import_template(depot);
    OfficeBrowser b = logged_in(depot, "pia", OfficeRole::Planner, "/planning");
    const std::string quoted = [] {
        std::string q;
        for (char c : kHostile) q += c == '"' ? std::string("\"\"") : std::string(1, c);
        return q;
    }();
    // A hostile visit id (echoed by the checker) and a 10 kB one.
    const std::string rest = ",tech-a,Fam,Dorpsstraat 1,J-1,2024-05-14T08:00+02:00,2024-05-14T09:30+02:00,wifi-activation-en\n";
    auto r = upload(b, std::string(kHeader) + "\"" + quoted + "\"" + rest + std::string(10'000, 'v') + "<i>" + rest);
    REQUIRE(r);
    CHECK(r->status == 422);
    check_escaped(r->body);
    CHECK(r->body.find("<i>") == std::string::npos);
    // Hostile but valid names are stored as given.
    auto ok = upload(b, kHeader + row("V-1", quoted + std::string(10'000, 'n')));
    REQUIRE(ok);
    CHECK(ok->status == 200);
    CHECK(depot.store->assignment("V-1").value()->customer_name.find(kHostile) == 0);
}

TEST_CASE("office planning: the set-aside visits a tablet reported are the planner's to-do, shown escaped") {
    RunningDepot depot;
    SetAsideReport report;
    report.visit_id = "V-9";
    report.seal = std::string(64, 'a');
    report.error = "template_mismatch";
    report.technician_id = "tech-a";
    report.status = 422;
    report.message = kHostile + std::string(10'000, 'm');
    REQUIRE(depot.store->record_set_aside(report, 1'700'000'000'000).ok());
    OfficeBrowser b = logged_in(depot, "pia", OfficeRole::Planner, "/planning");
    auto r = b.get("/planning");
    REQUIRE(r);
    CHECK(r->body.find("<code>V-9</code>") != std::string::npos);
    check_escaped(r->body);
}

TEST_CASE("office planning: helpdesk may not upload a sheet, and the page speaks Dutch to a Dutch account") {
    RunningDepot depot;
    import_template(depot);
    add_office_user(depot, "hans", OfficeRole::Helpdesk);
    OfficeBrowser helpdesk(depot);
    REQUIRE(helpdesk.login("hans"));
    helpdesk.get("/planning");
    CHECK(upload(helpdesk, sheet())->status == 403);
    CHECK_FALSE(assigned(depot, "V-1"));
    OfficeBrowser b = logged_in(depot, "piet", OfficeRole::Planner, "/planning", Lang::Nl);
    auto r = upload(b, sheet(row("V-2", "")));
    REQUIRE(r);
    CHECK(r->body.find("Er is niets opgeslagen. Gevonden problemen: 1.") != std::string::npos);
    CHECK(r->body.find("<th class=\"num\">Regel</th><th>Kolom</th>") != std::string::npos);
}
