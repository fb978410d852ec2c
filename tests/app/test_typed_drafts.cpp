// Typed text is never lost silently: what is typed on a step or as a cause is saved when the step is
// left and the engine accepts it, kept as a draft in the device store when it does not (and across a
// crash), and a measured value that cannot be saved is only dropped by a deliberate tap.
#include <algorithm>

#include <doctest/doctest.h>

#include "app/tablet/typed_drafts.h"
#include "checklists/demo_day.h"

#include "tablet_fixture.h"

namespace fc::test {
namespace {

const Step& current(TabletFixture& f) {
    const Visit& v = f.model->visit();
    return v.checklist().steps[static_cast<std::size_t>(v.current_step())];
}

// Opens the first demo visit (fiber) and answers its steps until `step_id` is the current one.
void walk_to(TabletFixture& f, const std::string& step_id) {
    open_visit_to_prechecks(f, f.visit_id(1));
    meet_all_prechecks_and_begin(f);
    const auto photo = write_test_photo(f.dir.path);
    for (int guard = 0; guard < 20 && current(f).id != step_id; ++guard) {
        answer_current_step(f, photo);
        tap(f, "next");
    }
    REQUIRE(current(f).id == step_id);
}

bool drawn(TabletFixture& f, const std::string& text) {
    const auto& texts = f.app->drawn_texts();
    return std::find(texts.begin(), texts.end(), text) != texts.end();
}

std::string stored_drafts(TabletFixture& f) {
    auto v = f.model->store().setting(kTypedDraftsSetting);
    REQUIRE(v.ok());
    return v->value_or("");
}

}  // namespace

TEST_CASE("a text typed on a step and not saved becomes its answer when Next is tapped") {
    TabletFixture f;
    walk_to(f, "modem-serial");
    tap(f, "serial-answer");
    f.gui.type("ZTEG-C8A30977");
    tap(f, "next");
    INFO("message: ", f.message());
    const auto answer = f.model->visit().step_answer("modem-serial");
    REQUIRE(answer.has_value());
    CHECK(answer->text == "ZTEG-C8A30977");
    CHECK(current(f).id != "modem-serial");
    CHECK(stored_drafts(f).empty());  // saved: no draft left behind
}

TEST_CASE("a text typed and not saved survives a crash: it comes back on its step, marked as not saved") {
    TabletFixture f;
    walk_to(f, "modem-serial");
    tap(f, "serial-answer");
    f.gui.type("ZTEG-C8A30999");
    f.gui.frame();
    CHECK(f.gui.find("typed-not-saved"));
    CHECK(stored_drafts(f).find("ZTEG-C8A30999") != std::string::npos);
    f.reopen();
    REQUIRE(f.screen() == Screen::StepRunner);
    REQUIRE(current(f).id == "modem-serial");
    CHECK(drawn(f, "ZTEG-C8A30999"));
    CHECK(f.gui.find("typed-not-saved"));
    CHECK_FALSE(f.model->visit().step_answer("modem-serial").has_value());
    tap(f, "save-serial");
    CHECK(f.model->visit().step_answer("modem-serial")->text == "ZTEG-C8A30999");
    f.gui.frame();
    CHECK_FALSE(f.gui.find("typed-not-saved"));
    CHECK(stored_drafts(f).empty());
}

TEST_CASE("a text the engine refuses is kept as a draft through Next and Back, and the technician is told") {
    TabletFixture f(ImVec2(1280, 800), true, Lang::En, format1_templates());  // a text step with a step after it
    walk_to(f, "installation-note");  // optional: Next goes on without an answer
    const std::string too_long(kMaxAnswerTextBytes + 10, 'x');
    tap(f, "text-answer");
    f.gui.type(too_long);
    tap(f, "next");
    CHECK(current(f).id != "installation-note");
    CHECK(f.message().find("kept on this step as a draft") != std::string::npos);
    CHECK_FALSE(f.model->visit().step_answer("installation-note").has_value());
    tap(f, "back");
    REQUIRE(current(f).id == "installation-note");
    CHECK(drawn(f, too_long));
}

TEST_CASE("a reason typed for not applicable becomes the answer when Next is tapped") {
    TabletFixture f;
    walk_to(f, "modem-connected");
    tap(f, "not-applicable");
    tap(f, "reason");
    f.gui.type("Customer keeps the old modem for now");
    tap(f, "next");
    const auto answer = f.model->visit().step_answer("modem-connected");
    REQUIRE(answer.has_value());
    CHECK(answer->kind == Answer::Kind::NotApplicable);
    CHECK(answer->text == "Customer keeps the old modem for now");
}

TEST_CASE("a measured value on the keypad is saved when Next is tapped") {
    TabletFixture f;
    walk_to(f, "optical-power");
    key_in(f, "-20.5");
    tap(f, "next");
    const auto answer = f.model->visit().step_answer("optical-power");
    REQUIRE_MESSAGE(answer.has_value(), f.message());
    CHECK(answer->number == doctest::Approx(-20.5));
    CHECK(current(f).id != "optical-power");
}

TEST_CASE("a measured value that cannot be saved is never dropped unasked: Back asks, Keep stays, Discard goes") {
    TabletFixture f;
    walk_to(f, "optical-power");
    key_in(f, "-31.5");  // out of range, and no note: the engine refuses it
    tap(f, "back");
    CHECK(current(f).id == "optical-power");
    REQUIRE(f.gui.find("discard-question"));
    CHECK(drawn(f, "-31.5 dBm is not saved. Discard it?"));
    CHECK(f.message().find("note") != std::string::npos);  // the engine's reason
    CHECK_FALSE(f.gui.find("next"));                       // the question replaces Back and Next
    tap(f, "keep-typed");
    CHECK_FALSE(f.gui.find("discard-question"));
    CHECK(drawn(f, "-31.5 dBm"));
    CHECK(current(f).id == "optical-power");

    tap(f, "back");
    REQUIRE(f.gui.find("discard-question"));
    tap(f, "discard-typed");
    CHECK(current(f).id != "optical-power");  // went back, as asked before
    CHECK_FALSE(f.model->visit().step_answer("optical-power").has_value());
    tap(f, "next");
    REQUIRE(current(f).id == "optical-power");
    CHECK_FALSE(drawn(f, "-31.5 dBm"));
    CHECK(stored_drafts(f).empty());
}

TEST_CASE("leaving for Today with an unsaved value asks too, and a value saved earlier is kept when the new one is discarded") {
    TabletFixture f;
    walk_to(f, "optical-power");
    key_in(f, "-20");
    tap(f, "save-measure");
    tap(f, "key:clear");
    key_in(f, "-");  // a sign alone is no number
    tap(f, "back-to-today");
    CHECK(f.screen() == Screen::StepRunner);
    REQUIRE(f.gui.find("discard-question"));
    tap(f, "discard-typed");
    CHECK(f.screen() == Screen::Today);
    CHECK(f.model->store().load_visit(f.visit_id(1))->step_answer("optical-power")->number == doctest::Approx(-20));
}

TEST_CASE("the cause typed on Not possible survives Cancel and a crash, and goes when the visit closes") {
    TabletFixture f;
    walk_to(f, "active-port");
    tap(f, "not-possible");
    REQUIRE(f.screen() == Screen::Close);
    tap(f, "cause:other");
    tap(f, "cause-text");
    f.gui.type("Meterkast onder water");
    tap(f, "cancel-close");
    REQUIRE(f.screen() == Screen::StepRunner);
    tap(f, "not-possible");
    CHECK(drawn(f, "Meterkast onder water"));
    CHECK(f.gui.selected("cause:other"));

    f.reopen();
    REQUIRE(f.screen() == Screen::StepRunner);
    tap(f, "not-possible");
    CHECK(drawn(f, "Meterkast onder water"));
    tap(f, "close-not-possible");
    REQUIRE_MESSAGE(f.model->visit().phase() == VisitPhase::Closed, f.message());
    CHECK(f.model->visit().cause()->text == "Meterkast onder water");
    CHECK(stored_drafts(f).empty());
}

TEST_CASE("practice keeps its typing on the visit but writes no draft to the device store") {
    TabletFixture f;
    tap(f, "practice");
    const auto refs = f.model->templates();
    REQUIRE(refs.ok());
    const auto fiber = std::find_if(refs->begin(), refs->end(), [](const TemplateRef& r) { return r.id == "fiber-modem-install-en"; });
    REQUIRE(fiber != refs->end());
    tap(f, "template:" + fiber->id + ":" + std::to_string(fiber->version));
    REQUIRE(f.model->practice());
    if (f.screen() == Screen::VisitOverview) tap(f, "start-visit");
    if (f.screen() == Screen::Prechecks) meet_all_prechecks_and_begin(f);
    REQUIRE(f.screen() == Screen::StepRunner);
    const auto photo = write_test_photo(f.dir.path);
    for (int guard = 0; guard < 20 && current(f).kind != StepKind::Text; ++guard) {
        answer_current_step(f, photo);
        tap(f, "next");
    }
    REQUIRE(current(f).kind == StepKind::Text);
    tap(f, "text-answer");
    f.gui.type("practice words");
    f.gui.frame();
    CHECK(f.gui.find("typed-not-saved"));
    CHECK(stored_drafts(f).empty());
}

TEST_CASE("typed drafts are one setting that round-trips through a reopened store and forgets a visit whole") {
    TempDir dir;
    ManualClock clock;
    {
        auto store = DeviceStore::open(dir.path, clock);
        REQUIRE(store.ok());
        TypedDrafts drafts(**store);
        REQUIRE(drafts.put("V1", "step:a", {{"text", "één"}, {"note", ""}}).ok());
        REQUIRE(drafts.put("V1", "close", {{"kind", "other"}, {"text", "dog"}}).ok());
        REQUIRE(drafts.put("V2", "step:b", {{"entry", "-3"}}).ok());
    }
    auto store = DeviceStore::open(dir.path, clock);
    REQUIRE(store.ok());
    TypedDrafts drafts(**store);
    CHECK(drafts.get("V1", "step:a") == DraftFields{{"text", "één"}});
    CHECK(drafts.get("V1", "close").at("text") == "dog");
    REQUIRE(drafts.forget_visit("V1").ok());
    CHECK(drafts.get("V1", "close").empty());
    REQUIRE(drafts.put("V2", "step:b", {{"entry", ""}}).ok());  // nothing typed any more
    auto setting = (*store)->setting(kTypedDraftsSetting);
    REQUIRE(setting.ok());
    CHECK(setting->value_or("?").empty());  // nothing left behind
}

TEST_CASE("an unreadable drafts setting is reported and the drafts start empty") {
    TempDir dir;
    ManualClock clock;
    auto store = DeviceStore::open(dir.path, clock);
    REQUIRE(store.ok());
    REQUIRE((*store)->set_setting(kTypedDraftsSetting, "{not json").ok());
    TypedDrafts drafts(**store);
    CHECK(drafts.get("V1", "step:a").empty());
    const Status put = drafts.put("V1", "step:a", {{"text", "x"}});
    REQUIRE_FALSE(put.ok());
    CHECK(put.error().code == ErrorCode::corrupt);
    CHECK(drafts.get("V1", "step:a").at("text") == "x");  // and the new draft is kept all the same
    REQUIRE(drafts.put("V1", "step:a", {{"text", "y"}}).ok());
}

}  // namespace fc::test
