// The survey says only what is true about the customer's answers (story 003): where they go from this
// tablet (offline, connected, practice) and that the technician does not see them.
#include <algorithm>
#include <set>
#include <string>

#include <doctest/doctest.h>

#include "app/tablet/answer_route.h"
#include "tablet_fixture.h"

namespace fc::test {

namespace {

// Every string the survey screen draws now, after the app has settled.
std::set<std::string> survey_texts(TabletFixture& f) {
    f.gui.clear_seen_texts();
    f.gui.frame(2);
    REQUIRE(f.screen() == Screen::CustomerMode);
    return f.gui.seen_texts();
}

bool drawn(const std::set<std::string>& texts, const std::string& s) { return texts.count(s) > 0; }

bool any_contains(const std::set<std::string>& texts, const std::string& part) {
    return std::any_of(texts.begin(), texts.end(), [&](const std::string& t) { return t.find(part) != std::string::npos; });
}

void walk_to_survey(TabletFixture& f) {
    open_visit_to_prechecks(f, f.visit_id(1));
    meet_all_prechecks_and_begin(f);
    walk_all_steps(f, write_test_photo(f.dir.path));
    confirm_all_handover(f);
}

// The one line about where the answers go: exactly `route`'s, none of the others.
void check_route_line(const std::set<std::string>& texts, Lang lang, const char* route) {
    CAPTURE(route);
    for (const char* key : {"survey.route.offline", "survey.route.connected", "survey.route.practice"}) {
        CAPTURE(key);
        CHECK(drawn(texts, text(lang, key)) == (std::string(key) == route));
    }
    CHECK(drawn(texts, text(lang, "survey.private")));
    // The old promise, true only sometimes, is gone in both languages.
    CHECK_FALSE(any_contains(texts, "straight to our office"));
    CHECK_FALSE(any_contains(texts, "direct naar ons kantoor"));
}

}  // namespace

TEST_CASE("offline, the survey says the answers wait on the tablet and the technician does not see them") {
    TabletFixture f;  // no depot: the tablet is not enrolled
    walk_to_survey(f);
    // The demo's first visit is Dutch: the customer reads Dutch, whatever the technician's language.
    check_route_line(survey_texts(f), Lang::Nl, "survey.route.offline");
}

TEST_CASE("the survey says the answers go to the office only while the depot answers, and says so again when it stops") {
    TabletFixture f;
    SyncStatus status;
    status.enrolled = true;
    status.depot_url = "http://127.0.0.1:9";
    status.last_contact_ms = f.clock.now().wall_ms - 10'000;
    f.hooks = SyncHooks{[&] { return status; }, [] {}, {}};
    f.reopen();
    walk_to_survey(f);
    status.last_contact_ms = f.clock.now().wall_ms - 10'000;
    check_route_line(survey_texts(f), Lang::Nl, "survey.route.connected");

    status.last_error = "the depot did not answer";  // the next pass failed: the tablet is offline now
    check_route_line(survey_texts(f), Lang::Nl, "survey.route.offline");

    status.last_error.clear();
    status.last_contact_ms = f.clock.now().wall_ms - 20 * 60 * 1000;  // no answer for twenty minutes
    check_route_line(survey_texts(f), Lang::Nl, "survey.route.offline");
}

TEST_CASE("in practice the survey says nothing is kept or sent, and does not thank the customer for saved answers") {
    TabletFixture f;
    SyncStatus status;  // even with a depot in reach, practice answers go nowhere
    status.enrolled = true;
    status.last_contact_ms = f.clock.now().wall_ms;
    f.hooks = SyncHooks{[&] { return status; }, [] {}, {}};
    f.reopen();
    tap(f, "practice");
    tap(f, "template:fiber-modem-install-en:3");
    REQUIRE(f.model->practice());
    meet_all_prechecks_and_begin(f);
    walk_all_steps(f, write_test_photo(f.dir.path));
    confirm_all_handover(f);
    status.last_contact_ms = f.clock.now().wall_ms;
    check_route_line(survey_texts(f), Lang::En, "survey.route.practice");

    for (const SurveyQuestion& q : f.model->visit().checklist().survey) {
        if (q.kind == SurveyKind::Smiley) tap(f, "smiley:" + q.id + ":4");
    }
    tap(f, "submit");
    // The practice receipt comes first, marked as practice; nothing thanks the customer for saved answers.
    REQUIRE(f.screen() == Screen::Receipt);
    f.gui.clear_seen_texts();
    f.gui.frame(2);
    CHECK(f.gui.find("receipt-practice"));
    CHECK_FALSE(drawn(f.gui.seen_texts(), text(Lang::En, "survey.hand_back")));
}

TEST_CASE("where the answers go: connected only after a recent answer from the depot without a problem") {
    const std::int64_t now = 1'700'000'000'000;
    SyncStatus s;
    CHECK(answer_route(false, s, now) == AnswerRoute::Offline);  // not enrolled
    s.enrolled = true;
    CHECK(answer_route(false, s, now) == AnswerRoute::Offline);  // never reached
    s.last_contact_ms = now - 30'000;
    CHECK(answer_route(false, s, now) == AnswerRoute::Connected);
    CHECK(answer_route(true, s, now) == AnswerRoute::Practice);
    s.last_error = "connection refused";
    CHECK(answer_route(false, s, now) == AnswerRoute::Offline);
    s.last_error.clear();
    s.last_contact_ms = now - 6 * 60 * 1000;
    CHECK(answer_route(false, s, now) == AnswerRoute::Offline);
}

}  // namespace fc::test
