// The assignment page's planning fields (issue 10): confirmations, withdrawn visits and the depot's
// contact settings travel bounded and strict, and a page from an older depot still decodes.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "sync/wire/wire_assignment_page.h"

namespace {

fc::AssignmentPage planning_page() {
    fc::AssignmentPage page;
    page.confirmations = {{"V-1", "patch-confirmed", "network operator", 1'715'616'000'000},
                          {"V-1", "socket-announced", "intake: mevr. Jansen @ phone", 1'715'330'000'000}};
    page.withdrawn = {"V-5", "V-6"};
    page.contact = fc::CompanyContact{"Glasvezel Utrecht", "+31 30 123 45 67"};
    page.cursor = "0123456789abcdef-57";
    return page;
}

std::string with(std::string body, const std::string& from, const std::string& to) {
    body.replace(body.find(from), from.size(), to);
    return body;
}

}  // namespace

TEST_CASE("a page's confirmations, withdrawn visits and contact survive encode and decode in the agreed shape") {
    const fc::AssignmentPage page = planning_page();
    const std::string body = fc::encode_assignment_page(page);
    CHECK(body.find(R"("confirmations":[{"at":1715616000000,"by":"network operator","precheck_id":"patch-confirmed","visit_id":"V-1"})") !=
          std::string::npos);
    CHECK(body.find(R"("withdrawn":["V-5","V-6"])") != std::string::npos);
    CHECK(body.find(R"("contact":{"company":"Glasvezel Utrecht","helpdesk":"+31 30 123 45 67"})") != std::string::npos);
    auto decoded = fc::decode_assignment_page(body);
    REQUIRE_MESSAGE(decoded.ok(), decoded.error().message);
    CHECK(decoded.value() == page);
}

TEST_CASE("a page from an older depot, without confirmations, withdrawn or contact, still decodes") {
    auto decoded = fc::decode_assignment_page(R"({"assignments":[],"cursor":"ab-1","more":false})");
    REQUIRE(decoded.ok());
    CHECK(decoded->confirmations.empty());
    CHECK(decoded->withdrawn.empty());
    CHECK_FALSE(decoded->contact.has_value());
}

TEST_CASE("a page without contact settings says nothing about them, and an emptied contact is sent as empty") {
    fc::AssignmentPage page;
    page.cursor = "ab-1";
    CHECK(fc::encode_assignment_page(page).find("contact") == std::string::npos);
    page.contact = fc::CompanyContact{};
    auto decoded = fc::decode_assignment_page(fc::encode_assignment_page(page));
    REQUIRE(decoded.ok());
    REQUIRE(decoded->contact.has_value());
    CHECK(decoded->contact->empty());
}

TEST_CASE("a page's planning fields are refused when an id, who confirmed, the time or the contact is out of shape") {
    const std::string good = fc::encode_assignment_page(planning_page());
    const std::vector<std::pair<std::string, std::string>> bad = {
        {R"("visit_id":"V-1")", R"("visit_id":"../../etc")"},
        {R"("precheck_id":"patch-confirmed")", R"("precheck_id":"patch confirmed")"},
        {R"("by":"network operator")", R"("by":"")"},
        {R"("by":"network operator")", R"("by":"line\nbreak")"},
        {R"("by":"network operator")", R"("by":")" + std::string(201, 'x') + "\""},
        {R"("at":1715616000000)", R"("at":0)"},
        {R"("at":1715616000000)", R"("at":"yesterday")"},
        {R"("withdrawn":["V-5","V-6"])", R"("withdrawn":["V-5",6])"},
        {R"("withdrawn":["V-5","V-6"])", R"("withdrawn":"V-5")"},
        {R"("helpdesk":"+31 30 123 45 67")", R"("helpdesk":"call <script>")"},
        {R"("company":"Glasvezel Utrecht")", R"("company":")" + std::string(101, 'x') + "\""},
        {R"("contact":{"company":"Glasvezel Utrecht","helpdesk":"+31 30 123 45 67"})", R"("contact":"Glasvezel")"},
    };
    REQUIRE(fc::decode_assignment_page(good).ok());
    for (const auto& [from, to] : bad) {
        CAPTURE(to);
        auto decoded = fc::decode_assignment_page(with(good, from, to));
        REQUIRE_FALSE(decoded.ok());
        CHECK(decoded.error().code == fc::ErrorCode::malformed);
    }
}

TEST_CASE("a page holds at most 200 withdrawn visits and 6400 confirmations") {
    fc::AssignmentPage page;
    page.cursor = "ab-1";
    page.withdrawn.assign(fc::kMaxAssignmentsPerPage, "V-1");
    REQUIRE(fc::decode_assignment_page(fc::encode_assignment_page(page)).ok());
    page.withdrawn.push_back("V-2");
    CHECK_FALSE(fc::decode_assignment_page(fc::encode_assignment_page(page)).ok());
    page.withdrawn.clear();
    page.confirmations.assign(static_cast<std::size_t>(fc::kMaxConfirmationsPerPage) + 1, {"V-1", "p", "intake", 1});
    CHECK_FALSE(fc::decode_assignment_page(fc::encode_assignment_page(page)).ok());
}

TEST_CASE("the fuzz corpus holds a page with every planning field, and it decodes") {
    const auto path = std::filesystem::path(FIELDCHECK_SOURCE_DIR) / "tests/fuzz/corpus/fuzz_assignment_page/page-planning.json";
    std::ifstream in(path, std::ios::binary);
    const std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto decoded = fc::decode_assignment_page(body);
    REQUIRE_MESSAGE(decoded.ok(), decoded.error().message);
    CHECK(decoded->confirmations.size() == 2);
    CHECK(decoded->withdrawn.size() == 2);
    CHECK(decoded->contact.has_value());
}

TEST_CASE("the contact settings are one line of text and a phone number as people write it") {
    CHECK(fc::check_contact({"Glasvezel Utrecht B.V.", "030-123 45 67"}).ok());
    CHECK(fc::check_contact({"", ""}).ok());
    CHECK(fc::check_contact({"Fiber Ëde", "+31 (0)30 123/4567"}).ok());
    CHECK(fc::check_contact({"Two\nlines", ""}).error().code == fc::ErrorCode::bad_setting);
    CHECK(fc::check_contact({"", "0800-FIBER"}).error().code == fc::ErrorCode::bad_setting);
    CHECK(fc::check_contact({"", std::string(33, '1')}).error().code == fc::ErrorCode::bad_setting);
}
