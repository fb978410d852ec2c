// template_to_json writes what parse_template reads: the depot stores and serves this form.
#include <filesystem>
#include <string>

#include "test_template_support.h"

namespace {

void check_same(const fc::ChecklistTemplate& a, const fc::ChecklistTemplate& b) {
    CHECK(a.id == b.id);
    CHECK(a.version == b.version);
    CHECK(a.title == b.title);
    CHECK(a.language == b.language);
    CHECK(a.description == b.description);
    REQUIRE(a.prechecks.size() == b.prechecks.size());
    for (std::size_t i = 0; i < a.prechecks.size(); ++i) {
        CAPTURE(i);
        CHECK(a.prechecks[i].id == b.prechecks[i].id);
        CHECK(a.prechecks[i].title == b.prechecks[i].title);
        CHECK(a.prechecks[i].help == b.prechecks[i].help);
        CHECK(a.prechecks[i].moment == b.prechecks[i].moment);
        CHECK(a.prechecks[i].blocking == b.prechecks[i].blocking);
    }
    REQUIRE(a.steps.size() == b.steps.size());
    for (std::size_t i = 0; i < a.steps.size(); ++i) {
        CAPTURE(i);
        const fc::Step& x = a.steps[i];
        const fc::Step& y = b.steps[i];
        CHECK(x.id == y.id);
        CHECK(x.kind == y.kind);
        CHECK(x.title == y.title);
        CHECK(x.help == y.help);
        CHECK(x.required == y.required);
        REQUIRE(x.show_if.has_value() == y.show_if.has_value());
        if (x.show_if) {
            CHECK(x.show_if->step == y.show_if->step);
            CHECK(x.show_if->equals == y.show_if->equals);
        }
        CHECK(x.unit == y.unit);
        CHECK(x.min == y.min);
        CHECK(x.max == y.max);
        CHECK(x.photos_min == y.photos_min);
        CHECK(x.photos_max == y.photos_max);
        CHECK(x.pattern == y.pattern);
        CHECK(x.check == y.check);
        CHECK((x.compiled_pattern != nullptr) == (y.compiled_pattern != nullptr));
        REQUIRE(x.options.size() == y.options.size());
        for (std::size_t k = 0; k < x.options.size(); ++k) {
            CHECK(x.options[k].id == y.options[k].id);
            CHECK(x.options[k].label == y.options[k].label);
        }
    }
    REQUIRE(a.handover.size() == b.handover.size());
    for (std::size_t i = 0; i < a.handover.size(); ++i) {
        CAPTURE(i);
        CHECK(a.handover[i].id == b.handover[i].id);
        CHECK(a.handover[i].title == b.handover[i].title);
        CHECK(a.handover[i].help == b.handover[i].help);
        CHECK(a.handover[i].todo == b.handover[i].todo);
        CHECK(a.handover[i].kind == b.handover[i].kind);
    }
    CHECK(a.format == b.format);
    CHECK(a.contact == b.contact);
    REQUIRE(a.survey.size() == b.survey.size());
    for (std::size_t i = 0; i < a.survey.size(); ++i) {
        CAPTURE(i);
        CHECK(a.survey[i].id == b.survey[i].id);
        CHECK(a.survey[i].kind == b.survey[i].kind);
        CHECK(a.survey[i].touchpoint == b.survey[i].touchpoint);
        CHECK(a.survey[i].title == b.survey[i].title);
        CHECK(a.survey[i].required == b.survey[i].required);
    }
}

// parse -> write -> parse gives the same template, and writing again gives the same bytes.
void check_round_trip(const std::string& bytes) {
    const auto first = fc::parse_template(bytes);
    REQUIRE_MESSAGE(first.checklist.has_value(), fc::test::describe(first));
    const std::string json = fc::template_to_json(*first.checklist);
    const auto second = fc::parse_template(json);
    REQUIRE_MESSAGE(second.checklist.has_value(), json << "\n" << fc::test::describe(second));
    check_same(*first.checklist, *second.checklist);
    CHECK(fc::template_to_json(*second.checklist) == json);
}

}  // namespace

TEST_CASE("parse_template(template_to_json(t)) gives back t") {
    check_round_trip(fc::test::kSampleTemplate);
}

TEST_CASE("the round trip keeps awkward text, optional fields and exact numbers") {
    std::string t = fc::test::sample_with(R"("title": "Sample job",)",
                                          R"("title": "Sample \"job\" \\ café één geïnstalleerd 😀",
  "description": "Two lines\nand a\ttab",)");
    t = fc::test::with(t, R"("min": -27, "max": -8)", R"("min": -27.300000000000001, "max": 0.1, "required": false)");
    t = fc::test::with(t, R"("blocking": true)", R"("blocking": false, "help": "Ask the operator\nbefore you go")");
    t = fc::test::with(t, R"("moment": "before_departure")", R"("moment": "on_arrival")");
    t = fc::test::with(t, R"("title": "Anything else?")", R"("title": "Anything else?", "required": false)");
    t = fc::test::with(t, R"("equals": ["a"])", R"("equals": ["a", "b"])");
    check_round_trip(t);
    const auto parsed = fc::parse_template(t);
    REQUIRE(parsed.checklist.has_value());
    CHECK(parsed.checklist->steps[2].min == -27.3);
    CHECK(parsed.checklist->steps[2].max == 0.1);
    CHECK_FALSE(parsed.checklist->steps[2].required);
    CHECK(parsed.checklist->prechecks[0].moment == fc::PrecheckMoment::OnArrival);
}

TEST_CASE("the round trip keeps the format, a signature handover item and the contact") {
    std::string t = fc::test::sample_with("fieldcheck-template/1", "fieldcheck-template/2");
    t = fc::test::with(t, R"("todo": "Activate with a laptop on a cable"})",
                       R"("todo": "Activate with a laptop on a cable"},
    {"id": "sign", "kind": "signature", "title": "Your signature"},
    {"id": "lights", "kind": "confirm", "title": "The lights"})");
    t = fc::test::with(t, R"("language": "en",)", R"("language": "en", "contact": {"company": "Glasnet", "helpdesk": "088 123 45 67"},)");
    check_round_trip(t);
    const auto parsed = fc::parse_template(t);
    REQUIRE(parsed.checklist.has_value());
    CHECK(parsed.checklist->format == 2);
    CHECK(parsed.checklist->handover[1].kind == fc::HandoverItem::Kind::Signature);
    CHECK(parsed.checklist->handover[2].kind == fc::HandoverItem::Kind::Confirm);
    CHECK(parsed.checklist->contact == fc::CompanyContact{"Glasnet", "088 123 45 67"});
    const std::string json = fc::template_to_json(*parsed.checklist);
    CHECK(json.find(R"("contact":{"company":"Glasnet","helpdesk":"088 123 45 67"})") != std::string::npos);
    CHECK(json.find(R"("format":"fieldcheck-template/2")") != std::string::npos);
    // "confirm" is the default and stays unwritten, so a format-1 template keeps its stored bytes.
    CHECK(json.find(R"("kind":"confirm")") == std::string::npos);
}

TEST_CASE("template_to_json writes sorted keys and no whitespace") {
    const auto r = fc::parse_template(fc::test::kSampleTemplate);
    REQUIRE(r.checklist.has_value());
    const std::string json = fc::template_to_json(*r.checklist);
    CHECK(json.rfind(R"({"format":"fieldcheck-template/1","handover":[{"id":"laptop",)", 0) == 0);
    CHECK(json.ends_with(R"("title":"Sample job","version":1})"));
    CHECK(json.find('\n') == std::string::npos);
    CHECK(json.find(": ") == std::string::npos);
}

TEST_CASE("every demo template survives the round trip") {
    const std::filesystem::path dir = FIELDCHECK_SOURCE_DIR "/templates";
    int count = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (entry.path().extension() != ".json") continue;
        CAPTURE(entry.path().string());
        check_round_trip(fc::test::read_file(entry.path().string()));
        ++count;
    }
    CHECK(count == 6);
}
