// A JSON escape of half a UTF-16 pair decodes to bytes that are not UTF-8. Found by fuzzing:
// the depot stored such a visit (201) and could not read it back.
#include <doctest/doctest.h>

#include <string>

#include "checklists/assignment.h"
#include "checklists/template_parser.h"

namespace {

std::string with_customer_name(const std::string& escaped) {
    fc::Assignment a;
    a.visit_id = "V-1";
    a.technician_id = "tech-01";
    a.customer_name = "PLACEHOLDER";
    a.job_id = "job-1";
    a.template_id = "t";
    a.template_version = 1;
    std::string json = fc::encode_assignment(a);
    json.replace(json.find("PLACEHOLDER"), 11, escaped);
    return json;
}

}  // namespace

TEST_CASE("a lone surrogate escape in a string is refused, so nothing stored can fail to decode later") {
    CHECK(fc::decode_assignment(with_customer_name("ok")).ok());
    CHECK_FALSE(fc::decode_assignment(with_customer_name("\\udea1")).ok());
    CHECK_FALSE(fc::decode_assignment(with_customer_name("a\\ud800b")).ok());
    CHECK(fc::decode_assignment(with_customer_name("caf\\u00e9 \\ud83d\\ude00")).ok());  // a real pair is fine
}

TEST_CASE("a lone surrogate escape in a template title is reported as a problem") {
    const auto result = fc::parse_template(R"({"format":"fieldcheck-template/1","id":"x","version":1,"title":"\udea1"})");
    CHECK_FALSE(result.checklist.has_value());
    REQUIRE_FALSE(result.problems.empty());
}
