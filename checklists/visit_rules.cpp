// Visit::apply: every event, live or replayed, is checked against the rules here before it changes
// anything. The checks every event shares run first; then the rule of the event's own kind.
#include "sha256.h"
#include "visit.h"
#include "visit_internal.h"

namespace fc {

using namespace visit_detail;

namespace {

Actor actor_for(EventKind k) {
    switch (k) {
        case EventKind::HandoverConfirmed:
        case EventKind::SurveyAnswered:
        case EventKind::SurveySubmitted:
        case EventKind::SurveyOnPhone: return Actor::Customer;
        case EventKind::Opened:
        case EventKind::PrecheckRecorded:
        case EventKind::StepsBegun:
        case EventKind::StepAnswered:
        case EventKind::AnswerDiscarded:
        case EventKind::Navigated:
        case EventKind::HandoverBegun:
        case EventKind::CustomerModeEntered:
        case EventKind::SurveyDeclined:
        case EventKind::ClosedNotPossible: return Actor::Technician;
        case EventKind::ReceiptMade: return Actor::System;
    }
    return Actor::Technician;
}

Status check_actor(const VisitEvent& e) {
    if (e.actor == actor_for(e.kind)) return {};
    if (e.kind == EventKind::PrecheckRecorded && e.actor == Actor::Intake) return {};
    const bool customer_only = actor_for(e.kind) == Actor::Customer;
    if (e.kind == EventKind::SurveyAnswered || e.kind == EventKind::SurveySubmitted) {
        return make_error(ErrorCode::customer_mode_only, "only the customer answers the survey, in customer mode");
    }
    return make_error(ErrorCode::wrong_actor, std::string("a ") + to_string(e.kind) + " event is the " +
                                                  (customer_only ? "customer's" : "technician's") + ", not the " +
                                                  to_string(e.actor) + "'s");
}

// What the rules demand next must come next: nothing else may slip in between (see pending_consequence).
Status check_consequence_first(const Visit& v, const VisitEvent& e) {
    const auto pending = pending_consequence(v);
    // The receipt goes right before the close it belongs to, also a close the rules demand.
    const bool receipt_before_close = pending && e.kind == EventKind::ReceiptMade && is_closing(pending->kind);
    if (pending && !receipt_before_close) {
        const bool same = e.kind == pending->kind && e.item == pending->item &&
                          (e.kind != EventKind::AnswerDiscarded || e.discard == pending->discard);
        if (!same) {
            return make_error(ErrorCode::consequence_pending, std::string("a ") + to_string(pending->kind) +
                                                                  " event for " + quoted(pending->item) +
                                                                  " must come first");
        }
    }
    const Events& events = v.events();
    const auto declining = [](const VisitEvent& x) {
        return x.kind == EventKind::AnswerDiscarded && x.discard == DiscardReason::SurveyDeclined;
    };
    if (!events.empty() && declining(events.back()) && e.kind != EventKind::SurveyDeclined && !declining(e)) {
        return make_error(ErrorCode::consequence_pending, "a declined survey must be closed as declined first");
    }
    if (v.receipt() && !is_closing(e.kind) && !declining(e)) {
        return make_error(ErrorCode::consequence_pending, "the receipt is made: the visit's close must follow it");
    }
    return {};
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

// The checks every event shares: not sealed, numbered next, real times, the right actor, and what
// the rules demanded first.
Status Visit::check_shared_(const VisitEvent& e) const {
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
                                                       std::to_string(e.mono_ms) + " ms); times count up from 1970 "
                                                       "and from the tablet's boot");
    }
    if (Status s = check_actor(e); !s) return s;
    return check_consequence_first(*this, e);
}

// One rule per kind, and no default: a new kind without its rule does not compile (-Wswitch).
Status Visit::check_(const VisitEvent& e) const {
    if (Status s = check_shared_(e); !s) return s;
    switch (e.kind) {
        case EventKind::Opened: return check_opened(*this, e);
        case EventKind::PrecheckRecorded: return check_precheck_recorded(*this, e);
        case EventKind::StepsBegun: return check_steps_begun(*this, e);
        case EventKind::StepAnswered: return check_step_answered(*this, e);
        case EventKind::AnswerDiscarded: return check_answer_discarded(*this, e);
        case EventKind::Navigated: return check_navigated(*this, e);
        case EventKind::HandoverBegun: return check_handover_begun(*this, e);
        case EventKind::HandoverConfirmed: return check_handover_confirmed(*this, e);
        case EventKind::CustomerModeEntered: return check_customer_mode_entered(*this, e);
        case EventKind::SurveyAnswered: return check_survey_answered(*this, e);
        case EventKind::SurveySubmitted: return check_survey_submitted(*this, e);
        case EventKind::SurveyDeclined: return check_survey_declined(*this, e);
        case EventKind::SurveyOnPhone: return check_survey_on_phone(*this, e);
        case EventKind::ClosedNotPossible: return check_closed_not_possible(*this, e);
        case EventKind::ReceiptMade: return check_receipt_made(*this, e);
    }
    // Only a value cast from outside the enum gets here.
    return make_error(ErrorCode::malformed, "unknown event kind");
}

void Visit::mutate_(const VisitEvent& e) {
    switch (e.kind) {
        case EventKind::Opened: phase_ = VisitPhase::Prechecks; break;
        case EventKind::PrecheckRecorded: prechecks_[e.item] = *e.new_answer; break;
        case EventKind::StepsBegun:
            phase_ = VisitPhase::Steps;
            current_step_ = first_shown_step(*this);
            break;
        case EventKind::StepAnswered: steps_[e.item] = *e.new_answer; break;
        case EventKind::AnswerDiscarded:
            if (e.discard == DiscardReason::SurveyDeclined) survey_.erase(e.item);
            else steps_.erase(e.item);
            break;
        case EventKind::Navigated: current_step_ = checklist_->step_index(e.item); break;
        case EventKind::HandoverBegun:
            phase_ = VisitPhase::Handover;
            // Format 2: the device goes to the customer now; the survey follows the last confirmation.
            if (visit_detail::handover_is_customers(*this)) {
                customer_mode_at_ = Instant{e.wall_ms, e.mono_ms};
                if (checklist_->handover.empty()) phase_ = VisitPhase::CustomerSurvey;
            }
            break;
        case EventKind::HandoverConfirmed:
            handover_.insert(e.item);
            if (e.new_answer) handover_answers_[e.item] = *e.new_answer;
            if (visit_detail::handover_is_customers(*this) && handover_.size() == checklist_->handover.size()) {
                phase_ = VisitPhase::CustomerSurvey;
            }
            break;
        case EventKind::CustomerModeEntered:
            phase_ = VisitPhase::CustomerSurvey;
            customer_mode_at_ = Instant{e.wall_ms, e.mono_ms};
            break;
        case EventKind::SurveyAnswered: survey_[e.item] = *e.new_answer; break;
        case EventKind::SurveySubmitted: close_(Outcome::Completed, SurveyStatus::Submitted); break;
        case EventKind::SurveyDeclined: close_(Outcome::Completed, SurveyStatus::NotFilledIn); break;
        case EventKind::SurveyOnPhone: close_(Outcome::Completed, SurveyStatus::OnPhone); break;
        case EventKind::ClosedNotPossible:
            close_(Outcome::NotPossible, survey_status_);
            cause_ = e.cause;
            break;
        case EventKind::ReceiptMade: receipt_ = e.receipt; break;
    }
    events_text_bound_ += event_text_bound(e);
    events_.push_back(e);
    if (is_closing(e.kind)) seal_ = sha256_hex(canonical_content());
}

void Visit::close_(Outcome outcome, SurveyStatus survey) {
    phase_ = VisitPhase::Closed;
    outcome_ = outcome;
    survey_status_ = survey;
}

}  // namespace fc
