#pragma once
// SurveyIntegrity: flags a survey that looks staged (story 4); the depot stores and exports the
// flags beside the visit and never drops or refuses the visit because of them.
#include <string>
#include <vector>

#include "visit_event.h"

namespace fc {

// SurveyFlag: one reason to doubt that the customer filled in the survey themselves.
struct SurveyFlag {
    std::string code;     // "impossible_pace" | "identical_and_instant" | "clock_went_back"
    std::string message;  // plain sentence with the measured figures

    friend bool operator==(const SurveyFlag&, const SurveyFlag&) = default;
};

// Why these thresholds: a customer reads a question and looks for the smiley; under ~1.5 s per
// question nobody reads, and identical answers given less than a second apart are a finger running
// down a column. Pace uses the events' monotonic times, which the technician cannot set.
inline constexpr long long kMinReadingMsPerQuestion = 1500;
inline constexpr long long kInstantAnswerMs = 1000;
inline constexpr int kMinAnswersForIdenticalCheck = 3;

// Looks at the last customer-mode session of a submitted survey; a survey that was declined or
// never reached gives no flags.
std::vector<SurveyFlag> survey_integrity_flags(const std::vector<VisitEvent>& events);

}  // namespace fc
