// The assignment page's issue-10 fields on the wire: confirmations, withdrawn visits, the contact.
#include <doctest/doctest.h>

#include "sync/wire/wire_assignment_page.h"

using namespace fc;

namespace {

std::string page_with(const std::string& fields) {
    return R"({"assignments":[],"cursor":"ab-1","more":false)" + (fields.empty() ? "" : "," + fields) + "}";
}

}  // namespace

TEST_CASE("a page's confirmations, withdrawn visits and contact are read in their wire shape") {
    auto page = decode_assignment_page(page_with(
        R"("confirmations":[{"visit_id":"V-1","precheck_id":"patch","by":"operator:KPN","at":1715616000000}],)"
        R"("withdrawn":["V-2","V-3"],"contact":{"company":"Glasvezel Noord","helpdesk":"088 123 45 67"})"));
    REQUIRE_MESSAGE(page.ok(), page.error().message);
    CHECK(page->confirmations ==
          std::vector<PrecheckConfirmation>{{"V-1", "patch", "operator:KPN", 1'715'616'000'000}});
    CHECK(page->withdrawn == std::vector<std::string>{"V-2", "V-3"});
    CHECK(page->contact == std::optional<CompanyContact>(CompanyContact{"Glasvezel Noord", "088 123 45 67"}));
    auto again = decode_assignment_page(encode_assignment_page(*page));
    REQUIRE(again.ok());
    CHECK(*again == *page);
}

TEST_CASE("a page without the new fields (an older depot) reads as none: no confirmation, nothing withdrawn, contact unchanged") {
    auto page = decode_assignment_page(page_with(""));
    REQUIRE(page.ok());
    CHECK(page->confirmations.empty());
    CHECK(page->withdrawn.empty());
    CHECK_FALSE(page->contact.has_value());
    auto again = decode_assignment_page(encode_assignment_page(*page));
    REQUIRE(again.ok());
    CHECK(*again == *page);
}

TEST_CASE("a page whose new fields have the wrong shape is refused as malformed, never half read") {
    for (const char* fields : {
             R"("confirmations":{})",
             R"("confirmations":[{"visit_id":"V-1","precheck_id":"patch","by":"x"}])",
             R"("confirmations":[{"visit_id":"../V-1","precheck_id":"patch","by":"x","at":1}])",
             R"("confirmations":[{"visit_id":"V-1","precheck_id":"patch","by":"x","at":-5}])",
             R"("confirmations":[{"visit_id":"V-1","precheck_id":"patch","by":7,"at":1}])",
             R"("withdrawn":"V-1")",
             R"("withdrawn":[7])",
             R"("withdrawn":["a/b"])",
             R"("contact":null)",
             R"("contact":{"company":"Glasvezel Noord"})",
         }) {
        CAPTURE(fields);
        auto page = decode_assignment_page(page_with(fields));
        REQUIRE_FALSE(page.ok());
        CHECK(page.error().code == ErrorCode::malformed);
    }
    const std::string long_name(kMaxCompanyBytes + 1, 'x');
    CHECK_FALSE(decode_assignment_page(page_with(R"("contact":{"company":")" + long_name + R"(","helpdesk":""})")).ok());
}
