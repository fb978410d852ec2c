#include "survey_integrity.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <set>

namespace fc {
namespace {

// The survey's last session: from where it opened to the submit.
struct Session {
    std::size_t entered = 0;
    std::size_t submitted = 0;
};

std::optional<Session> last_submitted_session(const std::vector<VisitEvent>& events) {
    // Where the survey opened: the hand-over to the customer (template format 1), or the customer's
    // last handover confirmation (format 2, where customer mode began with the handover and the
    // survey opens after it). Either is the last event of these kinds before any survey answer;
    // earlier sessions ended without a submit and do not count.
    std::size_t entered = events.size();
    for (std::size_t i = 0; i < events.size(); ++i) {
        const EventKind k = events[i].kind;
        if (k == EventKind::CustomerModeEntered || k == EventKind::HandoverConfirmed || k == EventKind::HandoverBegun) {
            entered = i;
        }
    }
    if (entered == events.size()) return std::nullopt;
    for (std::size_t i = entered + 1; i < events.size(); ++i) {
        if (events[i].kind == EventKind::SurveySubmitted) return Session{entered, i};
    }
    return std::nullopt;
}

// Milliseconds from event `from` to event `to` counted only where the clock ran forward: a step
// back says nothing about how long the customer took, so it adds nothing and hides nothing.
std::int64_t forward_ms(const std::vector<VisitEvent>& events, std::size_t from, std::size_t to) {
    std::int64_t total = 0;
    for (std::size_t i = from + 1; i <= to; ++i) total += std::max<std::int64_t>(0, events[i].mono_ms - events[i - 1].mono_ms);
    return total;
}

std::optional<SurveyFlag> clock_went_back(const std::vector<VisitEvent>& events, const Session& s) {
    int dips = 0;
    std::int64_t deepest_ms = 0;
    std::int64_t first_seq = 0;
    for (std::size_t i = s.entered + 1; i <= s.submitted; ++i) {
        const std::int64_t step = events[i].mono_ms - events[i - 1].mono_ms;
        if (step >= 0) continue;
        if (dips++ == 0) first_seq = events[i].seq;
        deepest_ms = std::max(deepest_ms, -step);
    }
    if (dips == 0) return std::nullopt;
    return SurveyFlag{"clock_went_back", "the tablet's monotonic clock went back " + std::to_string(dips) +
                                             " time(s) during the survey (first at event " + std::to_string(first_seq) +
                                             ", by up to " + std::to_string(deepest_ms) +
                                             " ms); its pace was judged on the stretches where the clock ran forward"};
}

// What the customer did in the session: the questions answered, the final smiley per question and
// the gaps between consecutive answers (a gap across a clock dip is not measured).
struct SessionAnswers {
    std::set<std::string> questions;
    std::map<std::string, double> final_scores;
    std::size_t first_answer = 0;
    int answers = 0;
    int gaps_measured = 0;
    std::int64_t longest_gap_ms = 0;
};

SessionAnswers answers_in(const std::vector<VisitEvent>& events, const Session& s) {
    SessionAnswers out;
    std::optional<std::size_t> previous;
    for (std::size_t i = s.entered + 1; i < s.submitted; ++i) {
        const VisitEvent& e = events[i];
        if (e.kind != EventKind::SurveyAnswered) continue;
        if (out.answers++ == 0) out.first_answer = i;
        out.questions.insert(e.item);
        if (previous && e.mono_ms >= events[*previous].mono_ms) {
            ++out.gaps_measured;
            out.longest_gap_ms = std::max(out.longest_gap_ms, e.mono_ms - events[*previous].mono_ms);
        }
        previous = i;
        if (e.new_answer && e.new_answer->kind == Answer::Kind::Score) {
            out.final_scores[e.item] = e.new_answer->number;
        } else {
            out.final_scores.erase(e.item);  // a cleared or non-score answer replaces the score
        }
    }
    return out;
}

// Two measures, both over forward-running time: from the hand-over (every question must be read)
// and from the first answer (every question after the first must be read). The second is the one
// a pause before the first tap cannot switch off.
std::optional<SurveyFlag> impossible_pace(const std::vector<VisitEvent>& events, const Session& s, const SessionAnswers& a) {
    const auto n = static_cast<std::int64_t>(a.questions.size());
    const std::int64_t from_handover_ms = forward_ms(events, s.entered, s.submitted);
    const std::int64_t from_first_ms = forward_ms(events, a.first_answer, s.submitted);
    const std::string count = std::to_string(n) + " survey questions answered and submitted ";
    if (from_first_ms < kMinReadingMsPerQuestion * (n - 1)) {
        return SurveyFlag{"impossible_pace", count + std::to_string(from_first_ms) +
                                                 " ms after the customer's first answer (" + std::to_string(from_handover_ms) +
                                                 " ms after the hand-over); reading the other " + std::to_string(n - 1) +
                                                 " takes at least " + std::to_string(kMinReadingMsPerQuestion * (n - 1)) + " ms"};
    }
    if (from_handover_ms < kMinReadingMsPerQuestion * n) {
        return SurveyFlag{"impossible_pace", count + std::to_string(from_handover_ms) +
                                                 " ms after the hand-over; reading them takes at least " +
                                                 std::to_string(kMinReadingMsPerQuestion * n) + " ms"};
    }
    return std::nullopt;
}

std::optional<SurveyFlag> identical_and_instant(const SessionAnswers& a) {
    if (static_cast<int>(a.final_scores.size()) < kMinAnswersForIdenticalCheck || a.gaps_measured == 0) return std::nullopt;
    const double first = a.final_scores.begin()->second;
    for (const auto& [id, score] : a.final_scores) {
        if (score != first) return std::nullopt;
    }
    if (a.longest_gap_ms >= kInstantAnswerMs) return std::nullopt;
    return SurveyFlag{"identical_and_instant",
                      "all " + std::to_string(a.final_scores.size()) + " smiley answers are " +
                          std::to_string(static_cast<int>(first)) + ", each given less than " + std::to_string(kInstantAnswerMs) +
                          " ms after the previous one (longest gap " + std::to_string(a.longest_gap_ms) + " ms, " +
                          std::to_string(a.answers) + " answers)"};
}

std::string answer_text(const Answer& a) {
    if (a.kind == Answer::Kind::Score) return std::to_string(static_cast<int>(a.number));
    return a.text.empty() ? std::string(to_string(a.kind)) : a.text;
}

std::optional<SurveyFlag> answers_discarded(const std::vector<VisitEvent>& events) {
    const auto discarded = discarded_survey_answers(events);
    if (discarded.empty()) return std::nullopt;
    std::string list;
    for (const DiscardedSurveyAnswer& d : discarded) {
        if (!list.empty()) list += ", ";
        list += d.question_id + " " + answer_text(d.answer);
    }
    return SurveyFlag{"customer_answers_discarded",
                      "the technician declined the survey with the PIN after the customer had answered " +
                          std::to_string(discarded.size()) + " question(s) (" + list +
                          "); the survey counts as not filled in and the discarded answers are kept for the back office"};
}

}  // namespace

std::vector<DiscardedSurveyAnswer> discarded_survey_answers(const std::vector<VisitEvent>& events) {
    std::vector<DiscardedSurveyAnswer> out;
    for (const VisitEvent& e : events) {
        if (e.kind == EventKind::AnswerDiscarded && e.discard == DiscardReason::SurveyDeclined && e.old_answer) {
            out.push_back({e.item, *e.old_answer});
        }
    }
    return out;
}

std::optional<std::int64_t> survey_duration_ms(const std::vector<VisitEvent>& events) {
    const auto session = last_submitted_session(events);
    if (!session) return std::nullopt;
    const SessionAnswers answers = answers_in(events, *session);
    if (answers.answers == 0) return std::nullopt;
    return forward_ms(events, answers.first_answer, session->submitted);
}

std::vector<SurveyFlag> survey_integrity_flags(const std::vector<VisitEvent>& events) {
    std::vector<SurveyFlag> flags;
    if (auto f = answers_discarded(events)) flags.push_back(std::move(*f));
    const auto session = last_submitted_session(events);
    if (!session) return flags;
    if (auto f = clock_went_back(events, *session)) flags.push_back(std::move(*f));
    const SessionAnswers answers = answers_in(events, *session);
    if (answers.questions.empty()) return flags;
    if (auto f = impossible_pace(events, *session, answers)) flags.push_back(std::move(*f));
    if (auto f = identical_and_instant(answers)) flags.push_back(std::move(*f));
    return flags;
}

}  // namespace fc
