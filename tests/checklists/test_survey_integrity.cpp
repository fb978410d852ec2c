// The staged-survey rule (story 4): flags for surveys no customer could have filled in, none for real ones.
#include <doctest/doctest.h>

#include <algorithm>
#include <optional>

#include "checklists/answer.h"
#include "checklists/survey_integrity.h"

namespace {

using fc::EventKind;
using fc::VisitEvent;

struct SurveyScript {
    std::vector<VisitEvent> events;
    std::int64_t mono = 10'000;
    void add(EventKind kind, std::int64_t after_ms, std::string item = {}, std::optional<fc::Answer> value = {}) {
        mono += after_ms;
        VisitEvent e;
        e.seq = static_cast<std::int64_t>(events.size()) + 1;
        e.wall_ms = 1'700'000'000'000 + mono;
        e.mono_ms = mono;
        e.kind = kind;
        e.actor = kind == EventKind::CustomerModeEntered ? fc::Actor::Technician : fc::Actor::Customer;
        e.item = std::move(item);
        e.new_answer = std::move(value);
        events.push_back(e);
    }
    void score(const std::string& q, int s, std::int64_t after_ms) {
        add(EventKind::SurveyAnswered, after_ms, q, fc::Answer::score(s));
    }
};

std::vector<std::string> codes(const std::vector<fc::SurveyFlag>& flags) {
    std::vector<std::string> out;
    for (const auto& f : flags) out.push_back(f.code);
    return out;
}

SurveyScript survey(const std::vector<int>& scores, std::int64_t gap_ms, std::int64_t first_after_ms) {
    SurveyScript s;
    s.add(EventKind::HandoverBegun, 0);
    s.add(EventKind::CustomerModeEntered, 1000);
    const char* questions[] = {"appointment", "arrival", "explanation", "result"};
    for (std::size_t i = 0; i < scores.size(); ++i) s.score(questions[i], scores[i], i == 0 ? first_after_ms : gap_ms);
    s.add(EventKind::SurveySubmitted, gap_ms);
    return s;
}

}  // namespace

TEST_CASE("a survey answered at a customer's reading pace gets no integrity flag") {
    const auto s = survey({4, 5, 3, 4}, 4000, 6000);
    CHECK(fc::survey_integrity_flags(s.events).empty());
}

TEST_CASE("identical answers are not suspicious on their own when the customer took time for each") {
    const auto s = survey({5, 5, 5, 5}, 3000, 5000);
    CHECK(fc::survey_integrity_flags(s.events).empty());
}

TEST_CASE("four questions answered and submitted within seconds of the hand-over are flagged impossible_pace") {
    const auto s = survey({4, 5, 3, 4}, 700, 800);
    const auto flags = fc::survey_integrity_flags(s.events);
    CHECK(codes(flags) == std::vector<std::string>{"impossible_pace"});
    CHECK(flags[0].message.find("4 survey questions") != std::string::npos);
}

TEST_CASE("all answers identical and each instant is flagged identical_and_instant, besides the pace") {
    const auto s = survey({5, 5, 5, 5}, 300, 400);
    const auto c = codes(fc::survey_integrity_flags(s.events));
    CHECK(std::count(c.begin(), c.end(), "identical_and_instant") == 1);
    CHECK(std::count(c.begin(), c.end(), "impossible_pace") == 1);
}

TEST_CASE("identical instant answers are flagged even when the submit waited long enough for the pace rule") {
    auto s = survey({1, 1, 1, 1}, 200, 300);
    s.events.back().mono_ms += 60'000;  // submit a minute later
    const auto c = codes(fc::survey_integrity_flags(s.events));
    CHECK(c == std::vector<std::string>{"identical_and_instant"});
}

TEST_CASE("a monotonic clock that runs backwards during the survey is flagged clock_went_back") {
    auto s = survey({4, 5, 3, 4}, 4000, 6000);
    s.events[3].mono_ms = s.events[1].mono_ms - 5000;
    CHECK(codes(fc::survey_integrity_flags(s.events)) == std::vector<std::string>{"clock_went_back"});
}

TEST_CASE("finding 7: a staged survey that starts with a 6.5 s pause and then four taps 150 ms apart is flagged") {
    const auto s = survey({5, 5, 5, 5}, 150, 6500);
    const auto flags = fc::survey_integrity_flags(s.events);
    const auto c = codes(flags);
    CHECK(std::count(c.begin(), c.end(), "impossible_pace") == 1);
    CHECK(std::count(c.begin(), c.end(), "identical_and_instant") == 1);
    // The measured figures: 3 gaps of 150 ms and a 150 ms submit after the first answer.
    CHECK(flags[0].message.find("600 ms after the customer's first answer") != std::string::npos);
    // Not identical, the same pause and taps: still impossible_pace.
    CHECK(codes(fc::survey_integrity_flags(survey({4, 2, 5, 3}, 150, 6500).events)) ==
          std::vector<std::string>{"impossible_pace"});
}

TEST_CASE("finding 7: a 1 ms dip of the monotonic clock is flagged beside the pace checks and does not switch them off") {
    auto s = survey({5, 5, 5, 5}, 150, 6500);
    s.events[4].mono_ms = s.events[3].mono_ms - 1;  // the third answer reads 1 ms before the second
    for (std::size_t i = 5; i < s.events.size(); ++i) s.events[i].mono_ms = s.events[i - 1].mono_ms + 150;
    const auto flags = fc::survey_integrity_flags(s.events);
    const auto c = codes(flags);
    CHECK(std::count(c.begin(), c.end(), "clock_went_back") == 1);
    CHECK(std::count(c.begin(), c.end(), "impossible_pace") == 1);
    CHECK(std::count(c.begin(), c.end(), "identical_and_instant") == 1);
    CHECK(flags[0].message.find("by up to 1 ms") != std::string::npos);
}

TEST_CASE("a dip in a survey answered at a reading pace gives clock_went_back and nothing else") {
    auto s = survey({5, 5, 5, 5}, 4000, 6000);
    s.events[4].mono_ms = s.events[3].mono_ms - 1;
    for (std::size_t i = 5; i < s.events.size(); ++i) s.events[i].mono_ms = s.events[i - 1].mono_ms + 4000;
    CHECK(codes(fc::survey_integrity_flags(s.events)) == std::vector<std::string>{"clock_went_back"});
}

TEST_CASE("a calm customer who waits before the first answer and then reads every question is not flagged") {
    CHECK(fc::survey_integrity_flags(survey({4, 5, 3, 4}, 2500, 20'000).events).empty());
}

TEST_CASE("finding 6: a survey declined with the PIN after the customer answered is flagged customer_answers_discarded") {
    SurveyScript s;
    s.add(EventKind::CustomerModeEntered, 0);
    s.score("appointment", 1, 5000);
    s.score("arrival", 1, 4000);
    s.score("explanation", 2, 4000);
    s.score("result", 1, 4000);
    for (const char* q : {"appointment", "arrival", "explanation", "result"}) {
        s.add(EventKind::AnswerDiscarded, 0, q);  // one decision: all at the same moment
        s.events.back().actor = fc::Actor::Technician;
        s.events.back().discard = fc::DiscardReason::SurveyDeclined;
        // The score the question held: what the customer gave.
        for (auto it = s.events.rbegin(); it != s.events.rend(); ++it) {
            if (it->kind == EventKind::SurveyAnswered && it->item == q) {
                s.events.back().old_answer = it->new_answer;
                break;
            }
        }
    }
    s.add(EventKind::SurveyDeclined, 0);
    s.events.back().actor = fc::Actor::Technician;
    const auto flags = fc::survey_integrity_flags(s.events);
    REQUIRE(codes(flags) == std::vector<std::string>{"customer_answers_discarded"});
    CHECK(flags[0].message.find("appointment 1, arrival 1, explanation 2, result 1") != std::string::npos);
    const auto kept = fc::discarded_survey_answers(s.events);
    REQUIRE(kept.size() == 4);
    CHECK(kept[2].question_id == "explanation");
    CHECK(kept[2].answer == fc::Answer::score(2));
}

TEST_CASE("a survey declined before any answer, or never handed over, gets no integrity flags") {
    SurveyScript declined;
    declined.add(EventKind::CustomerModeEntered, 0);
    declined.add(EventKind::SurveyDeclined, 100);
    CHECK(fc::survey_integrity_flags(declined.events).empty());
    SurveyScript never;
    never.add(EventKind::Opened, 0);
    never.add(EventKind::ClosedNotPossible, 100);
    CHECK(fc::survey_integrity_flags(never.events).empty());
}

TEST_CASE("only the last customer-mode session counts when the technician took the tablet back once") {
    SurveyScript s;
    s.add(EventKind::CustomerModeEntered, 0);
    s.score("appointment", 5, 100);  // a quick first session, abandoned
    s.add(EventKind::CustomerModeEntered, 60'000);
    s.score("appointment", 4, 5000);
    s.score("arrival", 5, 4000);
    s.add(EventKind::SurveySubmitted, 4000);
    CHECK(fc::survey_integrity_flags(s.events).empty());
}

TEST_CASE("template format 2: the survey's pace counts from the customer's last handover confirmation, not from the handover") {
    // No CustomerModeEntered in format 2: the customer confirmed (and signed) slowly, then ran
    // down the smileys. The slow handover must not hide the instant survey.
    SurveyScript s;
    s.add(EventKind::HandoverBegun, 0);
    s.add(EventKind::HandoverConfirmed, 20'000, "wifi-details");
    s.add(EventKind::HandoverConfirmed, 20'000, "customer-signature", fc::Answer::attachment(std::string(64, 'a')));
    for (const char* q : {"appointment", "arrival", "explanation", "result"}) s.score(q, 5, 300);
    s.add(EventKind::SurveySubmitted, 300);
    const auto c = codes(fc::survey_integrity_flags(s.events));
    CHECK(std::count(c.begin(), c.end(), "impossible_pace") == 1);
    CHECK(std::count(c.begin(), c.end(), "identical_and_instant") == 1);
    // The same customer at a reading pace is not flagged.
    SurveyScript calm;
    calm.add(EventKind::HandoverBegun, 0);
    calm.add(EventKind::HandoverConfirmed, 20'000, "wifi-details");
    for (const char* q : {"appointment", "arrival", "explanation", "result"}) calm.score(q, 4, 4000);
    calm.add(EventKind::SurveySubmitted, 3000);
    CHECK(fc::survey_integrity_flags(calm.events).empty());
}
