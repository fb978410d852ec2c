// Whole visits walked by tapping the real screens: completed, not possible, survey declined.
#include <doctest/doctest.h>

#include "catalogue/catalogue.h"
#include "catalogue/customer_message.h"
#include "tablet_fixture.h"

namespace fc::test {

namespace {

Expected<std::vector<OutboxItem>> outbox_of(TabletFixture& f) { return f.model->store().outbox(); }

VisitSummary summary_of(TabletFixture& f, const std::string& visit_id) {
    auto visits = f.model->store().list_visits();
    REQUIRE(visits.ok());
    for (const VisitSummary& s : *visits) {
        if (s.assignment.visit_id == visit_id) return s;
    }
    FAIL("visit not in the store: " << visit_id);
    return {};
}

}  // namespace

TEST_CASE("a visit walked through every screen ends completed, sealed, surveyed and in the outbox") {
    TabletFixture f;
    const std::string id = f.visit_id(1);
    const auto photo = write_test_photo(f.dir.path);
    open_visit_to_prechecks(f, id);
    meet_all_prechecks_and_begin(f);
    walk_all_steps(f, photo);
    confirm_all_handover(f);

    for (const SurveyQuestion& q : f.model->visit().checklist().survey) {
        if (q.kind == SurveyKind::Smiley) tap(f, "smiley:" + q.id + ":4");
        if (q.kind == SurveyKind::Comment) {
            tap(f, "comment:" + q.id);
            f.gui.type("Vriendelijke monteur, alles goed uitgelegd.");
        }
    }
    tap(f, "submit");
    CHECK(f.screen() == Screen::Receipt);  // the customer's receipt, still the customer's
    CHECK(f.model->visit().survey_status() == SurveyStatus::Submitted);
    tap(f, "technician");
    key_in(f, "1234", "pin");
    tap(f, "pin-ok");
    REQUIRE_MESSAGE(f.screen() == Screen::Close, f.message());

    const VisitSummary s = summary_of(f, id);
    CHECK(s.phase == VisitPhase::Closed);
    CHECK(s.outcome == Outcome::Completed);
    CHECK(s.sealed);
    auto stored = f.model->store().load_visit(id);
    REQUIRE(stored.ok());
    CHECK(stored->survey_status() == SurveyStatus::Submitted);
    CHECK(stored->survey_answer("comment").has_value());
    CHECK(stored->customer_todo().size() == 3);
    // The photo and the signature are stored by hash and readable.
    for (const Step& step : stored->checklist().steps) {
        if (step.kind != StepKind::Photo && step.kind != StepKind::Signature) continue;
        const auto a = stored->step_answer(step.id);
        REQUIRE(a.has_value());
        // Record format 4 lists a photo step's photos; a signature (and an older photo) is one attachment.
        const std::vector<std::string> files = a->kind == Answer::Kind::Photos ? a->hashes : std::vector<std::string>{a->text};
        REQUIRE(!files.empty());
        for (const std::string& h : files) CHECK(f.model->store().read_attachment(h).ok());
    }
    auto outbox = outbox_of(f);
    REQUIRE(outbox.ok());
    REQUIRE(outbox->size() == 1);
    CHECK(outbox->front().visit_id == id);
    CHECK(outbox->front().seal == stored->seal());

    tap(f, "done");
    CHECK(f.screen() == Screen::Today);
    CHECK(!f.model->has_visit());
}

TEST_CASE("a blocking precheck not met on arrival closes the visit as not possible with that precheck as cause") {
    TabletFixture f;
    const std::string id = f.visit_id(1);
    open_visit_to_prechecks(f, id);
    // A glove slip is harmless: "not met" on a blocking precheck asks first, and cancel records nothing.
    tap(f, "not-met:fiber-box-present");
    REQUIRE(f.gui.find("confirm-not-met"));
    tap(f, "cancel-not-met");
    CHECK(!f.gui.find("confirm-not-met"));
    CHECK(!f.model->visit().precheck_answer("fiber-box-present").has_value());
    CHECK(f.model->visit().phase() == VisitPhase::Prechecks);

    tap(f, "not-met:fiber-box-present");
    tap(f, "confirm-not-met");
    REQUIRE_MESSAGE(f.screen() == Screen::Close, f.message());
    CHECK(f.gui.find("done"));  // the summary, not the cause chooser

    auto stored = f.model->store().load_visit(id);
    REQUIRE(stored.ok());
    CHECK(stored->phase() == VisitPhase::Closed);
    CHECK(stored->outcome() == Outcome::NotPossible);
    REQUIRE(stored->cause().has_value());
    CHECK(stored->cause()->kind == FailureCause::Kind::PrecheckNotMet);
    CHECK(stored->cause()->precheck_id == "fiber-box-present");
    // The customer is told the true cause in the customer's words: the template's sentence for it, or
    // the neutral one for its moment, never the technician's title of the check.
    const Precheck* p = stored->checklist().find_precheck("fiber-box-present");
    const std::string message = customer_message(*stored, CompanyContact{}).text();
    CHECK(message.find(p->title) == std::string::npos);
    CHECK(message.find(p->customer_text.empty() ? text(customer_lang(stored->checklist()), "customer.precheck.on_arrival") : p->customer_text) !=
          std::string::npos);
    CHECK(stored->sealed());
    auto outbox = f.model->store().outbox();
    REQUIRE(outbox.ok());
    REQUIRE(outbox->size() == 1);
    CHECK(outbox->front().visit_id == id);
}

TEST_CASE("the steps cannot begin while a precheck is unanswered - the screen shows the engine's sentence") {
    TabletFixture f;
    open_visit_to_prechecks(f, f.visit_id(1));
    tap(f, "begin-steps");
    CHECK(f.screen() == Screen::Prechecks);
    CHECK(f.message().find("has not been answered yet") != std::string::npos);
    CHECK(f.gui.find("message-ok"));
}

TEST_CASE("customer absent closes a visit from its overview as not possible, with the cause chosen from the list") {
    TabletFixture f;
    const std::string id = f.visit_id(2);
    tap(f, "visit:" + id);
    tap(f, "not-possible");
    REQUIRE(f.screen() == Screen::Close);
    tap(f, "close-not-possible");  // no cause chosen yet
    CHECK(!f.message().empty());
    CHECK(f.model->visit().phase() != VisitPhase::Closed);
    tap(f, "cause:customer_absent");
    tap(f, "close-not-possible");
    REQUIRE_MESSAGE(f.model->visit().phase() == VisitPhase::Closed, f.message());
    CHECK(f.model->visit().cause()->kind == FailureCause::Kind::CustomerAbsent);
}

TEST_CASE("the survey declined with the technician PIN closes the visit as 'survey not filled in', keeping no score") {
    TabletFixture f;
    const std::string id = f.visit_id(1);
    open_visit_to_prechecks(f, id);
    meet_all_prechecks_and_begin(f);
    walk_all_steps(f, write_test_photo(f.dir.path));
    confirm_all_handover(f);

    tap(f, "smiley:rate-arrival:2");  // the customer started, then gave the tablet back
    CHECK(f.gui.selected("smiley:rate-arrival:2"));
    tap(f, "technician");
    key_in(f, "9999", "pin");
    tap(f, "pin-ok");
    CHECK(f.screen() == Screen::CustomerMode);
    CHECK(f.message() == "Verkeerde pincode.");  // the customer's (the template's) language
    key_in(f, "1234", "pin");
    tap(f, "pin-ok");
    // A decline shows the receipt first, to whoever holds the tablet.
    REQUIRE_MESSAGE(f.screen() == Screen::Receipt, f.message());
    tap(f, "hand-back");
    REQUIRE_MESSAGE(f.screen() == Screen::Close, f.message());

    auto stored = f.model->store().load_visit(id);
    REQUIRE(stored.ok());
    CHECK(stored->outcome() == Outcome::Completed);
    CHECK(stored->survey_status() == SurveyStatus::NotFilledIn);
    CHECK(!stored->survey_answer("rate-arrival").has_value());
    CHECK(stored->sealed());
}

}  // namespace fc::test
