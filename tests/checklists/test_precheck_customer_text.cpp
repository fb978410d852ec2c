// A precheck's optional "customer_text": the customer's words for it not being met (story 000), read
// from the template, checked like any text field, and kept by the form the depot stores and serves.
#include "test_template_support.h"

namespace {

// A function, not a constant: sample_with REQUIREs, which only works inside a test case.
std::string with_customer_text() {
    return fc::test::sample_with(
        R"("blocking": true})",
        R"("blocking": true, "customer_text": "Your fiber line had not yet been connected at the street cabinet."})");
}

}  // namespace

TEST_CASE("a precheck's customer_text is read, and left empty when the template has none") {
    const auto plain = fc::parse_template(fc::test::kSampleTemplate);
    REQUIRE_MESSAGE(plain.checklist.has_value(), fc::test::describe(plain));
    CHECK(plain.checklist->prechecks[0].customer_text.empty());

    const auto r = fc::parse_template(with_customer_text());
    REQUIRE_MESSAGE(r.checklist.has_value(), fc::test::describe(r));
    CHECK(r.checklist->prechecks[0].customer_text == "Your fiber line had not yet been connected at the street cabinet.");
}

TEST_CASE("the depot's stored form of a template keeps a precheck's customer_text") {
    const auto r = fc::parse_template(with_customer_text());
    REQUIRE(r.checklist.has_value());
    const std::string json = fc::template_to_json(*r.checklist);
    CHECK(json.find(R"("customer_text":"Your fiber line)") != std::string::npos);
    const auto again = fc::parse_template(json);
    REQUIRE_MESSAGE(again.checklist.has_value(), fc::test::describe(again));
    CHECK(again.checklist->prechecks[0].customer_text == r.checklist->prechecks[0].customer_text);
    // Without one, nothing is written, so templates without it keep their stored bytes.
    const auto plain = fc::parse_template(fc::test::kSampleTemplate);
    REQUIRE(plain.checklist.has_value());
    CHECK(fc::template_to_json(*plain.checklist).find("customer_text") == std::string::npos);
}

TEST_CASE("a precheck's customer_text is one line of text, reported at its path otherwise") {
    const auto number = fc::parse_template(
        fc::test::sample_with(R"("blocking": true})", R"("blocking": true, "customer_text": 3})"));
    CHECK_REPORTS(number, "$.prechecks[0].customer_text", "must be");

    const auto two_lines = fc::parse_template(
        fc::test::sample_with(R"("blocking": true})", R"("blocking": true, "customer_text": "One.\nTwo."})"));
    CHECK_FALSE(two_lines.checklist.has_value());
    CHECK(fc::test::describe(two_lines).find("$.prechecks[0].customer_text") != std::string::npos);
}
