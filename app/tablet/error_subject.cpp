#include "app/tablet/error_subject.h"

namespace fc {
namespace {

std::string current_step_title(const Visit& v) {
    const int i = v.current_step();
    const auto& steps = v.checklist().steps;
    return i >= 0 && i < static_cast<int>(steps.size()) ? steps[static_cast<std::size_t>(i)].title : std::string();
}

std::string first_precheck(const Visit& v, bool unanswered) {
    for (const Precheck& p : v.checklist().prechecks) {
        const auto a = v.precheck_answer(p.id);
        if (unanswered ? !a : (p.blocking && a && a->kind != Answer::Kind::Met)) return p.title;
    }
    return {};
}

std::string first_unconfirmed_item(const Visit& v) {
    // Before the handover the survey is simply not open yet: no item to name.
    if (v.phase() != VisitPhase::Handover) return {};
    for (const HandoverItem& h : v.checklist().handover) {
        if (!v.handover_confirmed(h.id)) return h.title;
    }
    return {};
}

std::string first_unanswered_question(const Visit& v) {
    for (const SurveyQuestion& q : v.checklist().survey) {
        if (q.kind == SurveyKind::Smiley && q.required && !v.survey_answer(q.id)) return q.title;
    }
    return {};
}

}  // namespace

std::string error_subject(const Error& e, const Visit& visit) {
    // Ifs, not a switch: a switch over every ErrorCode would have to list them all (-Wswitch-enum).
    using C = ErrorCode;
    const C c = e.code;
    if (c == C::required_step_unanswered || c == C::note_required || c == C::reason_required || c == C::empty_text) {
        return current_step_title(visit);
    }
    if (c == C::precheck_unanswered) return first_precheck(visit, true);
    if (c == C::blocking_precheck_not_met) return first_precheck(visit, false);
    if (c == C::survey_locked) return first_unconfirmed_item(visit);
    if (c == C::survey_incomplete) return first_unanswered_question(visit);
    return {};
}

}  // namespace fc
