// The survey is the customer's: once the tablet is back with the technician, no technician screen
// shows a score, a question of the survey or the customer's comment, before the seal or after it.
#include <algorithm>
#include <cctype>

#include <doctest/doctest.h>

#include "tablet_fixture.h"

namespace fc::test {
namespace {

const std::string kComment = "The installer was rude ZEBRA-7731";

void walk_to_survey(TabletFixture& f, int visit) {
    open_visit_to_prechecks(f, f.visit_id(visit));
    meet_all_prechecks_and_begin(f);
    walk_all_steps(f, write_test_photo(f.dir.path));
    confirm_all_handover(f);
}

// The customer answers every smiley with 2 and writes the comment.
void customer_answers(TabletFixture& f) {
    for (const SurveyQuestion& q : f.model->visit().checklist().survey) {
        if (q.kind == SurveyKind::Smiley) {
            tap(f, "smiley:" + q.id + ":2");
        } else {
            tap(f, "comment:" + q.id);
            f.gui.type(kComment);
        }
    }
    f.gui.frame();
}

// Everything a technician screen drew since the last clear: none of it may be the survey's.
void check_nothing_of_the_survey(TabletFixture& f, const ChecklistTemplate& t, const char* where) {
    INFO("where: ", std::string(where));
    const Strings en(Lang::En);
    const Strings nl(Lang::Nl);
    std::vector<std::string> forbidden = {kComment, "ZEBRA-7731", en("survey.very_unhappy"), en("survey.very_happy"),
                                          nl("survey.very_unhappy"), nl("survey.very_happy")};
    for (const SurveyQuestion& q : t.survey) forbidden.push_back(q.title);
    for (const std::string& s : f.gui.seen_texts()) {
        for (const std::string& bad : forbidden) CHECK_MESSAGE(s.find(bad) == std::string::npos, "drawn: ", s);
        std::string lower = s;
        std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
        CHECK_MESSAGE(lower.find("score") == std::string::npos, "drawn: ", s);
    }
    CHECK(f.gui.with_prefix("smiley:").empty());
    CHECK(f.gui.with_prefix("comment:").empty());
}

// Every technician screen a closed visit can be seen on: its summary, Today, the overview, Sync,
// and the same after a restart.
void visit_technician_screens(TabletFixture& f, const std::string& visit_id, const ChecklistTemplate& t) {
    // After a decline the receipt comes first, to whoever holds the tablet.
    if (f.screen() == Screen::Receipt) tap(f, "hand-back");
    REQUIRE(f.screen() == Screen::Close);
    f.gui.frame(2);
    check_nothing_of_the_survey(f, t, "summary");
    tap(f, "done");
    REQUIRE(f.screen() == Screen::Today);
    tap(f, "visit:" + visit_id);
    REQUIRE(f.screen() == Screen::VisitOverview);
    tap(f, "continue");
    REQUIRE(f.screen() == Screen::Close);
    tap(f, "done");
    tap(f, "sync");
    REQUIRE(f.screen() == Screen::Sync);
    tap(f, "back");
    check_nothing_of_the_survey(f, t, "today, overview, sync");
    f.reopen();
    tap(f, "visit:" + visit_id);
    tap(f, "continue");
    check_nothing_of_the_survey(f, t, "after a restart");
}

}  // namespace

TEST_CASE("after the customer sends the survey, no technician screen shows a score, a survey question or the comment") {
    TabletFixture f;
    walk_to_survey(f, 1);
    const ChecklistTemplate t = f.model->visit().checklist();
    customer_answers(f);
    tap(f, "submit");
    REQUIRE(f.model->visit().survey_status() == SurveyStatus::Submitted);
    REQUIRE(f.model->visit().survey_answer("comment").has_value());  // the comment was recorded
    tap(f, "technician");  // the tap's own frames still show the customer's screen
    f.gui.clear_seen_texts();
    f.gui.frame(2);
    check_nothing_of_the_survey(f, t, "PIN pad after the survey was sent");
    key_in(f, "1234", "pin");
    tap(f, "pin-ok");
    visit_technician_screens(f, f.visit_id(1), t);
}

TEST_CASE("when the technician takes the tablet back before the survey is sent, nothing the customer chose shows") {
    TabletFixture f;
    walk_to_survey(f, 1);
    const ChecklistTemplate t = f.model->visit().checklist();
    customer_answers(f);
    tap(f, "technician");
    f.gui.clear_seen_texts();
    f.gui.frame(2);
    check_nothing_of_the_survey(f, t, "PIN pad before the survey was sent");
    key_in(f, "1234", "pin");
    tap(f, "pin-ok");
    REQUIRE(f.model->visit().phase() == VisitPhase::Closed);
    visit_technician_screens(f, f.visit_id(1), t);
}

TEST_CASE("in practice, the trainer's summary after the survey shows nothing of the survey either") {
    TabletFixture f;
    tap(f, "practice");
    const auto refs = f.model->templates();
    REQUIRE(refs.ok());
    const auto fiber = std::find_if(refs->begin(), refs->end(), [](const TemplateRef& r) { return r.id == "fiber-modem-install-en"; });
    REQUIRE(fiber != refs->end());
    tap(f, "template:" + fiber->id + ":" + std::to_string(fiber->version));
    if (f.screen() == Screen::VisitOverview) tap(f, "start-visit");
    if (f.screen() == Screen::Prechecks) meet_all_prechecks_and_begin(f);
    walk_all_steps(f, write_test_photo(f.dir.path));
    confirm_all_handover(f);
    const ChecklistTemplate t = f.model->visit().checklist();
    customer_answers(f);
    tap(f, "submit");
    tap(f, "technician");
    f.gui.clear_seen_texts();
    key_in(f, "1234", "pin");
    tap(f, "pin-ok");
    REQUIRE(f.screen() == Screen::Close);
    f.gui.frame(2);
    check_nothing_of_the_survey(f, t, "practice summary");
}

}  // namespace fc::test
