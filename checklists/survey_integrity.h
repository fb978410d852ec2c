#pragma once
// SurveyIntegrity: flags a survey that looks staged (story 4) or whose customer answers were thrown
// away; the depot computes them at ingest from the record's events (any record format), stores and
// exports them beside the visit, and never drops or refuses the visit because of them.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "answer.h"
#include "visit_event.h"

namespace fc {

// SurveyFlag: one reason to doubt that the survey is the customer's own, with the measured figures.
struct SurveyFlag {
    // "impossible_pace" | "identical_and_instant" | "clock_went_back" | "customer_answers_discarded"
    std::string code;
    std::string message;  // plain sentence with the measured figures

    friend bool operator==(const SurveyFlag&, const SurveyFlag&) = default;
};

// DiscardedSurveyAnswer: an answer the customer gave that the technician's PIN threw away; the
// back office reads it, the visit's survey stays "not filled in".
struct DiscardedSurveyAnswer {
    std::string question_id;
    Answer answer;

    friend bool operator==(const DiscardedSurveyAnswer&, const DiscardedSurveyAnswer&) = default;
};

// Why these thresholds: a customer reads a question and looks for the smiley; under ~1.5 s per
// question nobody reads, and identical answers given less than a second apart are a finger running
// down a column. Pace uses the events' monotonic times, which the technician cannot set.
inline constexpr long long kMinReadingMsPerQuestion = 1500;
inline constexpr long long kInstantAnswerMs = 1000;
// Why three: two equal answers in a row are common; three or more equal AND instant are a pattern.
inline constexpr int kMinAnswersForIdenticalCheck = 3;

// Looks at the last customer-mode session of a survey. Pace is measured from the customer's FIRST
// answer to the submit and between answers (a pause after the hand-over hides nothing), over the
// stretches where the monotonic clock ran forward; a clock that went back is flagged besides. A
// survey declined after the customer had answered is flagged customer_answers_discarded.
std::vector<SurveyFlag> survey_integrity_flags(const std::vector<VisitEvent>& events);

// The answers the technician's PIN discarded when declining the survey, in event order; empty when
// the survey was not declined or the customer had answered nothing.
std::vector<DiscardedSurveyAnswer> discarded_survey_answers(const std::vector<VisitEvent>& events);

// How long the customer took from the first answer to the submit of the last submitted session,
// over forward-running time; nullopt when no survey was submitted with an answer.
std::optional<std::int64_t> survey_duration_ms(const std::vector<VisitEvent>& events);

}  // namespace fc
