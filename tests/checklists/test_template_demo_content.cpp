// The demo templates in templates/: what every newcomer sees first, so they must be valid and real.
#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <string>

#include "checklists/serial_number.h"
#include "test_template_support.h"

namespace {

const std::string kTemplateDir = FIELDCHECK_SOURCE_DIR "/templates";

fc::ChecklistTemplate load(const std::string& name) {
    const std::string path = kTemplateDir + "/" + name + ".json";
    REQUIRE_MESSAGE(std::filesystem::is_regular_file(path), path << " is missing");
    const auto r = fc::parse_template(fc::test::read_file(path));
    REQUIRE_MESSAGE(r.checklist.has_value(), path << "\n" << fc::test::describe(r));
    return *r.checklist;
}

}  // namespace

TEST_CASE("every file in templates/ parses with zero problems") {
    int count = 0;
    for (const auto& entry : std::filesystem::directory_iterator(kTemplateDir)) {
        CAPTURE(entry.path().string());
        CHECK(entry.path().extension() == ".json");
        const auto r = fc::parse_template(fc::test::read_file(entry.path().string()));
        CHECK_MESSAGE(r.problems.empty(), fc::test::describe(r));
        REQUIRE(r.checklist.has_value());
        CHECK(r.checklist->id == entry.path().stem().string());  // file name = template id
        ++count;
    }
    CHECK(count == 6);
}

TEST_CASE("each demo job exists in Dutch and English with the same structure") {
    for (const std::string job : {"fiber-modem-install", "dsl-alarm-line", "wifi-activation"}) {
        CAPTURE(job);
        const auto nl = load(job + "-nl");
        const auto en = load(job + "-en");
        CHECK(nl.language == "nl");
        CHECK(en.language == "en");
        CHECK(nl.version == en.version);
        REQUIRE(nl.prechecks.size() == en.prechecks.size());
        for (std::size_t i = 0; i < nl.prechecks.size(); ++i) {
            CHECK(nl.prechecks[i].id == en.prechecks[i].id);
            CHECK(nl.prechecks[i].moment == en.prechecks[i].moment);
            CHECK(nl.prechecks[i].blocking == en.prechecks[i].blocking);
        }
        REQUIRE(nl.steps.size() == en.steps.size());
        for (std::size_t i = 0; i < nl.steps.size(); ++i) {
            CAPTURE(nl.steps[i].id);
            CHECK(nl.steps[i].id == en.steps[i].id);
            CHECK(nl.steps[i].kind == en.steps[i].kind);
            CHECK(nl.steps[i].required == en.steps[i].required);
            CHECK(nl.steps[i].min == en.steps[i].min);
            CHECK(nl.steps[i].max == en.steps[i].max);
            CHECK(nl.steps[i].show_if.has_value() == en.steps[i].show_if.has_value());
            CHECK(nl.steps[i].options.size() == en.steps[i].options.size());
            CHECK_FALSE(nl.steps[i].help.empty());
            CHECK(nl.steps[i].title != en.steps[i].title);  // really translated
        }
        REQUIRE(nl.handover.size() == en.handover.size());
        for (std::size_t i = 0; i < nl.handover.size(); ++i) {
            CHECK(nl.handover[i].id == en.handover[i].id);
            CHECK(nl.handover[i].kind == en.handover[i].kind);
            CHECK(nl.handover[i].todo.empty() == en.handover[i].todo.empty());
        }
        CHECK(nl.format == en.format);
        REQUIRE(nl.survey.size() == en.survey.size());
    }
}

TEST_CASE("each demo survey has one smiley per touchpoint and an optional comment") {
    for (const auto& entry : std::filesystem::directory_iterator(kTemplateDir)) {
        CAPTURE(entry.path().string());
        const auto t = load(entry.path().stem().string());
        std::multiset<std::string> touchpoints;
        int comments = 0;
        for (const auto& q : t.survey) {
            if (q.kind == fc::SurveyKind::Smiley) touchpoints.insert(q.touchpoint);
            if (q.kind == fc::SurveyKind::Comment) {
                ++comments;
                CHECK_FALSE(q.required);
            }
        }
        CHECK(touchpoints == std::multiset<std::string>{"appointment", "arrival", "explanation", "result"});
        CHECK(comments == 1);
        CHECK(std::any_of(t.handover.begin(), t.handover.end(), [](const auto& h) { return !h.todo.empty(); }));
    }
}

TEST_CASE("each Dutch demo template keeps its accented letters é, ë and ï through parsing and storing") {
    std::string all;
    for (const char* name : {"fiber-modem-install-nl", "dsl-alarm-line-nl", "wifi-activation-nl"}) {
        CAPTURE(name);
        const std::string stored = fc::template_to_json(load(name));
        for (const std::string letter : {"é", "ë", "ï"}) {
            CAPTURE(letter);
            CHECK(stored.find(letter) != std::string::npos);
        }
        all += stored;
    }
    for (const std::string word : {"geïnstalleerd", "één", "café", "beëindigd", "vóór"}) {
        CAPTURE(word);
        CHECK(all.find(word) != std::string::npos);
    }
}

TEST_CASE("the fiber job checks the patch before departure and measures optical power in dBm") {
    for (const std::string name : {"fiber-modem-install-nl", "fiber-modem-install-en"}) {
        CAPTURE(name);
        const auto t = load(name);
        const fc::Precheck* patch = t.find_precheck("patch-confirmed");
        REQUIRE(patch != nullptr);
        CHECK(patch->blocking);
        CHECK(patch->moment == fc::PrecheckMoment::BeforeDeparture);
        CHECK(t.find_precheck("double-socket") != nullptr);
        const fc::Step* power = t.find_step("optical-power");
        REQUIRE(power != nullptr);
        CHECK(power->kind == fc::StepKind::Measure);
        CHECK(power->unit == "dBm");
        CHECK(power->min == -27);
        CHECK(power->max == -8);
        const auto has_kind = [&](fc::StepKind k) {
            return std::any_of(t.steps.begin(), t.steps.end(), [&](const fc::Step& s) { return s.kind == k; });
        };
        CHECK(has_kind(fc::StepKind::Photo));
        // Format 2: the customer signs at the handover, in customer mode, not in a technician's step.
        CHECK_FALSE(has_kind(fc::StepKind::Signature));
    }
}

TEST_CASE("every demo template is format 3, version 3, and ends its handover with the customer's signature") {
    for (const auto& entry : std::filesystem::directory_iterator(kTemplateDir)) {
        CAPTURE(entry.path().string());
        const auto t = load(entry.path().stem().string());
        CHECK(t.format == 3);
        // Version 1 was format 1, version 2 format 2; a template id+version never changes.
        CHECK(t.version == 3);
        REQUIRE_FALSE(t.handover.empty());
        CHECK(t.handover.back().kind == fc::HandoverItem::Kind::Signature);
        CHECK(t.handover.back().todo.empty());
        const auto signatures = std::count_if(t.handover.begin(), t.handover.end(),
                                              [](const fc::HandoverItem& h) { return h.kind == fc::HandoverItem::Kind::Signature; });
        CHECK(signatures == 1);
    }
}

TEST_CASE("the DSL job asks about an alarm at the intake, before departure and blocking, before the check on arrival") {
    for (const std::string name : {"dsl-alarm-line-nl", "dsl-alarm-line-en"}) {
        CAPTURE(name);
        const auto t = load(name);
        // Story 002: the question the intake never asked comes first, where the visit cannot start without it.
        REQUIRE_FALSE(t.prechecks.empty());
        const fc::Precheck& intake = t.prechecks.front();
        CHECK(intake.id == "alarm-asked-at-intake");
        CHECK(intake.blocking);
        CHECK(intake.moment == fc::PrecheckMoment::BeforeDeparture);
        CHECK(intake.help.find("'confirmed'") != std::string::npos);  // the planning sheet's column
        const fc::Precheck* on_site = t.find_precheck("alarm-on-line");
        REQUIRE(on_site != nullptr);
        CHECK(on_site->blocking);
        CHECK(on_site->moment == fc::PrecheckMoment::OnArrival);
    }
}

TEST_CASE("the DSL job asks about an alarm system on arrival, blocking, and uses a choice with show_if") {
    for (const std::string name : {"dsl-alarm-line-nl", "dsl-alarm-line-en"}) {
        CAPTURE(name);
        const auto t = load(name);
        const fc::Precheck* alarm = t.find_precheck("alarm-on-line");
        REQUIRE(alarm != nullptr);
        CHECK(alarm->blocking);
        CHECK(alarm->moment == fc::PrecheckMoment::OnArrival);
        const bool choice_drives_show_if = std::any_of(t.steps.begin(), t.steps.end(), [&](const fc::Step& s) {
            return s.show_if && t.find_step(s.show_if->step)->kind == fc::StepKind::Choice;
        });
        CHECK(choice_drives_show_if);
    }
}

TEST_CASE("the Wi-Fi job hands over the wired-laptop activation with a to-do and announces the double socket") {
    for (const std::string name : {"wifi-activation-nl", "wifi-activation-en"}) {
        CAPTURE(name);
        const auto t = load(name);
        const fc::HandoverItem* laptop = t.find_handover("wired-laptop");
        REQUIRE(laptop != nullptr);
        CHECK_FALSE(laptop->todo.empty());
        const fc::Precheck* socket = t.find_precheck("double-socket-announced");
        REQUIRE(socket != nullptr);
        CHECK(socket->moment == fc::PrecheckMoment::BeforeDeparture);
    }
}

TEST_CASE("the complete example in docs/templates.md parses with zero problems") {
    const std::string doc = fc::test::read_file(FIELDCHECK_SOURCE_DIR "/docs/templates.md");
    const auto start = doc.find("```json\n");
    REQUIRE(start != std::string::npos);
    const auto end = doc.find("```", start + 8);
    REQUIRE(end != std::string::npos);
    const auto r = fc::parse_template(doc.substr(start + 8, end - start - 8));
    REQUIRE_MESSAGE(r.checklist.has_value(), fc::test::describe(r));
    std::set<fc::StepKind> kinds;
    for (const auto& s : r.checklist->steps) kinds.insert(s.kind);
    // The example is format 2: every step kind but the signature, which is the customer's at the handover.
    CHECK(r.checklist->format == 2);
    CHECK(kinds.size() == 6);
    CHECK(kinds.count(fc::StepKind::Signature) == 0);
    CHECK(std::any_of(r.checklist->handover.begin(), r.checklist->handover.end(),
                      [](const fc::HandoverItem& h) { return h.kind == fc::HandoverItem::Kind::Signature; }));
}

TEST_CASE("the demo jobs scan their serials: the fiber modem's by its pattern, the DSL modem's EAN-13 with GS1") {
    for (const std::string name : {"fiber-modem-install-nl", "fiber-modem-install-en"}) {
        CAPTURE(name);
        const auto t = load(name);
        const fc::Step* serial = t.find_step("modem-serial");
        REQUIRE(serial != nullptr);
        CHECK(serial->kind == fc::StepKind::Serial);
        CHECK(fc::check_serial(*serial, "ZTEG-C8A30977").ok());
        CHECK(fc::check_serial(*serial, "ZTEGC8A30977").ok());
        CHECK_FALSE(fc::check_serial(*serial, "SN 4471-0098").ok());
        const fc::Step* photos = t.find_step("modem-photo");
        REQUIRE(photos != nullptr);
        CHECK(photos->photos_min == 1);
        CHECK(photos->photos_max == 4);
    }
    for (const std::string name : {"dsl-alarm-line-nl", "dsl-alarm-line-en"}) {
        CAPTURE(name);
        const auto t = load(name);
        const fc::Step* article = t.find_step("modem-article");
        REQUIRE(article != nullptr);
        CHECK(article->check == fc::SerialCheck::Gs1);
        CHECK(fc::check_serial(*article, "5901234123457").ok());
        CHECK(fc::check_serial(*article, "5901234123450").error().code == fc::ErrorCode::serial_check_failed);
        CHECK(t.find_step("socket-photo")->photos_max == 4);
    }
}
