#pragma once
// SurveyAnswers: the phone page's POST form read and checked against the visit's template: one score
// 1-5 per smiley question (the required ones answered), a comment of bounded length, no other field.
#include <httplib.h>

#include <string>
#include <vector>

#include "checklists/checklist_template.h"
#include "checklists/expected.h"
#include "sync/depot/depot_store.h"

namespace fc {

inline constexpr std::size_t kMaxSurveyFormBytes = 16 * 1024;
inline constexpr std::size_t kMaxSurveyCommentBytes = 2000;

struct SurveyAnswers {
    std::vector<SurveyScore> scores;
    std::string comment;
};

// Field names: "q-<question id>". Refused (code "invalid_survey", the question in params "subject"):
// a missing required score, a score outside 1-5, a comment too long or not UTF-8, an unknown or
// repeated field, more fields than the template has questions.
Expected<SurveyAnswers> read_survey_answers(const httplib::Params& form, const ChecklistTemplate& t);

}  // namespace fc
