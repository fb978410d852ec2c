// The visit page's audit trail: every event of the record in order: who (technician, customer,
// system, intake), when (the tablet's clock), what, the old and the new answer, discarded edits.
#include "catalogue/catalogue.h"
#include "sync/depot/office/office_format.h"
#include "sync/depot/office/visit_page_parts.h"
#include "sync/depot/office/visit_words.h"

namespace fc {
namespace {

// The title of the item an event names, where the template has one ("Signal strength (signal)").
std::string item_words(const ChecklistTemplate& t, const VisitEvent& e) {
    if (e.item.empty() || e.kind == EventKind::ReceiptMade || e.kind == EventKind::SurveyOnPhone) return {};
    std::string title;
    if (const Step* s = t.find_step(e.item)) title = s->title;
    else if (const Precheck* p = t.find_precheck(e.item)) title = p->title;
    else if (const HandoverItem* h = t.find_handover(e.item)) title = h->title;
    else if (const SurveyQuestion* q = t.find_survey(e.item)) title = q->title;
    return title.empty() ? e.item : title + " (" + e.item + ")";
}

// A survey's answers are the customer's opinion: only roles with the survey area read them.
bool is_survey_item(const ChecklistTemplate& t, const VisitEvent& e) {
    return e.kind == EventKind::SurveyAnswered || (e.kind == EventKind::AnswerDiscarded && t.find_survey(e.item));
}

PageData event_data(Lang lang, const ChecklistTemplate& t, const VisitEvent& e, bool survey) {
    PageData row;
    row.set("seq", std::to_string(e.seq));
    row.set("when", office_date_time(lang, e.wall_ms));
    row.set("actor", text(lang, std::string("office.visit.actor.") + to_string(e.actor)));
    row.set("what", text(lang, std::string("office.visit.event.") + to_string(e.kind)));
    row.set("item", item_words(t, e));
    const bool hidden = is_survey_item(t, e) && !survey;
    const Step* step = t.find_step(e.item);
    if (e.old_answer) row.set("old", hidden ? std::string("…") : answer_words(lang, *e.old_answer, step));
    if (e.new_answer) row.set("new", hidden ? std::string("…") : answer_words(lang, *e.new_answer, step));
    if (e.discard) row.set("discard", text(lang, std::string("office.visit.discard.") + to_string(*e.discard)));
    row.set("discarded", PageData(e.kind == EventKind::AnswerDiscarded));
    if (e.cause) {
        std::string cause = cause_words(lang, to_string(e.cause->kind));
        if (!e.cause->precheck_id.empty()) cause += " (" + e.cause->precheck_id + ")";
        if (!e.cause->text.empty()) cause += ": " + e.cause->text;
        row.set("new", cause);
    }
    return row;
}

}  // namespace

void add_audit(Lang lang, const Visit& v, bool survey, PageData& d) {
    PageData audit{PageData::type::list};
    for (const VisitEvent& e : v.events()) audit.push_back(event_data(lang, v.checklist(), e, survey));
    d.set("audit", audit);
}

}  // namespace fc
