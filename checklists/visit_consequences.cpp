// What the rules demand next: hidden answers dropped, a vanished current step left, a blocking
// precheck turned into a "not possible" close.
#include <algorithm>

#include "visit_internal.h"

namespace fc::visit_detail {

std::vector<bool> shown_mask(const Visit& v) {
    const auto& steps = v.checklist().steps;
    std::vector<bool> shown(steps.size(), false);
    for (std::size_t i = 0; i < steps.size(); ++i) {
        const Step& s = steps[i];
        if (!s.show_if) {
            shown[i] = true;
            continue;
        }
        const int j = v.checklist().step_index(s.show_if->step);
        // Only an earlier step can decide; anything else (a broken template) keeps the step hidden.
        if (j < 0 || static_cast<std::size_t>(j) >= i || !shown[static_cast<std::size_t>(j)]) continue;
        const auto answer = v.step_answer(s.show_if->step);
        if (!answer) continue;
        const std::string token = answer_token(steps[static_cast<std::size_t>(j)], *answer);
        const auto& eq = s.show_if->equals;
        shown[i] = std::find(eq.begin(), eq.end(), token) != eq.end();
    }
    return shown;
}

std::optional<VisitEvent> pending_consequence(const Visit& v) {
    if (v.phase() == VisitPhase::Closed) return std::nullopt;
    const ChecklistTemplate& t = v.checklist();
    for (const Precheck& p : t.prechecks) {
        const auto a = v.precheck_answer(p.id);
        if (p.blocking && a && a->kind == Answer::Kind::NotMet) {
            VisitEvent e;
            e.kind = EventKind::ClosedNotPossible;
            e.actor = Actor::Technician;
            e.item = p.id;
            e.cause = FailureCause{FailureCause::Kind::PrecheckNotMet, p.id, {}};
            return e;
        }
    }
    if (v.phase() != VisitPhase::Steps) return std::nullopt;
    const auto shown = shown_mask(v);
    for (std::size_t i = 0; i < t.steps.size(); ++i) {
        if (shown[i]) continue;
        if (const auto a = v.step_answer(t.steps[i].id)) {
            VisitEvent e;
            e.kind = EventKind::AnswerDiscarded;
            e.actor = Actor::Technician;
            e.item = t.steps[i].id;
            e.old_answer = *a;
            e.discard = DiscardReason::Hidden;
            return e;
        }
    }
    const int current = v.current_step();
    if (current >= 0 && !shown[static_cast<std::size_t>(current)]) {
        VisitEvent e;
        e.kind = EventKind::Navigated;
        e.actor = Actor::Technician;
        e.item = last_changed_step(v);
        return e;
    }
    return std::nullopt;
}

std::string last_changed_step(const Visit& v) {
    const Events& events = v.events();
    for (auto it = events.rbegin(); it != events.rend(); ++it) {
        if (it->kind == EventKind::StepAnswered ||
            (it->kind == EventKind::AnswerDiscarded && it->discard == DiscardReason::Cleared)) {
            return it->item;
        }
    }
    return {};
}

bool is_closing(EventKind k) {
    return k == EventKind::SurveySubmitted || k == EventKind::SurveyDeclined || k == EventKind::SurveyOnPhone ||
           k == EventKind::ClosedNotPossible;
}

}  // namespace fc::visit_detail
