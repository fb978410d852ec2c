// Template format 3: serial steps (pattern, check) and photo steps that take several photos
// (photos_min, photos_max); every mistake reported at its path, the keys unknown before format 3.
#include <string>

#include "checklists/serial_number.h"
#include "test_template_support.h"

namespace {

using fc::test::sample_with;
using fc::test::with;

const std::string kPhotoStep = R"({"id": "photo", "kind": "photo", "title": "Photo of the modem"})";

// The sample in format 3 with its photo step replaced by `steps` (one or more step objects).
std::string format3_with(const std::string& steps) {
    return with(sample_with("fieldcheck-template/1", "fieldcheck-template/3"), kPhotoStep, steps);
}

bool reports_code(const fc::TemplateParseResult& r, std::string_view path, fc::ErrorCode code) {
    for (const auto& p : r.problems) {
        if (p.path == path && p.code == code) return true;
    }
    return false;
}

TEST_CASE("a format-3 template reads a serial step's pattern and check, compiled once") {
    const auto r = fc::parse_template(format3_with(
        R"({"id": "ont", "kind": "serial", "title": "ONT serial", "pattern": "ALCL[0-9A-F]{8}"},
           {"id": "meter", "kind": "serial", "title": "Meter EAN", "check": "gs1"},
           {"id": "any", "kind": "serial", "title": "Anything", "check": "none", "required": false})"));
    REQUIRE_MESSAGE(r.checklist.has_value(), fc::test::describe(r));
    const fc::ChecklistTemplate& t = *r.checklist;
    CHECK(t.format == 3);
    const fc::Step& ont = *t.find_step("ont");
    CHECK(ont.kind == fc::StepKind::Serial);
    CHECK(ont.pattern == "ALCL[0-9A-F]{8}");
    CHECK(ont.check == fc::SerialCheck::None);
    REQUIRE(ont.compiled_pattern != nullptr);
    CHECK(fc::check_serial(ont, "ALCLB2C3D4E5").ok());
    CHECK(t.find_step("meter")->check == fc::SerialCheck::Gs1);
    CHECK(t.find_step("meter")->compiled_pattern == nullptr);
    // A copy of the template shares the compiled pattern: no answer compiles it again.
    const fc::ChecklistTemplate copy = t;
    CHECK(copy.find_step("ont")->compiled_pattern == ont.compiled_pattern);
}

TEST_CASE("a pattern that is too long or does not compile is refused as invalid_pattern at its path") {
    const std::string too_long(fc::kMaxSerialPatternBytes + 1, 'A');
    const auto r = fc::parse_template(format3_with(
        R"({"id": "a", "kind": "serial", "title": "A", "pattern": "[0-9"},
           {"id": "b", "kind": "serial", "title": "B", "pattern": ")" + too_long + R"("},
           {"id": "c", "kind": "serial", "title": "C", "pattern": 12},
           {"id": "d", "kind": "serial", "title": "D", "pattern": ""},
           {"id": "e", "kind": "serial", "title": "E", "pattern": "(x)\\1"})"));
    CHECK_REPORTS(r, "$.steps[3].pattern", "not a valid ECMAScript regular expression");
    CHECK_REPORTS(r, "$.steps[4].pattern", "at most 200");
    CHECK_REPORTS(r, "$.steps[5].pattern", "must be text");
    CHECK_REPORTS(r, "$.steps[6].pattern", "is empty");
    CHECK_REPORTS(r, "$.steps[7].pattern", "not a valid ECMAScript regular expression");
    for (const char* path : {"$.steps[3].pattern", "$.steps[4].pattern", "$.steps[5].pattern", "$.steps[7].pattern"}) {
        CAPTURE(path);
        CHECK(reports_code(r, path, fc::ErrorCode::invalid_pattern));
    }
}

TEST_CASE("an unknown check digit is reported with the known ones") {
    const auto r = fc::parse_template(format3_with(R"({"id": "a", "kind": "serial", "title": "A", "check": "luhnn"})"));
    CHECK_REPORTS(r, "$.steps[3].check", "did you mean 'luhn'");
}

TEST_CASE("photo steps take photos_min 1..20 and photos_max photos_min..20") {
    const auto ok = fc::parse_template(format3_with(
        R"({"id": "p1", "kind": "photo", "title": "One"},
           {"id": "p2", "kind": "photo", "title": "Some", "photos_min": 2, "photos_max": 4},
           {"id": "p3", "kind": "photo", "title": "Exactly three", "photos_min": 3},
           {"id": "p4", "kind": "photo", "title": "Up to twenty", "photos_max": 20, "required": false})"));
    REQUIRE_MESSAGE(ok.checklist.has_value(), fc::test::describe(ok));
    const auto counts = [&](const char* id) {
        const fc::Step& s = *ok.checklist->find_step(id);
        return std::make_pair(s.photos_min, s.photos_max);
    };
    CHECK(counts("p1") == std::make_pair(1, 1));
    CHECK(counts("p2") == std::make_pair(2, 4));
    CHECK(counts("p3") == std::make_pair(3, 3));
    CHECK(counts("p4") == std::make_pair(1, 20));

    const auto bad = fc::parse_template(format3_with(
        R"({"id": "a", "kind": "photo", "title": "A", "photos_min": 0, "required": false},
           {"id": "b", "kind": "photo", "title": "B", "photos_max": 21},
           {"id": "c", "kind": "photo", "title": "C", "photos_min": 3, "photos_max": 2},
           {"id": "d", "kind": "photo", "title": "D", "photos_min": 1.5},
           {"id": "e", "kind": "photo", "title": "E", "photos_max": "4"})"));
    CHECK_REPORTS(bad, "$.steps[3].photos_min", "set \"required\": false");
    CHECK_REPORTS(bad, "$.steps[4].photos_max", "from 1 to 20");
    CHECK_REPORTS(bad, "$.steps[5].photos_max", "at least photos_min");
    CHECK_REPORTS(bad, "$.steps[6].photos_min", "whole number");
    CHECK_REPORTS(bad, "$.steps[7].photos_max", "a number");
}

TEST_CASE("pattern, check and photo counts belong to their own step kind") {
    const auto r = fc::parse_template(format3_with(
        R"({"id": "a", "kind": "text", "title": "A", "pattern": "x", "check": "gs1"},
           {"id": "b", "kind": "serial", "title": "B", "photos_max": 3})"));
    CHECK_REPORTS(r, "$.steps[3].pattern", "only a serial step has");
    CHECK_REPORTS(r, "$.steps[3].check", "only a serial step has");
    CHECK_REPORTS(r, "$.steps[4].photos_max", "only a photo step has");
}

TEST_CASE("before format 3 a serial step and the format-3 keys are refused") {
    const std::string v2 = with(sample_with("fieldcheck-template/1", "fieldcheck-template/2"), kPhotoStep,
                                R"({"id": "s", "kind": "serial", "title": "S"},
                                    {"id": "p", "kind": "photo", "title": "P", "photos_max": 3},
                                    {"id": "t", "kind": "text", "title": "T", "pattern": "x"})");
    const auto r = fc::parse_template(v2);
    CHECK_REPORTS(r, "$.steps[3].kind", "needs \"format\": \"fieldcheck-template/3\"");
    CHECK_REPORTS(r, "$.steps[4].photos_max", "unknown");
    CHECK_REPORTS(r, "$.steps[5].pattern", "unknown");
}

TEST_CASE("the round trip of a format-3 template keeps its serial and photo fields and leaves defaults unwritten") {
    const auto r = fc::parse_template(format3_with(
        R"({"id": "ont", "kind": "serial", "title": "ONT serial", "pattern": "ALCL[0-9A-F]{8}", "check": "luhn"},
           {"id": "p", "kind": "photo", "title": "P", "photos_min": 2, "photos_max": 4},
           {"id": "q", "kind": "photo", "title": "Q"})"));
    REQUIRE_MESSAGE(r.checklist.has_value(), fc::test::describe(r));
    const std::string json = fc::template_to_json(*r.checklist);
    CHECK(json.find(R"("check":"luhn")") != std::string::npos);
    CHECK(json.find(R"("pattern":"ALCL[0-9A-F]{8}")") != std::string::npos);
    CHECK(json.find(R"("photos_max":4,"photos_min":2)") != std::string::npos);
    CHECK(json.find(R"({"id":"q","kind":"photo","required":true,"title":"Q"})") != std::string::npos);
    const auto again = fc::parse_template(json);
    REQUIRE_MESSAGE(again.checklist.has_value(), fc::test::describe(again));
    CHECK(fc::template_to_json(*again.checklist) == json);
    CHECK(again.checklist->find_step("ont")->compiled_pattern != nullptr);
}

}  // namespace
