// The planning sheet's optional columns (issue 10): `confirmed` carries what the intake and the network
// operator already confirmed, `customer_id` the customer across jobs; every problem "line N, column:".
#include <doctest/doctest.h>

#include "sync/depot/depot_assign_csv.h"
#include "tests/sync/depot/depot_test_support.h"

namespace fc::test {
namespace {

const std::string kHeader =
    "visit_id;technician_id;customer_name;address;job_id;window_start;window_end;template_id;customer_id;confirmed\n";

std::string row(const std::string& visit, const std::string& confirmed, const std::string& customer = "") {
    return visit + ";tech-7;Fam. de Vries;Kerkstraat 12;job-1;2024-05-14T08:00+02:00;2024-05-14T09:30+02:00;" + kTemplateName +
           ";" + customer + ";" + confirmed + "\n";
}

Expected<PlanningSheet> parse(const std::string& csv) {
    const auto t = repo_template(kTemplateName);
    return parse_planning_sheet(
        csv, [&](const std::string& id) { return id == t->id ? std::optional<int>(t->version) : std::nullopt; },
        [&](const std::string& id, int version) {
            return id == t->id && version == t->version ? t : std::shared_ptr<const ChecklistTemplate>();
        });
}

}  // namespace

TEST_CASE("the planning sheet's confirmed column gives each visit its confirmed before-departure prechecks") {
    auto sheet = parse(kHeader +
                       row("V-1", "patch-confirmed@network operator@2024-05-13T18:00+02:00 | "
                                  "socket-announced@intake: j.devries@example.nl@2024-05-10T09:12Z") +
                       row("V-2", "", "C-77"));
    REQUIRE_MESSAGE(sheet.ok(), sheet.error().message);
    REQUIRE(sheet->assignments.size() == 2);
    CHECK(sheet->assignments[1].customer_id == "C-77");
    CHECK(sheet->assignments[0].customer_id.empty());
    REQUIRE(sheet->confirmations.size() == 2);
    CHECK(sheet->confirmations[0] == PrecheckConfirmation{"V-1", "patch-confirmed", "network operator", 1'715'616'000'000});
    // who may itself hold '@' (an e-mail address): the time starts after the last one
    CHECK(sheet->confirmations[1] == PrecheckConfirmation{"V-1", "socket-announced", "intake: j.devries@example.nl", 1'715'332'320'000});
}

TEST_CASE("a sheet without the optional columns reads as before, with no confirmations") {
    auto sheet = parse("visit_id,technician_id,customer_name,address,job_id,window_start,window_end,template_id\n"
                       "V-1,tech-7,A,Street 1,job-1,2024-05-14T08:00Z,2024-05-14T10:00Z," + std::string(kTemplateName) + "\n");
    REQUIRE(sheet.ok());
    CHECK(sheet->assignments.size() == 1);
    CHECK(sheet->confirmations.empty());
}

TEST_CASE("every bad confirmation is a problem of its line and column, naming what can be confirmed, and nothing is assigned") {
    auto sheet = parse(kHeader + row("V-1", "patch-confirmed@operator@2024-05-13T18:00+02:00") +  // fine
                       row("V-2", "fiber-box-present@intake@2024-05-13T18:00+02:00") +             // on arrival
                       row("V-3", "alarm-asked@intake@2024-05-13T18:00+02:00") +                   // not in the template
                       row("V-4", "patch-confirmed@operator@yesterday") + row("V-5", "patch-confirmed") +
                       row("V-6", "patch-confirmed@ @2024-05-13T18:00Z") +
                       row("V-7", "patch-confirmed@a@2024-05-13T18:00Z|patch-confirmed@b@2024-05-13T19:00Z") +
                       row("V-8", "", "customer 8"));
    REQUIRE_FALSE(sheet.ok());
    const std::string& m = sheet.error().message;
    CHECK(m.find("line 2") == std::string::npos);
    CHECK(m.find("line 3, confirmed: precheck 'fiber-box-present'") != std::string::npos);
    CHECK(m.find("is checked on arrival by the technician") != std::string::npos);
    CHECK(m.find("it can confirm: patch-confirmed, socket-announced") != std::string::npos);
    CHECK(m.find("line 4, confirmed: template " + std::string(kTemplateName)) != std::string::npos);
    CHECK(m.find("has no precheck 'alarm-asked'") != std::string::npos);
    CHECK(m.find("line 5, confirmed: 'yesterday' (when patch-confirmed was confirmed) is not a time") != std::string::npos);
    CHECK(m.find("line 6, confirmed: 'patch-confirmed' is not precheck@who@time") != std::string::npos);
    CHECK(m.find("line 7, confirmed: who confirmed precheck 'patch-confirmed' is empty") != std::string::npos);
    CHECK(m.find("line 8, confirmed: patch-confirmed is confirmed twice") != std::string::npos);
    CHECK(m.find("line 9, customer_id: 'customer 8' is not 1 to 64 letters") != std::string::npos);
}

}  // namespace fc::test
