// One test per kind of template problem: each names the JSON path and says what is wrong.
#include <string>

#include "checklists/template_problem_list.h"
#include "checklists/template_field_reader.h"
#include "test_template_support.h"

using fc::parse_template;
using fc::test::sample_with;

TEST_CASE("a well-formed template parses with no problems and keeps every field") {
    const auto r = parse_template(fc::test::kSampleTemplate);
    REQUIRE_MESSAGE(r.checklist.has_value(), fc::test::describe(r));
    CHECK(r.problems.empty());
    const fc::ChecklistTemplate& t = *r.checklist;
    CHECK(t.id == "sample-job");
    CHECK(t.version == 1);
    CHECK(t.language == "en");
    REQUIRE(t.prechecks.size() == 1);
    CHECK(t.prechecks[0].moment == fc::PrecheckMoment::BeforeDeparture);
    CHECK(t.prechecks[0].blocking);
    REQUIRE(t.steps.size() == 4);
    CHECK(t.steps[0].kind == fc::StepKind::Check);
    CHECK(t.steps[0].required);  // required defaults to true
    CHECK(t.steps[1].options.size() == 2);
    CHECK(t.steps[2].unit == "dBm");
    CHECK(t.steps[2].min == -27);
    CHECK(t.steps[2].max == -8);
    REQUIRE(t.steps[2].show_if.has_value());
    CHECK(t.steps[2].show_if->step == "router");
    CHECK(t.steps[2].show_if->equals == std::vector<std::string>{"a"});
    CHECK(t.handover.at(0).todo == "Activate with a laptop on a cable");
    CHECK(t.survey.at(0).kind == fc::SurveyKind::Smiley);
    CHECK(t.survey.at(0).touchpoint == "arrival");
    CHECK(t.survey.at(0).required);
    CHECK(t.survey.at(1).kind == fc::SurveyKind::Comment);
    CHECK_FALSE(t.survey.at(1).required);
    CHECK(t.step_index("power") == 2);
    CHECK(t.find_precheck("patch") != nullptr);
    CHECK(t.find_handover("laptop") != nullptr);
    CHECK(t.find_survey("q-comment") != nullptr);
    CHECK(t.find_step("patch") == nullptr);
}

TEST_CASE("malformed JSON is reported with its line, column and byte offset") {
    // The comma after "version": 1 is missing: line 4 of the sample.
    const auto r = parse_template(sample_with("\"version\": 1,", "\"version\": 1"));
    REQUIRE(r.problems.size() == 1);
    CHECK_REPORTS(r, "$", "not valid JSON");
    CHECK_REPORTS(r, "$", "line 5, column 3 (byte offset ");
}

TEST_CASE("an empty file is reported as empty") {
    const auto r = parse_template("");
    CHECK_REPORTS(r, "$", "the file is empty");
    CHECK_REPORTS(parse_template("  \n "), "$", "the file is empty");
}

TEST_CASE("a file of zero bytes (NUL) is reported as a zero byte at its position, not as an empty file") {
    const auto zeros = parse_template(std::string(64, '\0'));
    REQUIRE(zeros.problems.size() == 1);
    CHECK_FALSE(fc::test::reports(zeros, "$", "empty"));
    CHECK_REPORTS(zeros, "$", "zero byte (NUL) at line 1, column 1 (byte offset 0)");
    // One zero byte in an otherwise good file: RapidJSON would stop there and blame what follows.
    std::string damaged = fc::test::kSampleTemplate;
    damaged[damaged.find("\"version\"")] = '\0';
    const auto r = parse_template(damaged);
    REQUIRE(r.problems.size() == 1);
    CHECK_REPORTS(r, "$", "zero byte (NUL) at line 4, column 3 (byte offset ");
}

TEST_CASE("bytes that are not UTF-8 are reported with their line, column and byte offset") {
    std::string bytes = sample_with("\"Sample job\"", "\"Sample \xE9 job\"");  // Latin-1 é
    const auto offset = bytes.find('\xE9');
    const auto r = parse_template(bytes);
    REQUIRE(r.problems.size() == 1);
    // Line 5 is `  "title": "Sample \xE9 job",`: the bad byte is its 20th character.
    CHECK_REPORTS(r, "$", "not valid UTF-8 at line 5, column 20 (byte offset " + std::to_string(offset) + ")");
    // A byte order mark is invisible in an editor, so it does not count as a column.
    const auto with_bom = parse_template("\xEF\xBB\xBF{\xFF}");
    CHECK_REPORTS(with_bom, "$", "not valid UTF-8 at line 1, column 2 (byte offset 4)");
}

TEST_CASE("a file nested too deeply or too large is refused before parsing") {
    const auto deep = parse_template(std::string(100, '[') + std::string(100, ']'));
    CHECK_REPORTS(deep, "$", "nesting deeper than 32 levels");
    REQUIRE(deep.problems.size() == 1);
    // The sentence names one limit only: the real one.
    CHECK(deep.problems[0].message.find("at most 5") == std::string::npos);
    const auto huge = parse_template(std::string(fc::kMaxTemplateBytes + 1, ' '));
    CHECK_REPORTS(huge, "$", "at most 1048576");
}

TEST_CASE("a template that is not a JSON object is reported") {
    CHECK_REPORTS(parse_template("[1, 2, 3]"), "$", "a template is a JSON object { ... }, but this file holds a list");
    CHECK_REPORTS(parse_template("\"text\""), "$", "holds text");
    CHECK_REPORTS(parse_template("null"), "$", "holds null");
}

TEST_CASE("each of the four sections is required, even when empty") {
    const std::string sample = fc::test::kSampleTemplate;
    for (const char* section : {"prechecks", "steps", "handover", "survey"}) {
        CAPTURE(section);
        const std::string renamed = fc::test::with(sample, std::string("\"") + section + "\":", "\"_x\":");
        const auto r = parse_template(renamed);
        CHECK_REPORTS(r, std::string("$.") + section, "section is missing");
    }
    const std::string minimal = R"({"format": "fieldcheck-template/1", "id": "x", "version": 1, "title": "X",
        "language": "en", "prechecks": [], "steps": [{"id": "s", "kind": "instruction", "title": "Read"}],
        "handover": [], "survey": [
          {"id": "q1", "kind": "smiley", "touchpoint": "appointment", "title": "Appointment"},
          {"id": "q2", "kind": "smiley", "touchpoint": "arrival", "title": "Arrival"},
          {"id": "q3", "kind": "smiley", "touchpoint": "explanation", "title": "Explanation"},
          {"id": "q4", "kind": "smiley", "touchpoint": "result", "title": "Result"}]})";
    CHECK_MESSAGE(parse_template(minimal).checklist.has_value(), fc::test::describe(parse_template(minimal)));
    const auto no_steps = parse_template(fc::test::with(minimal, R"([{"id": "s", "kind": "instruction", "title": "Read"}])", "[]"));
    CHECK_REPORTS(no_steps, "$.steps", "no steps");
    CHECK(no_steps.problems.size() == 1);
    const auto not_a_list = parse_template(fc::test::with(minimal, R"("handover": [])", R"("handover": {})"));
    CHECK_REPORTS(not_a_list, "$.handover", "must be a list [ ... ], not an object");
}

TEST_CASE("a missing, empty or wrong-typed required field is reported at its path") {
    CHECK_REPORTS(parse_template(sample_with(R"({"id": "socket", "kind": "check", "title": "Socket free"})",
                                             R"({"id": "socket", "kind": "check"})")),
                  "$.steps[0].title", "missing");
    CHECK_REPORTS(parse_template(sample_with(R"("title": "Socket free")", R"("title": "  ")")), "$.steps[0].title",
                  "is empty");
    CHECK_REPORTS(parse_template(sample_with(R"("title": "Socket free")", R"("title": 3)")), "$.steps[0].title",
                  "must be text (a string in quotes), not a number");
    CHECK_REPORTS(parse_template(sample_with(R"("blocking": true)", R"("blocking": "yes")")), "$.prechecks[0].blocking",
                  "must be true or false");
    CHECK_REPORTS(parse_template(sample_with(R"(, "blocking": true)", "")), "$.prechecks[0].blocking", "missing");
    CHECK_REPORTS(parse_template(sample_with(R"("moment": "before_departure", )", "")), "$.prechecks[0].moment",
                  "missing");
    CHECK_REPORTS(parse_template(sample_with(R"("moment": "before_departure")", R"("moment": "before")")),
                  "$.prechecks[0].moment", "unknown moment 'before'");
    CHECK_REPORTS(parse_template(sample_with(R"("title": "Sample job")", R"("title": "")")), "$.title", "is empty");
    CHECK_REPORTS(parse_template(sample_with(R"({"id": "a", "label": "Type A"})", R"({"id": "a"})")),
                  "$.steps[1].options[0].label", "missing");
    CHECK_REPORTS(parse_template(sample_with(R"({"id": "socket", )", "{")), "$.steps[0].id", "missing");
    CHECK_REPORTS(parse_template(sample_with(R"({"id": "socket", "kind": "check", "title": "Socket free"})", "42")),
                  "$.steps[0]", "each step is an object");
}

TEST_CASE("a title with control characters or too long for the tablet is reported") {
    CHECK_REPORTS(parse_template(sample_with(R"("Socket free")", R"("Socket\u001b[31m free")")), "$.steps[0].title",
                  "control character U+001B");
    CHECK_REPORTS(parse_template(sample_with(R"("Socket free")", "\"" + std::string(201, 'x') + "\"")),
                  "$.steps[0].title", "201 characters long");
}

TEST_CASE("an unknown step kind is reported with the kinds there are") {
    const auto r = parse_template(sample_with(R"("kind": "check")", R"("kind": "chek")"));
    CHECK_REPORTS(r, "$.steps[0].kind", "unknown step kind 'chek' (did you mean 'check'?)");
    CHECK_REPORTS(r, "$.steps[0].kind", "instruction, check, measure, choice, text, photo, signature");
}

TEST_CASE("a step of unknown kind still has its inverted range and its empty choice list reported") {
    const auto range = parse_template(sample_with(R"("kind": "check", "title": "Socket free")",
                                                  R"("kind": "mesure", "title": "Socket free", "unit": "V", "min": 5, "max": 1)"));
    CHECK_REPORTS(range, "$.steps[0].kind", "unknown step kind 'mesure' (did you mean 'measure'?)");
    CHECK_REPORTS(range, "$.steps[0].min", "the accepted range is inverted: min 5 is greater than max 1");

    const auto options = parse_template(sample_with(R"("kind": "check", "title": "Socket free")",
                                                    R"("kind": "chioce", "title": "Socket free", "options": [])"));
    CHECK_REPORTS(options, "$.steps[0].kind", "unknown step kind 'chioce' (did you mean 'choice'?)");
    CHECK_REPORTS(options, "$.steps[0].options", "the choice list is empty");

    const auto missing = parse_template(sample_with(R"("kind": "check", "title": "Socket free")",
                                                    R"("title": "Socket free", "min": 3, "max": -3)"));
    CHECK_REPORTS(missing, "$.steps[0].kind", "missing");
    CHECK_REPORTS(missing, "$.steps[0].min", "inverted: min 3 is greater than max -3");
}

TEST_CASE("an unknown key is reported, with the likely intended key") {
    const auto r = parse_template(sample_with(R"("title": "Socket free")", R"("title": "Socket free", "requried": false)"));
    CHECK_REPORTS(r, "$.steps[0].requried", "unknown key 'requried' (did you mean 'required'?)");
    const auto top = parse_template(sample_with(R"("language": "en")", R"("language": "en", "titel": "x")"));
    CHECK_REPORTS(top, "$.titel", "did you mean 'title'?");
    const auto odd = parse_template(sample_with(R"("language": "en")", R"("language": "en", "a b": 1)"));
    CHECK_REPORTS(odd, "$[\"a b\"]", "unknown key 'a b'");
}

TEST_CASE("a key given twice in one object is reported") {
    const auto r = parse_template(sample_with(R"("title": "Socket free")", R"("title": "Socket free", "title": "Other")"));
    CHECK_REPORTS(r, "$.steps[0].title", "appears more than once");
}

TEST_CASE("ids are unique across the whole template") {
    const auto r = parse_template(sample_with(R"({"id": "socket", )", R"({"id": "patch", )"));
    CHECK_REPORTS(r, "$.steps[0].id", "the id 'patch' is already used by the precheck at $.prechecks[0].id");
    const auto survey = parse_template(sample_with(R"("id": "q-comment")", R"("id": "laptop")"));
    CHECK_REPORTS(survey, "$.survey[1].id", "already used by the handover item at $.handover[0].id");
}

TEST_CASE("show_if may only point at an earlier step") {
    const auto later = parse_template(sample_with(R"("step": "router")", R"("step": "photo")"));
    CHECK_REPORTS(later, "$.steps[2].show_if.step", "step 'photo' comes later (at $.steps[3])");

    const auto itself = parse_template(sample_with(R"("step": "router")", R"("step": "power")"));
    CHECK_REPORTS(itself, "$.steps[2].show_if.step", "cannot depend on its own answer");

    const auto unknown = parse_template(sample_with(R"("step": "router")", R"("step": "rooter")"));
    CHECK_REPORTS(unknown, "$.steps[2].show_if.step", "no step has the id 'rooter' (did you mean 'router'?)");

    const auto precheck = parse_template(sample_with(R"("step": "router")", R"("step": "patch")"));
    CHECK_REPORTS(precheck, "$.steps[2].show_if.step", "'patch' is a precheck, not a step");
}

TEST_CASE("a show_if answer that the earlier step can never give is reported") {
    const auto option = parse_template(sample_with(R"("equals": ["a"])", R"("equals": ["a", "c"])"));
    CHECK_REPORTS(option, "$.steps[2].show_if.equals[1]", "'c' can never be the answer of the choice step 'router'");
    CHECK_FALSE(fc::test::reports(option, "$.steps[2].show_if.equals[0]", ""));

    const auto check = parse_template(sample_with(R"({"step": "router", "equals": ["a"]})",
                                                  R"({"step": "socket", "equals": ["yes"]})"));
    CHECK_REPORTS(check, "$.steps[2].show_if.equals[0]", "its answers are: done, not_applicable");

    const auto photo = parse_template(
        sample_with(R"({"id": "photo", "kind": "photo", "title": "Photo of the modem"})",
                    R"({"id": "photo", "kind": "photo", "title": "Photo"}, {"id": "late", "kind": "text", "title": "T",
                        "show_if": {"step": "photo", "equals": ["x"]}})"));
    CHECK_REPORTS(photo, "$.steps[4].show_if.step", "a photo step, whose answer show_if cannot compare");

    const auto none = parse_template(sample_with(R"("equals": ["a"])", R"("equals": [])"));
    CHECK_REPORTS(none, "$.steps[2].show_if.equals", "is empty");
}

TEST_CASE("a choice step needs a non-empty list of distinct options") {
    const auto empty = parse_template(
        sample_with(R"([{"id": "a", "label": "Type A"}, {"id": "b", "label": "Type B"}])", "[]"));
    CHECK_REPORTS(empty, "$.steps[1].options", "the choice list is empty");

    const auto missing = parse_template(
        sample_with(R"(,
     "options": [{"id": "a", "label": "Type A"}, {"id": "b", "label": "Type B"}])", ""));
    CHECK_REPORTS(missing, "$.steps[1].options", "missing");

    const auto duplicate = parse_template(sample_with(R"({"id": "b", "label": "Type B"})", R"({"id": "a", "label": "Type B"})"));
    CHECK_REPORTS(duplicate, "$.steps[1].options[1].id", "the option id 'a' is already used in this list");

    const auto on_check = parse_template(sample_with(R"("kind": "check", "title": "Socket free")",
                                                     R"("kind": "check", "title": "Socket free", "options": [])"));
    CHECK_REPORTS(on_check, "$.steps[0].options", "only a choice step has \"options\"");
}

TEST_CASE("an empty choice list is reported once, not again as a step whose answer show_if cannot compare") {
    const auto r = parse_template(
        sample_with(R"([{"id": "a", "label": "Type A"}, {"id": "b", "label": "Type B"}])", "[]"));
    CHECK_REPORTS(r, "$.steps[1].options", "the choice list is empty");
    for (const auto& p : r.problems) {
        CAPTURE(p.path);
        CAPTURE(p.message);
        CHECK(p.path.rfind("$.steps[2].show_if", 0) != 0);  // the measure that looks at the choice
        CHECK(p.message.find("show_if cannot compare") == std::string::npos);
    }
    CHECK(r.problems.size() == 1);
}

TEST_CASE("numbers in messages are written the shortest way a person would: -30, not -3e+01") {
    const auto r = parse_template(sample_with(R"("min": -27, "max": -8)", R"("min": -30, "max": -67)"));
    CHECK_REPORTS(r, "$.steps[2].min", "the accepted range is inverted: min -30 is greater than max -67; swap them");
    const auto fractions = parse_template(sample_with(R"("min": -27, "max": -8)", R"("min": 0.1, "max": -27.25)"));
    CHECK_REPORTS(fractions, "$.steps[2].min", "min 0.1 is greater than max -27.25");
    CHECK(fc::number_text(-30) == "-30");
    CHECK(fc::number_text(100) == "100");
    CHECK(fc::number_text(0.1) == "0.1");
    CHECK(fc::number_text(1e300) == "1e+300");
}

TEST_CASE("a measure step needs a unit and a range that is not inverted") {
    const auto inverted = parse_template(sample_with(R"("min": -27, "max": -8)", R"("min": -8, "max": -27)"));
    CHECK_REPORTS(inverted, "$.steps[2].min", "inverted: min -8 is greater than max -27");

    const auto no_unit = parse_template(sample_with(R"("unit": "dBm", )", ""));
    CHECK_REPORTS(no_unit, "$.steps[2].unit", "missing");

    const auto empty_unit = parse_template(sample_with(R"("unit": "dBm")", R"("unit": "")"));
    CHECK_REPORTS(empty_unit, "$.steps[2].unit", "is empty");

    const auto no_max = parse_template(sample_with(R"(, "max": -8)", ""));
    CHECK_REPORTS(no_max, "$.steps[2].max", "missing");

    const auto unit_on_check = parse_template(sample_with(R"("kind": "check", "title": "Socket free")",
                                                          R"("kind": "check", "title": "Socket free", "unit": "V")"));
    CHECK_REPORTS(unit_on_check, "$.steps[0].unit", "only a measure step has \"unit\"; this is a check step");
}

TEST_CASE("non-finite numbers are reported") {
    const auto nan = parse_template(sample_with(R"("min": -27)", R"("min": NaN)"));
    CHECK_REPORTS(nan, "$.steps[2].min", "NaN is not a finite number");
    const auto inf = parse_template(sample_with(R"("max": -8)", R"("max": Infinity)"));
    CHECK_REPORTS(inf, "$.steps[2].max", "Infinity is not a finite number");
    const auto huge = parse_template(sample_with(R"("max": -8)", R"("max": 1e999)"));
    CHECK_REPORTS(huge, "$", "a number is too big to be stored");
}

TEST_CASE("a survey question cannot carry a default answer") {
    for (const char* key : {"default", "value", "selected", "answer", "default_answer", "preset", "initial",
                            "prefilled", "checked"}) {
        CAPTURE(key);
        const auto r = parse_template(sample_with(R"("touchpoint": "arrival")",
                                                  std::string(R"("touchpoint": "arrival", ")") + key + R"(": 5)"));
        CHECK_REPORTS(r, std::string("$.survey[0].") + key,
                      "a survey question cannot have a default answer: the survey is the customer's");
    }
    const auto step = parse_template(sample_with(R"("title": "Socket free")", R"("title": "Socket free", "default": "done")"));
    CHECK_REPORTS(step, "$.steps[0].default", "a template cannot carry an answer");
}

TEST_CASE("a smiley question needs one valid touchpoint, and one smiley per touchpoint") {
    const auto missing = parse_template(sample_with(R"("touchpoint": "arrival", )", ""));
    CHECK_REPORTS(missing, "$.survey[0].touchpoint", "missing; a smiley question rates one touchpoint");
    const auto wrong = parse_template(sample_with(R"("touchpoint": "arrival")", R"("touchpoint": "arival")"));
    CHECK_REPORTS(wrong, "$.survey[0].touchpoint", "unknown touchpoint 'arival' (did you mean 'arrival'?)");
    const auto twice = parse_template(sample_with(
        R"({"id": "q-comment", "kind": "comment", "title": "Anything else?"})",
        R"({"id": "q-again", "kind": "smiley", "touchpoint": "arrival", "title": "Again?"})"));
    CHECK_REPORTS(twice, "$.survey[1].touchpoint", "already has a smiley at $.survey[0]");
    const auto on_comment = parse_template(sample_with(R"("kind": "comment",)", R"("kind": "comment", "touchpoint": "result",)"));
    CHECK_REPORTS(on_comment, "$.survey[1].touchpoint", "only a smiley question has a touchpoint");
    const auto kind = parse_template(sample_with(R"("kind": "comment")", R"("kind": "stars")"));
    CHECK_REPORTS(kind, "$.survey[1].kind", "unknown question kind 'stars'");
}

TEST_CASE("the survey asks one smiley for each touchpoint: appointment, arrival, explanation and result") {
    const auto none = parse_template(sample_with(R"("survey": [)", R"("survey": [], "_survey": [)"));
    for (const char* touchpoint : {"appointment", "arrival", "explanation", "result"}) {
        CAPTURE(touchpoint);
        CHECK_REPORTS(none, "$.survey", std::string("no smiley question rates the touchpoint '") + touchpoint + "'");
    }
    const auto no_result = parse_template(sample_with(
        R"(,
    {"id": "q-result", "kind": "smiley", "touchpoint": "result", "title": "How happy are you with the result?"})", ""));
    CHECK_REPORTS(no_result, "$.survey", "no smiley question rates the touchpoint 'result'; add one with \"touchpoint\": \"result\"");
    CHECK(no_result.problems.size() == 1);
    // The complete sample has all four and parses.
    CHECK(parse_template(fc::test::kSampleTemplate).checklist.has_value());
}

TEST_CASE("a comment question cannot be required") {
    const auto r = parse_template(sample_with(R"("title": "Anything else?")", R"("title": "Anything else?", "required": true)"));
    CHECK_REPORTS(r, "$.survey[1].required", "a comment question cannot be required");
    const auto optional = parse_template(sample_with(R"("title": "Anything else?")", R"("title": "Anything else?", "required": false)"));
    CHECK(optional.checklist.has_value());
}

TEST_CASE("the language is nl or en") {
    const auto r = parse_template(sample_with(R"("language": "en")", R"("language": "de")"));
    CHECK_REPORTS(r, "$.language", "unknown language 'de'; use one of: nl, en");
    CHECK_REPORTS(parse_template(sample_with(R"("language": "en",)", "")), "$.language", "missing");
}

TEST_CASE("the version is a positive whole number") {
    CHECK_REPORTS(parse_template(sample_with(R"("version": 1)", R"("version": 0)")), "$.version", "at least 1");
    CHECK_REPORTS(parse_template(sample_with(R"("version": 1)", R"("version": -3)")), "$.version", "not -3");
    CHECK_REPORTS(parse_template(sample_with(R"("version": 1)", R"("version": 1.5)")), "$.version", "not 1.5");
    CHECK_REPORTS(parse_template(sample_with(R"("version": 1)", R"("version": "1")")), "$.version", "not text");
    CHECK_REPORTS(parse_template(sample_with(R"("version": 1)", R"("version": 99999999999)")), "$.version",
                  "whole number");
    CHECK_REPORTS(parse_template(sample_with(R"("version": 1,)", "")), "$.version", "missing");
}

TEST_CASE("the template id and item ids are slugs") {
    CHECK_REPORTS(parse_template(sample_with(R"("id": "sample-job")", R"("id": "Sample Job")")), "$.id",
                  "'Sample Job' is not a valid id");
    CHECK_REPORTS(parse_template(sample_with(R"("id": "sample-job")", R"("id": "sample_job")")), "$.id",
                  "not a valid id");
    CHECK_REPORTS(parse_template(sample_with(R"("id": "socket")", R"("id": "socket 1")")), "$.steps[0].id",
                  "not a valid id");
    CHECK(parse_template(sample_with(R"("id": "socket")", R"("id": "socket_1")")).checklist.has_value());
}

TEST_CASE("the format must be fieldcheck-template/1, /2 or /3") {
    CHECK_REPORTS(parse_template(sample_with(R"("format": "fieldcheck-template/1",)", "")), "$.format", "missing");
    CHECK_REPORTS(parse_template(sample_with("fieldcheck-template/1", "fieldcheck-template/4")), "$.format",
                  "a template format this program does not read");
    CHECK(parse_template(sample_with("fieldcheck-template/1", "fieldcheck-template/3")).checklist.has_value());
    CHECK_REPORTS(parse_template(sample_with("fieldcheck-template/1", "checklist")), "$.format",
                  "is not a fieldcheck template format");
}

TEST_CASE("template format 2: the customer signs at the handover, so a signature step is refused") {
    const std::string v2 = sample_with("fieldcheck-template/1", "fieldcheck-template/2");
    CHECK(parse_template(v2).checklist.has_value());
    CHECK(parse_template(v2).checklist->format == 2);
    CHECK_REPORTS(parse_template(fc::test::with(v2, R"("kind": "photo")", R"("kind": "signature")")), "$.steps[3].kind",
                  "make this a handover item with \"kind\": \"signature\"");
    // In format 1 the signature step is what it always was.
    const auto v1 = parse_template(sample_with(R"("kind": "photo")", R"("kind": "signature")"));
    REQUIRE(v1.checklist.has_value());
    CHECK(v1.checklist->format == 1);
}

TEST_CASE("a handover item's kind is confirm or signature, and signature needs template format 2") {
    const std::string signed_item = R"("todo": "Activate with a laptop on a cable", "kind": "signature")";
    CHECK_REPORTS(parse_template(sample_with(R"("todo": "Activate with a laptop on a cable")", signed_item)),
                  "$.handover[0].kind", "needs \"format\": \"fieldcheck-template/2\"");
    const auto v2 = parse_template(fc::test::with(sample_with("fieldcheck-template/1", "fieldcheck-template/2"),
                                                  R"("todo": "Activate with a laptop on a cable")", signed_item));
    REQUIRE_MESSAGE(v2.checklist.has_value(), fc::test::describe(v2));
    CHECK(v2.checklist->handover[0].kind == fc::HandoverItem::Kind::Signature);
    CHECK_REPORTS(parse_template(sample_with(R"("todo": "Activate with a laptop on a cable")",
                                             R"("todo": "Activate with a laptop on a cable", "kind": "sign")")),
                  "$.handover[0].kind", "unknown handover kind 'sign'");
    // A wrong format is reported once, at $.format, not again at every signature item.
    const auto wrong = parse_template(fc::test::with(sample_with("fieldcheck-template/1", "fieldcheck-template/9"),
                                                     R"("todo": "Activate with a laptop on a cable")", signed_item));
    CHECK(fc::test::reports(wrong, "$.format", "does not read"));
    CHECK_FALSE(fc::test::reports(wrong, "$.handover[0].kind", "needs"));
}

TEST_CASE("a template's contact names the company and its helpdesk, and is not empty") {
    const auto r = parse_template(sample_with(R"("language": "en",)",
                                              R"("language": "en", "contact": {"helpdesk": "088 123 45 67"},)"));
    REQUIRE_MESSAGE(r.checklist.has_value(), fc::test::describe(r));
    CHECK(r.checklist->contact == fc::CompanyContact{"", "088 123 45 67"});
    CHECK_REPORTS(parse_template(sample_with(R"("language": "en",)", R"("language": "en", "contact": {},)")), "$.contact",
                  "overrides nothing");
    CHECK_REPORTS(parse_template(sample_with(R"("language": "en",)", R"("language": "en", "contact": {"phone": "1"},)")),
                  "$.contact.phone", "unknown key");
    CHECK_REPORTS(parse_template(sample_with(R"("language": "en",)", R"("language": "en", "contact": "088",)")),
                  "$.contact", "object");
}

TEST_CASE("every problem in a template is reported in one pass") {
    std::string bad = sample_with(R"("language": "en")", R"("language": "de")");
    bad = fc::test::with(bad, R"("kind": "check")", R"("kind": "chek")");
    bad = fc::test::with(bad, R"("min": -27, "max": -8)", R"("min": 5, "max": 1)");
    bad = fc::test::with(bad, R"("step": "router")", R"("step": "photo")");
    bad = fc::test::with(bad, R"("id": "laptop")", R"("id": "patch")");
    bad = fc::test::with(bad, R"("touchpoint": "arrival")", R"("touchpoint": "arrival", "default": 5)");
    bad = fc::test::with(bad, R"("title": "Anything else?")", R"("title": "Anything else?", "required": true)");
    const auto r = parse_template(bad);
    CHECK(r.problems.size() == 7);
    CHECK_REPORTS(r, "$.language", "unknown language");
    CHECK_REPORTS(r, "$.steps[0].kind", "unknown step kind");
    CHECK_REPORTS(r, "$.steps[2].min", "inverted");
    CHECK_REPORTS(r, "$.steps[2].show_if.step", "comes later");
    CHECK_REPORTS(r, "$.handover[0].id", "already used");
    CHECK_REPORTS(r, "$.survey[0].default", "default answer");
    CHECK_REPORTS(r, "$.survey[1].required", "cannot be required");
}

TEST_CASE("the problem list is capped, and says how many more there are") {
    std::string keys;
    for (int i = 0; i < 500; ++i) keys += ", \"junk" + std::to_string(i) + "\": 0";
    const auto r = parse_template(sample_with(R"("language": "en")", std::string(R"("language": "en")") + keys));
    REQUIRE(r.problems.size() == fc::kMaxReportedProblems + 1);
    CHECK(r.problems.back().path == "$");
    CHECK(r.problems.back().message.find("and 300 more problems") != std::string::npos);
}

TEST_CASE("text quoted from a template cannot send escape sequences to a terminal") {
    const auto r = parse_template(sample_with(R"("language": "en")", R"("language": "\u001b]0;owned\u0007")"));
    REQUIRE(r.problems.size() == 1);
    CHECK(r.problems[0].message.find('\x1b') == std::string::npos);
    CHECK(r.problems[0].message.find("\\u001b") != std::string::npos);
    const auto key = parse_template(sample_with(R"("language": "en")", R"("language": "en", "\u001b[2J": 1)"));
    REQUIRE(key.problems.size() == 1);
    CHECK(key.problems[0].path.find('\x1b') == std::string::npos);
}

TEST_CASE("a UTF-8 byte order mark at the start is accepted") {
    CHECK(parse_template("\xEF\xBB\xBF" + fc::test::kSampleTemplate).checklist.has_value());
}
