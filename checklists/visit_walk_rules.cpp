// The rules of the technician's walk, one function per event kind: opening, prechecks, steps,
// moving between steps, and starting the handover.
#include "canonical_json.h"
#include "visit_internal.h"

namespace fc::visit_detail {

Status check_opened(const Visit& v, const VisitEvent& e) {
    if (v.phase() != VisitPhase::Assigned) return phase_error(v.phase(), "opening the visit");
    // Serial steps and photo lists (template format 3) have no place in an older record.
    if (v.checklist().format >= 3 && v.format() < kFirstPhotoListFormat) {
        return make_error(ErrorCode::template_mismatch,
                          "template " + v.checklist().id + " is of template format " + std::to_string(v.checklist().format) +
                              ", which needs record format " + std::to_string(kFirstPhotoListFormat) +
                              " or later; this visit is of record format " + std::to_string(v.format()))
            .with("format", std::to_string(v.format()));
    }
    return no_values(e, false);
}

namespace {

// An intake confirmation says one thing: a before-departure precheck was met, by whom (the answer's
// text) and when (the event's wall time), before anyone on site answered it. What a confirmation
// may say is the one rule the depot checks too (check_confirmation). Format 1 had no such actor.
Status check_intake(const Visit& v, const VisitEvent& e, const Precheck& p) {
    if (v.format() < 2) {
        return make_error(ErrorCode::wrong_actor, "records of format 1 carry no intake confirmations");
    }
    if (v.precheck_answer(e.item)) {
        return make_error(ErrorCode::already_confirmed, "precheck " + quoted(p.title) + " is already recorded")
            .with("subject", p.title);
    }
    if (e.old_answer) return make_error(ErrorCode::malformed, "an intake confirmation replaces nothing");
    if (!e.new_answer || e.new_answer->kind != Answer::Kind::Met || e.new_answer->number != 0) {
        return make_error(ErrorCode::malformed, "an intake confirmation is \"met\" and names who confirmed it");
    }
    if (Status s = check_confirmation(v.checklist(), {v.assignment().visit_id, e.item, e.new_answer->text, e.wall_ms}); !s) {
        return s;
    }
    return answer_only(e);
}

}  // namespace

Status check_precheck_recorded(const Visit& v, const VisitEvent& e) {
    if (v.phase() != VisitPhase::Assigned && v.phase() != VisitPhase::Prechecks) {
        return phase_error(v.phase(), "recording a precheck");
    }
    const Precheck* p = v.checklist().find_precheck(e.item);
    if (!p) return make_error(ErrorCode::unknown_item, "there is no precheck " + quoted(e.item) + " in this checklist");
    if (e.actor == Actor::Intake) return check_intake(v, e, *p);
    if (Status s = answer_only(e); !s) return s;
    auto a = new_answer(e);
    if (!a) return a.error();
    if (Status s = precheck_answer_fits(*p, *a); !s) return s;
    return old_value_matches(v.precheck_answer(e.item), e);
}

Status check_steps_begun(const Visit& v, const VisitEvent& e) {
    if (v.phase() == VisitPhase::Assigned) {
        return make_error(ErrorCode::not_opened, "open the visit on site before starting the steps");
    }
    if (v.phase() != VisitPhase::Prechecks) return phase_error(v.phase(), "starting the steps");
    for (const Precheck& p : v.checklist().prechecks) {
        const auto a = v.precheck_answer(p.id);
        if (!a) {
            return make_error(ErrorCode::precheck_unanswered, "precheck " + quoted(p.title) + " has not been answered yet")
                .with("subject", p.title);
        }
        if (p.blocking && a->kind != Answer::Kind::Met) {
            return make_error(ErrorCode::blocking_precheck_not_met, "precheck " + quoted(p.title) + " is not met")
                .with("subject", p.title);
        }
    }
    return no_values(e, false);
}

Status check_step_answered(const Visit& v, const VisitEvent& e) {
    if (Status s = in_steps_phase(v.phase(), "answering a step", "steps can no longer be changed"); !s) return s;
    const ChecklistTemplate& t = v.checklist();
    const int index = t.step_index(e.item);
    if (index < 0) return make_error(ErrorCode::unknown_item, "there is no step " + quoted(e.item) + " in this checklist");
    const Step& s = t.steps[static_cast<std::size_t>(index)];
    if (!v.step_shown(e.item)) {
        return make_error(ErrorCode::step_hidden, "step " + quoted(s.title) + " is not shown for the answers given");
    }
    if (index > v.current_step()) {
        return make_error(ErrorCode::step_ahead, "step " + quoted(s.title) + " comes after the current step; go there first");
    }
    if (Status carried = answer_only(e); !carried) return carried;
    auto a = new_answer(e);
    if (!a) return a.error();
    if (Status fit = step_answer_fits(s, *a, v.format()); !fit) return fit;
    return old_value_matches(v.step_answer(e.item), e);
}

namespace {

// The customer's answers go when the technician's PIN declines the survey, one discard each.
Status check_survey_answer_discarded(const Visit& v, const VisitEvent& e) {
    if (v.phase() != VisitPhase::CustomerSurvey) return phase_error(v.phase(), "declining the survey");
    const auto a = v.survey_answer(e.item);
    if (!a) return make_error(ErrorCode::not_answered, "survey question " + quoted(e.item) + " has no answer to discard");
    return old_value_matches(a, e);
}

// A step's answer goes because its step became hidden, or because the technician cleared an optional one.
Status check_step_answer_discarded(const Visit& v, const VisitEvent& e, bool hidden) {
    if (Status s = in_steps_phase(v.phase(), "discarding a step answer", "steps can no longer be changed"); !s) return s;
    const ChecklistTemplate& t = v.checklist();
    const int index = t.step_index(e.item);
    if (index < 0) return make_error(ErrorCode::unknown_item, "there is no step " + quoted(e.item) + " in this checklist");
    const Step& s = t.steps[static_cast<std::size_t>(index)];
    const auto a = v.step_answer(e.item);
    if (!a) return make_error(ErrorCode::not_answered, "step " + quoted(s.title) + " has no answer to discard");
    if (hidden) {
        if (v.step_shown(e.item)) {
            return make_error(ErrorCode::step_shown, "step " + quoted(s.title) + " is shown; its answer stays");
        }
        return old_value_matches(a, e);
    }
    if (!v.step_shown(e.item)) {
        return make_error(ErrorCode::step_hidden, "step " + quoted(s.title) + " is not shown for the answers given");
    }
    if (s.required) {
        return make_error(ErrorCode::step_required, "step " + quoted(s.title) + " is required; change its answer instead");
    }
    if (index > v.current_step()) {
        return make_error(ErrorCode::step_ahead, "step " + quoted(s.title) + " comes after the current step");
    }
    return old_value_matches(a, e);
}

}  // namespace

Status check_answer_discarded(const Visit& v, const VisitEvent& e) {
    if (e.new_answer || e.cause) return make_error(ErrorCode::malformed, "a discard has no new value and no cause");
    if (!e.discard) return make_error(ErrorCode::malformed, "a discard says why: hidden, cleared or survey_declined");
    switch (*e.discard) {
        case DiscardReason::SurveyDeclined: return check_survey_answer_discarded(v, e);
        case DiscardReason::Hidden: return check_step_answer_discarded(v, e, true);
        case DiscardReason::Cleared: return check_step_answer_discarded(v, e, false);
    }
    return make_error(ErrorCode::malformed, "a discard says why: hidden, cleared or survey_declined");
}

Status check_navigated(const Visit& v, const VisitEvent& e) {
    if (Status s = in_steps_phase(v.phase(), "moving between steps", "going back to the steps is not possible"); !s) {
        return s;
    }
    if (Status s = no_values(e, true); !s) return s;
    const ChecklistTemplate& t = v.checklist();
    const int target = t.step_index(e.item);
    if (target < 0) return make_error(ErrorCode::unknown_item, "there is no step " + quoted(e.item) + " in this checklist");
    const auto shown = shown_mask(v);
    const int current = v.current_step();
    if (current < 0) return make_error(ErrorCode::no_steps, "no step is shown in this checklist");
    if (!shown[static_cast<std::size_t>(target)]) {
        return make_error(ErrorCode::step_hidden, "step " + quoted(e.item) + " is not shown for the answers given");
    }
    if (!shown[static_cast<std::size_t>(current)]) {
        if (e.item == last_changed_step(v)) return {};
        return make_error(ErrorCode::invalid_navigation, "the current step disappeared; the walk returns to the step just changed");
    }
    if (target == shown_neighbour(shown, current, -1)) return {};
    if (target == shown_neighbour(shown, current, +1)) {
        const Step& step = t.steps[static_cast<std::size_t>(current)];
        const std::string problem = v.step_problem(step.id);
        if (!problem.empty()) return make_error(ErrorCode::required_step_unanswered, problem).with("subject", step.title);
        return {};
    }
    return make_error(ErrorCode::invalid_navigation, "the walk moves one shown step forward or back at a time");
}

Status check_handover_begun(const Visit& v, const VisitEvent& e) {
    if (v.phase() != VisitPhase::Steps) return phase_error(v.phase(), "starting the handover");
    const ChecklistTemplate& t = v.checklist();
    const auto shown = shown_mask(v);
    for (std::size_t i = 0; i < t.steps.size(); ++i) {
        const Step& s = t.steps[i];
        if (shown[i] && s.required && !v.step_answer(s.id)) {
            return make_error(ErrorCode::required_step_unanswered, "step " + quoted(s.title) + " is required and not answered yet")
                .with("subject", s.title);
        }
    }
    return no_values(e, false);
}

}  // namespace fc::visit_detail
