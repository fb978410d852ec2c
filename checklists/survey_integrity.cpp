#include "survey_integrity.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>

#include "answer.h"

namespace fc {

std::vector<SurveyFlag> survey_integrity_flags(const std::vector<VisitEvent>& events) {
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
    if (entered == events.size()) return {};
    std::size_t submitted = events.size();
    for (std::size_t i = entered + 1; i < events.size(); ++i) {
        if (events[i].kind == EventKind::SurveySubmitted) {
            submitted = i;
            break;
        }
    }
    if (submitted == events.size()) return {};

    std::vector<SurveyFlag> flags;
    for (std::size_t i = entered + 1; i <= submitted; ++i) {
        if (events[i].mono_ms < events[i - 1].mono_ms) {
            flags.push_back({"clock_went_back",
                             "the tablet's monotonic clock went back during the survey (event " +
                                 std::to_string(events[i].seq) + "), so its pace cannot be judged"});
            return flags;
        }
    }

    std::set<std::string> questions;
    std::map<std::string, double> final_scores;
    std::int64_t longest_gap_ms = 0;
    std::int64_t previous_ms = events[entered].mono_ms;
    int answers = 0;
    for (std::size_t i = entered + 1; i < submitted; ++i) {
        const VisitEvent& e = events[i];
        if (e.kind != EventKind::SurveyAnswered) continue;
        ++answers;
        questions.insert(e.item);
        longest_gap_ms = std::max(longest_gap_ms, e.mono_ms - previous_ms);
        previous_ms = e.mono_ms;
        const auto& answer = e.new_answer;
        if (answer && answer->kind == Answer::Kind::Score) {
            final_scores[e.item] = answer->number;
        } else {
            final_scores.erase(e.item);  // a cleared or non-score answer replaces the score
        }
    }
    if (questions.empty()) return flags;

    const std::int64_t elapsed_ms = events[submitted].mono_ms - events[entered].mono_ms;
    const std::int64_t needed_ms = kMinReadingMsPerQuestion * static_cast<std::int64_t>(questions.size());
    if (elapsed_ms < needed_ms) {
        flags.push_back({"impossible_pace", std::to_string(questions.size()) + " survey questions answered and submitted " +
                                                std::to_string(elapsed_ms) + " ms after the hand-over; reading them takes at least " +
                                                std::to_string(needed_ms) + " ms"});
    }

    if (static_cast<int>(final_scores.size()) >= kMinAnswersForIdenticalCheck) {
        const double first = final_scores.begin()->second;
        bool identical = true;
        for (const auto& [id, score] : final_scores) identical = identical && score == first;
        if (identical && longest_gap_ms < kInstantAnswerMs) {
            flags.push_back({"identical_and_instant",
                             "all " + std::to_string(final_scores.size()) + " smiley answers are " +
                                 std::to_string(static_cast<int>(first)) + ", each given less than " +
                                 std::to_string(kInstantAnswerMs) + " ms after the previous one (longest gap " +
                                 std::to_string(longest_gap_ms) + " ms, " + std::to_string(answers) + " answers)"});
        }
    }
    return flags;
}

}  // namespace fc
