// The survey is the customer's: reachable only after the handover, empty when opened, left only with the PIN.
#include <doctest/doctest.h>

#include "tablet_fixture.h"

namespace fc::test {

namespace {

void walk_to_handover(TabletFixture& f) {
    open_visit_to_prechecks(f, f.visit_id(1));
    meet_all_prechecks_and_begin(f);
    walk_all_steps(f, write_test_photo(f.dir.path));
}

bool has_any_target_with_prefix(TabletFixture& f, const std::string& prefix) { return !f.gui.with_prefix(prefix).empty(); }

}  // namespace

TEST_CASE("format 1: the survey cannot be reached before the technician's handover is confirmed item by item") {
    // Format-1 templates keep the old order: the technician's handover screen, then customer mode.
    TabletFixture f(ImVec2(1280, 800), true, Lang::En, format1_templates());
    open_visit_to_prechecks(f, f.visit_id(1));
    // No screen before the handover offers a way into customer mode.
    CHECK(!f.gui.find("to-customer"));
    meet_all_prechecks_and_begin(f);
    CHECK(!f.gui.find("to-customer"));
    CHECK(!has_any_target_with_prefix(f, "smiley:"));
    walk_all_steps(f, write_test_photo(f.dir.path));

    // On the handover the button is there, but the engine refuses until every item is confirmed.
    tap(f, "to-customer");
    CHECK(f.screen() == Screen::Handover);
    CHECK(f.message().find("has not confirmed") != std::string::npos);
    CHECK(f.model->visit().phase() == VisitPhase::Handover);
    const auto& items = f.model->visit().checklist().handover;
    for (std::size_t i = 0; i + 1 < items.size(); ++i) tap(f, "confirm:" + items[i].id);
    tap(f, "to-customer");
    CHECK(f.screen() == Screen::Handover);
    tap(f, "confirm:" + items.back().id);
    tap(f, "to-customer");
    CHECK(f.screen() == Screen::CustomerMode);
    CHECK(f.model->visit().customer_mode_entered_at().has_value());
}

TEST_CASE("the handover builds the customer's to-do list as items are confirmed") {
    TabletFixture f;
    walk_to_handover(f);
    CHECK(f.model->visit().customer_todo().empty());
    tap(f, "confirm:wifi-details");
    CHECK(f.gui.selected("confirm:wifi-details"));
    CHECK(f.model->visit().customer_todo().size() == 1);
    tap(f, "confirm:modem-lights");  // explains, adds nothing to do
    CHECK(f.model->visit().customer_todo().size() == 1);
    tap(f, "confirm:old-modem-return");
    CHECK(f.model->visit().customer_todo().size() == 2);
}

TEST_CASE("the survey opens with no answer selected on any smiley") {
    TabletFixture f;
    walk_to_handover(f);
    confirm_all_handover(f);
    int smileys = 0;
    for (const SurveyQuestion& q : f.model->visit().checklist().survey) {
        if (q.kind != SurveyKind::Smiley) continue;
        for (int score = 1; score <= 5; ++score) {
            const std::string id = "smiley:" + q.id + ":" + std::to_string(score);
            const HitTarget* t = f.gui.find(id);
            REQUIRE_MESSAGE(t, id);
            CHECK_FALSE(t->selected);
            ++smileys;
        }
        CHECK(!f.model->visit().survey_answer(q.id).has_value());
    }
    CHECK(smileys == 20);
    // One tap selects exactly that face, and only that one.
    tap(f, "smiley:rate-result:3");
    CHECK(f.gui.selected("smiley:rate-result:3"));
    CHECK(f.gui.with_prefix("smiley:rate-result:").size() == 5);
    for (const HitTarget* t : f.gui.with_prefix("smiley:rate-result:")) CHECK(t->selected == (t->id == "smiley:rate-result:3"));
}

TEST_CASE("customer mode has no technician controls and cannot be left without the technician PIN") {
    TabletFixture f;
    walk_to_handover(f);
    confirm_all_handover(f);
    // Nothing but the survey, Send, and the PIN-guarded Technician button.
    for (const char* forbidden : {"back", "back-to-today", "not-possible", "next", "done", "sync", "practice"}) {
        CHECK_MESSAGE(!f.gui.find(forbidden), forbidden);
    }
    tap(f, "technician");
    REQUIRE(f.gui.find("pin-ok"));
    tap(f, "pin-cancel");
    CHECK(f.screen() == Screen::CustomerMode);
    CHECK(!f.gui.find("pin-ok"));

    tap(f, "technician");
    tap(f, "pin-ok");  // no PIN typed
    CHECK(f.screen() == Screen::CustomerMode);
    key_in(f, "4321", "pin");
    tap(f, "pin-ok");
    CHECK(f.screen() == Screen::CustomerMode);
    CHECK(f.model->visit().phase() == VisitPhase::CustomerSurvey);
    CHECK(!f.message().empty());

    // A restart (battery, crash) hands the tablet back to the customer, not to the technician.
    f.reopen();
    CHECK(f.screen() == Screen::CustomerMode);
    CHECK(!f.gui.find("back"));
}

TEST_CASE("the survey cannot be sent half answered - the engine's sentence is shown in the customer's language") {
    TabletFixture f;
    walk_to_handover(f);
    confirm_all_handover(f);
    tap(f, "smiley:rate-appointment:5");
    tap(f, "submit");
    CHECK(f.screen() == Screen::CustomerMode);
    CHECK(f.model->visit().phase() == VisitPhase::CustomerSurvey);
    // The template is Dutch, so the customer reads a Dutch lead even with an English technician UI.
    CHECK(f.message().rfind("Beantwoord", 0) == 0);
}

TEST_CASE("after the customer sent the survey, the tablet goes back to the technician only with the PIN") {
    TabletFixture f;
    walk_to_handover(f);
    confirm_all_handover(f);
    for (const SurveyQuestion& q : f.model->visit().checklist().survey) {
        if (q.kind == SurveyKind::Smiley) tap(f, "smiley:" + q.id + ":5");
    }
    tap(f, "submit");
    REQUIRE(f.model->visit().survey_status() == SurveyStatus::Submitted);
    CHECK(f.screen() == Screen::Receipt);  // the customer's receipt, still the customer's
    CHECK(!f.gui.find("submit"));
    tap(f, "technician");
    key_in(f, "1111", "pin");
    tap(f, "pin-ok");
    CHECK(f.screen() == Screen::CustomerMode);
    key_in(f, "1234", "pin");
    tap(f, "pin-ok");
    CHECK(f.screen() == Screen::Close);
}

}  // namespace fc::test
