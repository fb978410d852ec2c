#include "sync/depot/web/survey_answers.h"

#include "checklists/canonical_json.h"

namespace fc {
namespace {

Error invalid(const std::string& why, const std::string& subject) {
    return make_error(ErrorCode::invalid_survey, why).with("subject", subject);
}

const SurveyQuestion* question_for(const ChecklistTemplate& t, const std::string& field) {
    if (field.rfind("q-", 0) != 0) return nullptr;
    for (const SurveyQuestion& q : t.survey) {
        if (field.compare(2, std::string::npos, q.id) == 0) return &q;
    }
    return nullptr;
}

Expected<int> read_score(const std::string& value, const SurveyQuestion& q) {
    if (value.size() != 1 || value[0] < '1' || value[0] > '5') {
        return invalid("a score is a whole number from 1 to 5", q.title);
    }
    return value[0] - '0';
}

}  // namespace

Expected<SurveyAnswers> read_survey_answers(const httplib::Params& form, const ChecklistTemplate& t) {
    if (form.size() > t.survey.size()) return invalid("the form has more fields than the survey has questions", "");
    SurveyAnswers out;
    std::vector<std::string> seen;
    for (const auto& [field, value] : form) {
        const SurveyQuestion* q = question_for(t, field);
        if (q == nullptr) return invalid("the form has a field the survey does not ask", field.substr(0, 64));
        for (const std::string& s : seen) {
            if (s == q->id) return invalid("a question was answered twice", q->title);
        }
        seen.push_back(q->id);
        if (q->kind == SurveyKind::Smiley) {
            auto score = read_score(value, *q);
            if (!score) return score.error();
            out.scores.push_back({q->id, q->touchpoint, *score});
        } else {
            if (value.size() > kMaxSurveyCommentBytes || !is_valid_utf8(value)) {
                return invalid("a comment is at most " + std::to_string(kMaxSurveyCommentBytes) + " bytes of text", q->title);
            }
            out.comment = value;
        }
    }
    for (const SurveyQuestion& q : t.survey) {
        bool answered = false;
        for (const std::string& s : seen) answered = answered || s == q.id;
        if (q.kind == SurveyKind::Smiley && q.required && !answered) return invalid("this question has no answer", q.title);
    }
    return out;
}

}  // namespace fc
