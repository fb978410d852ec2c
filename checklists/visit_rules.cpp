// Visit::apply: every event, live or replayed, is checked against the rules here before it changes anything.
#include "canonical_json.h"
#include "sha256.h"
#include "visit.h"
#include "visit_internal.h"

namespace fc {

using namespace visit_detail;

namespace {

Error phase_error(VisitPhase phase, const char* what) {
    if (phase == VisitPhase::Closed) return make_error(ErrorCode::sealed, std::string("the visit is closed: ") + what + " is not possible any more");
    return make_error(ErrorCode::wrong_phase, std::string(what) + " is not possible while the visit is in phase " + to_string(phase));
}

// Events that carry no answer must not smuggle one in: what is sealed is exactly what was decided.
Status no_values(const VisitEvent& e, bool item_allowed, bool detail_allowed) {
    if ((!item_allowed && !e.item.empty()) || !e.old_value.empty() || !e.new_value.empty() ||
        (!detail_allowed && !e.detail.empty())) {
        return make_error(ErrorCode::malformed, std::string("a ") + to_string(e.kind) + " event carries fields it cannot have");
    }
    return {};
}

// old_value must be what the visit holds now, so the audit trail never lies about what was replaced.
Status old_value_matches(const std::optional<Answer>& current, const VisitEvent& e) {
    if (!current) {
        if (e.old_value.empty()) return {};
        return make_error(ErrorCode::stale_old_value, "event " + std::to_string(e.seq) + " replaces an answer for " +
                                                 quoted(e.item) + " that is not there");
    }
    const auto old = decode_answer(e.old_value);
    if (!old || !(*old == *current)) {
        return make_error(ErrorCode::stale_old_value, "event " + std::to_string(e.seq) + " replaces an answer for " +
                                                 quoted(e.item) + " other than the one recorded");
    }
    return {};
}

Expected<Answer> new_answer(const VisitEvent& e) {
    auto a = decode_answer(e.new_value);
    if (!a) return make_error(ErrorCode::malformed, "event " + std::to_string(e.seq) + ": " + a.error().message);
    return a;
}

Actor actor_for(EventKind k) {
    switch (k) {
        case EventKind::HandoverConfirmed:
        case EventKind::SurveyAnswered:
        case EventKind::SurveySubmitted: return Actor::Customer;
        default: return Actor::Technician;
    }
}

int neighbour(const std::vector<bool>& shown, int from, int direction) {
    for (int i = from + direction; i >= 0 && i < static_cast<int>(shown.size()); i += direction) {
        if (shown[static_cast<std::size_t>(i)]) return i;
    }
    return -1;
}

}  // namespace

Status Visit::apply(const VisitEvent& e) {
    if (Status s = check_(e); !s) return s;
    mutate_(e);
    return {};
}

// All or nothing: a list that breaks a rule halfway leaves the visit as it was.
Status Visit::apply(const Events& events) {
    Visit next = *this;
    for (const VisitEvent& e : events) {
        if (Status s = next.check_(e); !s) {
            return make_error(s.error().code, "event " + std::to_string(e.seq) + " (" + to_string(e.kind) +
                                                  "): " + s.error().message);
        }
        next.mutate_(e);
    }
    *this = std::move(next);
    return {};
}

Status Visit::check_(const VisitEvent& e) const {
    if (sealed()) return make_error(ErrorCode::sealed, "the visit is sealed; nothing in it can change any more");
    const auto expected_seq = static_cast<std::int64_t>(events_.size()) + 1;
    if (e.seq != expected_seq) {
        return make_error(ErrorCode::out_of_order, "event number " + std::to_string(e.seq) + " arrived where number " +
                                              std::to_string(expected_seq) + " belongs");
    }
    // Times before 1970 or before boot are no reading at all: the depot orders and paces by them.
    if (e.wall_ms < 0 || e.mono_ms < 0) {
        return make_error(ErrorCode::invalid_time, "event " + std::to_string(e.seq) + " carries a negative time (wall " +
                                              std::to_string(e.wall_ms) + " ms, monotonic " +
                                              std::to_string(e.mono_ms) + " ms); times count up from 1970 and "
                                              "from the tablet's boot");
    }
    if (e.actor != actor_for(e.kind)) {
        const bool customer_only = actor_for(e.kind) == Actor::Customer;
        if (e.kind == EventKind::SurveyAnswered || e.kind == EventKind::SurveySubmitted) {
            return make_error(ErrorCode::customer_mode_only, "only the customer answers the survey, in customer mode");
        }
        return make_error(ErrorCode::wrong_actor, std::string("a ") + to_string(e.kind) + " event is the " +
                                             (customer_only ? "customer's" : "technician's") + ", not the " +
                                             to_string(e.actor) + "'s");
    }
    if (const auto pending = pending_consequence(*this)) {
        const bool same = e.kind == pending->kind && e.item == pending->item &&
                          (e.kind != EventKind::AnswerDiscarded || e.detail == pending->detail);
        if (!same) {
            return make_error(ErrorCode::consequence_pending, std::string("a ") + to_string(pending->kind) + " event for " +
                                                         quoted(pending->item) + " must come first");
        }
    }
    if (!events_.empty() && events_.back().kind == EventKind::AnswerDiscarded &&
        events_.back().detail == "survey_declined" && e.kind != EventKind::SurveyDeclined &&
        !(e.kind == EventKind::AnswerDiscarded && e.detail == "survey_declined")) {
        return make_error(ErrorCode::consequence_pending, "a declined survey must be closed as declined first");
    }

    const ChecklistTemplate& t = *checklist_;
    switch (e.kind) {
        case EventKind::Opened:
            if (phase_ != VisitPhase::Assigned) return phase_error(phase_, "opening the visit");
            return no_values(e, false, false);

        case EventKind::PrecheckRecorded: {
            if (phase_ != VisitPhase::Assigned && phase_ != VisitPhase::Prechecks) {
                return phase_error(phase_, "recording a precheck");
            }
            const Precheck* p = t.find_precheck(e.item);
            if (!p) return make_error(ErrorCode::unknown_item, "there is no precheck " + quoted(e.item) + " in this checklist");
            if (!e.detail.empty()) return make_error(ErrorCode::malformed, "a precheck event carries no detail");
            auto a = new_answer(e);
            if (!a) return a.error();
            if (Status s = precheck_answer_fits(*p, *a); !s) return s;
            return old_value_matches(precheck_answer(e.item), e);
        }

        case EventKind::StepsBegun: {
            if (phase_ == VisitPhase::Assigned) {
                return make_error(ErrorCode::not_opened, "open the visit on site before starting the steps");
            }
            if (phase_ != VisitPhase::Prechecks) return phase_error(phase_, "starting the steps");
            for (const Precheck& p : t.prechecks) {
                const auto a = precheck_answer(p.id);
                if (!a) {
                    return make_error(ErrorCode::precheck_unanswered, "precheck " + quoted(p.title) + " has not been answered yet");
                }
                if (p.blocking && a->kind != Answer::Kind::Met) {
                    return make_error(ErrorCode::blocking_precheck_not_met, "precheck " + quoted(p.title) + " is not met");
                }
            }
            return no_values(e, false, false);
        }

        case EventKind::StepAnswered: {
            if (phase_ == VisitPhase::Handover || phase_ == VisitPhase::CustomerSurvey) {
                return make_error(ErrorCode::handover_started, "the handover has started: steps can no longer be changed");
            }
            if (phase_ != VisitPhase::Steps) return phase_error(phase_, "answering a step");
            const int index = t.step_index(e.item);
            if (index < 0) return make_error(ErrorCode::unknown_item, "there is no step " + quoted(e.item) + " in this checklist");
            const Step& s = t.steps[static_cast<std::size_t>(index)];
            if (!step_shown(e.item)) {
                return make_error(ErrorCode::step_hidden, "step " + quoted(s.title) + " is not shown for the answers given");
            }
            if (index > current_step_) {
                return make_error(ErrorCode::step_ahead, "step " + quoted(s.title) + " comes after the current step; go there first");
            }
            if (!e.detail.empty()) return make_error(ErrorCode::malformed, "a step answer carries no detail");
            auto a = new_answer(e);
            if (!a) return a.error();
            if (Status fit = step_answer_fits(s, *a); !fit) return fit;
            return old_value_matches(step_answer(e.item), e);
        }

        case EventKind::AnswerDiscarded: {
            if (!e.new_value.empty()) return make_error(ErrorCode::malformed, "a discard has no new value");
            if (e.detail == "survey_declined") {
                if (phase_ != VisitPhase::CustomerSurvey) return phase_error(phase_, "declining the survey");
                const auto a = survey_answer(e.item);
                if (!a) return make_error(ErrorCode::not_answered, "survey question " + quoted(e.item) + " has no answer to discard");
                return old_value_matches(a, e);
            }
            if (e.detail != "hidden" && e.detail != "cleared") {
                return make_error(ErrorCode::malformed, "a discard says why: hidden, cleared or survey_declined, not " + quoted(e.detail));
            }
            if (phase_ == VisitPhase::Handover || phase_ == VisitPhase::CustomerSurvey) {
                return make_error(ErrorCode::handover_started, "the handover has started: steps can no longer be changed");
            }
            if (phase_ != VisitPhase::Steps) return phase_error(phase_, "discarding a step answer");
            const int index = t.step_index(e.item);
            if (index < 0) return make_error(ErrorCode::unknown_item, "there is no step " + quoted(e.item) + " in this checklist");
            const Step& s = t.steps[static_cast<std::size_t>(index)];
            const auto a = step_answer(e.item);
            if (!a) return make_error(ErrorCode::not_answered, "step " + quoted(s.title) + " has no answer to discard");
            if (e.detail == "hidden") {
                if (step_shown(e.item)) {
                    return make_error(ErrorCode::step_shown, "step " + quoted(s.title) + " is shown; its answer stays");
                }
            } else {
                if (!step_shown(e.item)) {
                    return make_error(ErrorCode::step_hidden, "step " + quoted(s.title) + " is not shown for the answers given");
                }
                if (s.required) {
                    return make_error(ErrorCode::step_required, "step " + quoted(s.title) + " is required; change its answer instead");
                }
                if (index > current_step_) {
                    return make_error(ErrorCode::step_ahead, "step " + quoted(s.title) + " comes after the current step");
                }
            }
            return old_value_matches(a, e);
        }

        case EventKind::Navigated: {
            if (phase_ == VisitPhase::Handover || phase_ == VisitPhase::CustomerSurvey) {
                return make_error(ErrorCode::handover_started, "the handover has started: going back to the steps is not possible");
            }
            if (phase_ != VisitPhase::Steps) return phase_error(phase_, "moving between steps");
            if (Status s = no_values(e, true, false); !s) return s;
            const int target = t.step_index(e.item);
            if (target < 0) return make_error(ErrorCode::unknown_item, "there is no step " + quoted(e.item) + " in this checklist");
            const auto shown = shown_mask(*this);
            if (current_step_ < 0) return make_error(ErrorCode::no_steps, "no step is shown in this checklist");
            if (!shown[static_cast<std::size_t>(target)]) {
                return make_error(ErrorCode::step_hidden, "step " + quoted(e.item) + " is not shown for the answers given");
            }
            if (current_step_ >= 0 && !shown[static_cast<std::size_t>(current_step_)]) {
                if (e.item == last_changed_step(*this)) return {};
                return make_error(ErrorCode::invalid_navigation, "the current step disappeared; the walk returns to the step just changed");
            }
            if (target == neighbour(shown, current_step_, -1)) return {};
            if (target == neighbour(shown, current_step_, +1)) {
                const std::string problem = step_problem(t.steps[static_cast<std::size_t>(current_step_)].id);
                if (!problem.empty()) return make_error(ErrorCode::required_step_unanswered, problem);
                return {};
            }
            return make_error(ErrorCode::invalid_navigation, "the walk moves one shown step forward or back at a time");
        }

        case EventKind::HandoverBegun: {
            if (phase_ != VisitPhase::Steps) return phase_error(phase_, "starting the handover");
            const auto shown = shown_mask(*this);
            for (std::size_t i = 0; i < t.steps.size(); ++i) {
                const Step& s = t.steps[i];
                if (shown[i] && s.required && !step_answer(s.id)) {
                    return make_error(ErrorCode::required_step_unanswered, "step " + quoted(s.title) + " is required and not answered yet");
                }
            }
            return no_values(e, false, false);
        }

        case EventKind::HandoverConfirmed: {
            if (phase_ != VisitPhase::Handover) return phase_error(phase_, "confirming a handover item");
            if (Status s = no_values(e, true, false); !s) return s;
            const HandoverItem* h = t.find_handover(e.item);
            if (!h) return make_error(ErrorCode::unknown_item, "there is no handover item " + quoted(e.item) + " in this checklist");
            if (handover_.count(e.item)) return make_error(ErrorCode::already_confirmed, quoted(h->title) + " is already confirmed");
            return {};
        }

        case EventKind::CustomerModeEntered: {
            if (phase_ == VisitPhase::Assigned || phase_ == VisitPhase::Prechecks || phase_ == VisitPhase::Steps) {
                return make_error(ErrorCode::survey_locked, "the survey opens after the handover, not before");
            }
            if (phase_ != VisitPhase::Handover) return phase_error(phase_, "handing the device to the customer");
            for (const HandoverItem& h : t.handover) {
                if (!handover_.count(h.id)) {
                    return make_error(ErrorCode::survey_locked, "the customer has not confirmed " + quoted(h.title) + " yet");
                }
            }
            return no_values(e, false, false);
        }

        case EventKind::SurveyAnswered: {
            if (phase_ != VisitPhase::CustomerSurvey) {
                return make_error(ErrorCode::customer_mode_only, "survey answers are taken only in customer mode");
            }
            const SurveyQuestion* q = t.find_survey(e.item);
            if (!q) return make_error(ErrorCode::unknown_item, "there is no survey question " + quoted(e.item) + " in this checklist");
            if (!e.detail.empty()) return make_error(ErrorCode::malformed, "a survey answer carries no detail");
            auto a = new_answer(e);
            if (!a) return a.error();
            if (Status s = survey_answer_fits(*q, *a); !s) return s;
            return old_value_matches(survey_answer(e.item), e);
        }

        case EventKind::SurveySubmitted: {
            if (phase_ != VisitPhase::CustomerSurvey) {
                return make_error(ErrorCode::customer_mode_only, "only the customer submits the survey, in customer mode");
            }
            for (const SurveyQuestion& q : t.survey) {
                if (q.kind == SurveyKind::Smiley && q.required && !survey_answer(q.id)) {
                    return make_error(ErrorCode::survey_incomplete, "question " + quoted(q.title) + " has no answer yet");
                }
            }
            return no_values(e, false, false);
        }

        case EventKind::SurveyDeclined: {
            if (phase_ != VisitPhase::CustomerSurvey) return phase_error(phase_, "declining the survey");
            if (!survey_.empty()) {
                return make_error(ErrorCode::survey_answers_present, "a declined survey keeps no answers; discard them first");
            }
            return no_values(e, false, false);
        }

        case EventKind::ClosedNotPossible: {
            // Story 4: once the handover begins the work is done; what is left is the customer's
            // survey, and only the technician's PIN may skip it. "Not possible" would erase both.
            if (phase_ == VisitPhase::Handover || phase_ == VisitPhase::CustomerSurvey) {
                return make_error(ErrorCode::handover_started,
                                  "the handover has begun, so the work is done and the visit can no longer close as "
                                  "not possible; the customer's survey follows (declining it needs the technician's PIN)");
            }
            if (phase_ == VisitPhase::Closed) return phase_error(phase_, "closing as not possible");
            if (!e.old_value.empty() || !e.new_value.empty()) return make_error(ErrorCode::malformed, "a close carries its cause in detail");
            const auto cause = decode_failure_cause(e.detail);
            if (!cause) return make_error(ErrorCode::malformed, "event " + std::to_string(e.seq) + ": " + cause.error().message);
            // A precheck named on another cause would be a second, contradicting "true cause".
            if (cause->kind != FailureCause::Kind::PrecheckNotMet && !cause->precheck_id.empty()) {
                return make_error(ErrorCode::invalid_cause, std::string("only the cause precheck_not_met names a precheck; a ") +
                                                       to_string(cause->kind) + " cause names none (" +
                                                       quoted(cause->precheck_id) + " was given)");
            }
            if (e.item != (cause->kind == FailureCause::Kind::PrecheckNotMet ? cause->precheck_id : std::string())) {
                return make_error(ErrorCode::malformed, "a close names the precheck of its cause as item, and nothing else");
            }
            if (cause->text.size() > kMaxAnswerTextBytes || !is_valid_utf8(cause->text)) {
                return make_error(ErrorCode::invalid_cause, "the cause's text must be valid UTF-8 of at most " +
                                                       std::to_string(kMaxAnswerTextBytes) + " bytes");
            }
            if (cause->kind == FailureCause::Kind::Other && is_blank(cause->text)) {
                return make_error(ErrorCode::cause_text_required, "say in a few words why the visit is not possible");
            }
            if (cause->kind == FailureCause::Kind::PrecheckNotMet) {
                const auto a = precheck_answer(cause->precheck_id);
                if (!t.find_precheck(cause->precheck_id) || !a || a->kind != Answer::Kind::NotMet) {
                    return make_error(ErrorCode::cause_not_recorded, "precheck " + quoted(cause->precheck_id) +
                                                                " was not recorded as not met");
                }
            }
            return {};
        }
    }
    return make_error(ErrorCode::malformed, "unknown event kind");
}

void Visit::mutate_(const VisitEvent& e) {
    const ChecklistTemplate& t = *checklist_;
    switch (e.kind) {
        case EventKind::Opened: phase_ = VisitPhase::Prechecks; break;
        case EventKind::PrecheckRecorded: prechecks_[e.item] = decode_answer(e.new_value).value(); break;
        case EventKind::StepsBegun: {
            phase_ = VisitPhase::Steps;
            const auto shown = shown_mask(*this);
            current_step_ = neighbour(shown, -1, +1);
            break;
        }
        case EventKind::StepAnswered: steps_[e.item] = decode_answer(e.new_value).value(); break;
        case EventKind::AnswerDiscarded:
            if (e.detail == "survey_declined") survey_.erase(e.item);
            else steps_.erase(e.item);
            break;
        case EventKind::Navigated: current_step_ = t.step_index(e.item); break;
        case EventKind::HandoverBegun: phase_ = VisitPhase::Handover; break;
        case EventKind::HandoverConfirmed: handover_.insert(e.item); break;
        case EventKind::CustomerModeEntered:
            phase_ = VisitPhase::CustomerSurvey;
            customer_mode_at_ = Instant{e.wall_ms, e.mono_ms};
            break;
        case EventKind::SurveyAnswered: survey_[e.item] = decode_answer(e.new_value).value(); break;
        case EventKind::SurveySubmitted:
            phase_ = VisitPhase::Closed;
            outcome_ = Outcome::Completed;
            survey_status_ = SurveyStatus::Submitted;
            break;
        case EventKind::SurveyDeclined:
            phase_ = VisitPhase::Closed;
            outcome_ = Outcome::Completed;
            survey_status_ = SurveyStatus::NotFilledIn;
            break;
        case EventKind::ClosedNotPossible:
            phase_ = VisitPhase::Closed;
            outcome_ = Outcome::NotPossible;
            cause_ = decode_failure_cause(e.detail).value();
            break;
    }
    events_.push_back(e);
    if (is_closing(e.kind)) seal_ = sha256_hex(canonical_content());
}

}  // namespace fc
