// Story 003 in template format 2 (the shipped templates): the handover is the customer's. After the
// steps the technician hands the tablet over; the customer confirms each item and signs, in the
// template's language, and only then the survey opens; the technician takes the tablet back only
// with the PIN. And story 000 on the close screen: no cause the engine would refuse is offered.
#include <doctest/doctest.h>

#include "tablet_fixture.h"

namespace fc::test {

namespace {

// Visit 1 of the demo day: the Dutch fiber job, on an English tablet.
void walk_to_customers_handover(TabletFixture& f) {
    open_visit_to_prechecks(f, f.visit_id(1));
    meet_all_prechecks_and_begin(f);
    walk_all_steps(f, write_test_photo(f.dir.path));
    REQUIRE(f.model->visit().handover_is_customers());
}

bool seen(TabletFixture& f, const std::string& text) {
    for (const std::string& t : f.gui.seen_texts()) {
        if (t.find(text) != std::string::npos) return true;
    }
    return false;
}

}  // namespace

TEST_CASE("format 2: the technician hands over after the steps, the customer confirms each item and signs, then the survey opens") {
    TabletFixture f;
    open_visit_to_prechecks(f, f.visit_id(1));
    meet_all_prechecks_and_begin(f);
    // No signature step any more: the steps end with the hand-over button.
    for (const Step& s : f.model->visit().checklist().steps) CHECK(s.kind != StepKind::Signature);
    f.gui.clear_seen_texts();
    walk_all_steps(f, write_test_photo(f.dir.path));
    CHECK(seen(f, "Hand over to the customer"));

    // The customer's screen, in the template's language (Dutch), with nothing of the technician's.
    CHECK(f.screen() == Screen::CustomerMode);
    CHECK(f.model->visit().phase() == VisitPhase::Handover);
    CHECK(f.model->visit().customer_mode_entered_at().has_value());
    CHECK(seen(f, "Ik begrijp het"));
    CHECK_FALSE(f.gui.find("not-possible"));
    CHECK_FALSE(f.gui.find("back"));
    CHECK_FALSE(f.gui.find("to-customer"));
    CHECK(f.gui.with_prefix("smiley:").empty());

    const auto& items = f.model->visit().checklist().handover;
    REQUIRE(items.back().kind == HandoverItem::Kind::Signature);
    for (std::size_t i = 0; i + 1 < items.size(); ++i) {
        tap(f, "confirm:" + items[i].id);
        CHECK(f.gui.selected("confirm:" + items[i].id));
    }
    CHECK(f.model->visit().customer_todo().size() == 3);
    // An empty pad is no signature, said in the customer's language; the survey stays closed.
    tap(f, "sign:" + items.back().id);
    CHECK(f.message() == "Het handtekeningvak is leeg; zet eerst een handtekening met de vinger.");
    CHECK(f.model->visit().phase() == VisitPhase::Handover);
    tap(f, "message-ok");
    sign_on_pad(f, "signature-pad:" + items.back().id);
    tap(f, "sign:" + items.back().id);

    const Visit& v = f.model->visit();
    REQUIRE(v.phase() == VisitPhase::CustomerSurvey);
    const auto signature = v.handover_answer(items.back().id);
    REQUIRE(signature.has_value());
    CHECK(f.model->store().read_attachment(signature->text).ok());  // stored before it was sealed in
    CHECK(v.attachment_hashes().back() == signature->text);
    CHECK(f.screen() == Screen::CustomerMode);
    CHECK(f.gui.with_prefix("smiley:").size() == 20);
    for (const SurveyQuestion& q : v.checklist().survey) {
        if (q.kind == SurveyKind::Smiley) tap(f, "smiley:" + q.id + ":4");
    }
    tap(f, "submit");
    CHECK(f.model->visit().outcome() == Outcome::Completed);
    CHECK(f.model->visit().survey_status() == SurveyStatus::Submitted);
}

TEST_CASE("format 2: during the customer's handover the tablet goes back to the technician only with the PIN, and reopens in the customer's hands") {
    TabletFixture f;
    walk_to_customers_handover(f);
    const std::string first = "confirm:" + f.model->visit().checklist().handover.front().id;
    tap(f, first);
    tap(f, "technician");
    key_in(f, "9999", "pin");
    tap(f, "pin-ok");
    CHECK(f.screen() == Screen::CustomerMode);  // a wrong PIN keeps the customer's screen
    CHECK_FALSE(f.message().empty());
    tap(f, "message-ok");
    key_in(f, "1234", "pin");
    tap(f, "pin-ok");
    CHECK(f.screen() == Screen::Today);
    CHECK_FALSE(f.model->has_visit());

    // Opened again, the visit is still in the customer's hands with what they confirmed.
    tap(f, "visit:" + f.visit_id(1));
    tap(f, "continue");
    CHECK(f.screen() == Screen::CustomerMode);
    CHECK(f.gui.selected(first));
    // And after a restart too: no technician's handover screen to tap the items on.
    f.reopen();
    CHECK(f.screen() == Screen::CustomerMode);
    CHECK(f.model->visit().phase() == VisitPhase::Handover);
    CHECK(f.gui.selected(first));
}

TEST_CASE("format-1 templates keep today's flow: the technician's handover screen, then customer mode") {
    TabletFixture f(ImVec2(1280, 800), true, Lang::En, format1_templates());
    open_visit_to_prechecks(f, f.visit_id(1));
    meet_all_prechecks_and_begin(f);
    walk_all_steps(f, write_test_photo(f.dir.path));
    CHECK(f.screen() == Screen::Handover);
    CHECK_FALSE(f.model->visit().handover_is_customers());
    CHECK(f.gui.find("to-customer"));
    CHECK_FALSE(f.gui.find("not-possible"));  // the engine refuses every close once the handover began
    confirm_all_handover(f);
    CHECK(f.model->visit().phase() == VisitPhase::CustomerSurvey);
}

TEST_CASE("story 000: with a blocking precheck open the close screen offers only 'customer absent', says why and leads to the prechecks") {
    TabletFixture f;
    const std::string open_patch = f.visit_id(4);  // the demo's fiber visit whose patch nobody confirmed
    open_visit_to_prechecks(f, open_patch);
    tap(f, "not-possible");
    REQUIRE(f.screen() == Screen::Close);
    CHECK(f.gui.find("cause:customer_absent"));
    for (const char* refused : {"precheck_not_met", "equipment_does_not_fit", "network_fault", "other"}) {
        CAPTURE(refused);
        CHECK_FALSE(f.gui.find(std::string("cause:") + refused));
    }
    f.gui.clear_seen_texts();
    f.gui.frame(2);
    const Precheck* patch = f.model->visit().checklist().find_precheck("patch-confirmed");
    REQUIRE(patch != nullptr);
    CHECK(f.gui.find("precheck-open"));
    CHECK(seen(f, patch->title));
    tap(f, "to-prechecks");
    REQUIRE(f.screen() == Screen::Prechecks);

    // Every blocking precheck recorded met: now the other causes are the engine's to take.
    for (const Precheck& p : f.model->visit().checklist().prechecks) {
        if (p.blocking) tap(f, "met:" + p.id);
    }
    tap(f, "not-possible");
    CHECK_FALSE(f.gui.find("precheck-open"));
    tap(f, "cause:network_fault");
    tap(f, "close-not-possible");
    CHECK(f.model->visit().outcome() == Outcome::NotPossible);
    CHECK(f.model->visit().cause()->kind == FailureCause::Kind::NetworkFault);
}

TEST_CASE("story 000 from the day's list: 'record the prechecks' on a visit not yet opened opens it on its prechecks") {
    TabletFixture f;
    tap(f, "visit:" + f.visit_id(4));
    REQUIRE(f.screen() == Screen::VisitOverview);
    tap(f, "not-possible");
    REQUIRE(f.screen() == Screen::Close);
    CHECK(f.model->visit().phase() == VisitPhase::Assigned);
    tap(f, "to-prechecks");
    CHECK(f.screen() == Screen::Prechecks);
    CHECK(f.model->visit().phase() == VisitPhase::Prechecks);
}

}  // namespace fc::test
