// The visit page's survey (for roles with the survey area): the scores per touchpoint as the depot
// linked them (the phone's when the customer answered there), the comment, the channel, answers the
// technician's PIN discarded, and the integrity flags with their measured sentences.
#include "catalogue/catalogue.h"
#include "sync/depot/office/visit_page_parts.h"
#include "sync/depot/office/visit_words.h"

namespace fc {

void add_survey(Lang lang, const Visit& v, const ReceivedVisit& stored, PageData& d) {
    PageData survey;
    survey.set("status", text(lang, std::string("office.visit.survey_status.") + to_string(v.survey_status())));
    survey.set("channel", channel_words(lang, stored.survey_channel));
    PageData scores{PageData::type::list};
    for (const SurveyScore& s : stored.scores) {
        PageData row;
        const SurveyQuestion* q = v.checklist().find_survey(s.question_id);
        row.set("question", q ? q->title : s.question_id);
        row.set("touchpoint", s.touchpoint);
        row.set("score", std::to_string(s.score));
        scores.push_back(row);
    }
    survey.set("scores", scores);
    survey.set("any_scores", PageData(!stored.scores.empty()));
    if (!stored.survey_comment.empty()) survey.set("comment", stored.survey_comment);
    PageData discarded{PageData::type::list};
    for (const DiscardedAnswer& a : stored.discarded_answers) {
        PageData row;
        const SurveyQuestion* q = v.checklist().find_survey(a.question_id);
        row.set("question", q ? q->title : a.question_id);
        row.set("value", a.value);
        discarded.push_back(row);
    }
    survey.set("discarded", discarded);
    survey.set("any_discarded", PageData(!stored.discarded_answers.empty()));
    d.set("survey", survey);
    PageData flags{PageData::type::list};
    for (const SurveyFlag& f : stored.flags) {
        PageData row;
        row.set("code", flag_words(lang, f.code));
        row.set("message", f.message);
        flags.push_back(row);
    }
    d.set("flags", flags);
    d.set("any_flags", PageData(!stored.flags.empty()));
}

}  // namespace fc
