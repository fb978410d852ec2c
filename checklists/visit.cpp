// Visit's verbs: each checks the rules on a copy and returns the events the action produces.
#include "visit.h"

#include "canonical_json.h"
#include "visit_internal.h"

namespace fc {

using namespace visit_detail;

namespace {

int neighbour_shown(const std::vector<int>& shown, int current, int direction) {
    int found = -1;
    for (const int i : shown) {
        if (direction > 0 && i > current) return i;
        if (direction < 0 && i < current) found = i;
    }
    return found;
}

// Why a margin below kMaxVisitRecordBytes: edits stop at 3/4 of the limit, so the closing events
// (always small) still fit and a visit never becomes too large to close, seal and send.
constexpr std::size_t kMaxOpenVisitRecordBytes = kMaxVisitRecordBytes / 4 * 3;

// An upper bound of the encoded record's size, from the exact escaped length of every string and
// a generous allowance for keys and numbers; the events' part is summed as they are applied, so no
// encoding is needed on every tap.
bool record_would_be_too_large(const Visit& v) {
    const Assignment& a = v.assignment();
    std::size_t size = 4096;
    for (const std::string* s : {&a.visit_id, &a.technician_id, &a.customer_name, &a.address, &a.job_id,
                                 &a.customer_id, &a.template_id}) {
        size += json_string_size(*s);
    }
    for (const HistoryEntry& h : a.history) {
        size += 256 + json_string_size(h.visit_id) + json_string_size(h.outcome) + json_string_size(h.cause) +
                json_string_size(h.note) + json_string_size(h.job_id);
        for (const HistoryValue& value : h.values) size += 32 + json_string_size(value.title) + json_string_size(value.value);
        for (const std::string& t : h.todo) size += 4 + json_string_size(t);
    }
    size += v.events_text_bound();
    return size > kMaxOpenVisitRecordBytes;
}

}  // namespace

namespace visit_detail {

std::size_t event_text_bound(const VisitEvent& e) {
    const EventText text = event_text(e);
    return 256 + json_string_size(e.item) + json_string_size(text.old_value) + json_string_size(text.new_value) +
           json_string_size(text.detail);
}

}  // namespace visit_detail

Visit::Visit(Assignment assignment, std::shared_ptr<const ChecklistTemplate> checklist, int format)
    : assignment_(std::move(assignment)),
      // A missing template is an empty one: no crash, and every verb that needs an item refuses it.
      checklist_(checklist ? std::move(checklist) : std::make_shared<const ChecklistTemplate>()),
      format_(format) {}

Visit::Visit(Assignment assignment, std::shared_ptr<const ChecklistTemplate> checklist)
    : Visit(std::move(assignment), std::move(checklist), kSealedRecordFormat) {}

VisitEvent Visit::make_(EventKind kind, Actor actor, Instant now) const {
    VisitEvent e;
    e.seq = static_cast<std::int64_t>(events_.size()) + 1;
    e.wall_ms = now.wall_ms;
    e.mono_ms = now.mono_ms;
    e.actor = actor;
    e.kind = kind;
    return e;
}

// Applies the action's own events to a copy, then whatever the rules demand as a consequence (with
// the same time), so the caller gets one complete decision to store and install as a whole. The
// copy is the one the caller installs: each tap copies the visit once.
Expected<Decision> Visit::decide_(std::vector<VisitEvent> primary, const std::optional<ReceiptFacts>& receipt) const {
    Visit next = *this;
    Events out;
    for (VisitEvent& e : primary) {
        e.seq = static_cast<std::int64_t>(next.events_.size()) + 1;
        if (Status s = next.apply(e); !s) return s.error();
        out.push_back(e);
    }
    if (out.empty()) return Decision{std::move(out), std::move(next)};
    if (!is_closing(out.back().kind) && record_would_be_too_large(next)) {
        return make_error(ErrorCode::visit_too_large,
                          "this visit has been changed so often that its record is nearly too large to send; "
                          "finish or close it now");
    }
    const VisitEvent last = out.back();
    while (auto c = pending_consequence(next)) {
        c->seq = static_cast<std::int64_t>(next.events_.size()) + 1;
        c->wall_ms = last.wall_ms;
        c->mono_ms = last.mono_ms;
        if (is_closing(c->kind) && receipt && !next.receipt()) {
            for (VisitEvent& r : next.receipt_events_(receipt, Instant{last.wall_ms, last.mono_ms})) {
                if (Status s = next.apply(r); !s) return s.error();
                out.push_back(r);
            }
            c->seq = static_cast<std::int64_t>(next.events_.size()) + 1;
        }
        // Every consequence removes what demanded it; one that the rules refuse ends the loop.
        if (Status s = next.apply(*c); !s) return s.error();
        out.push_back(*c);
    }
    return Decision{std::move(out), std::move(next)};
}

Expected<Decision> Visit::open(Instant now) const { return decide_({make_(EventKind::Opened, Actor::Technician, now)}); }

Expected<Decision> Visit::record_precheck(const std::string& id, const Answer& met_or_not, Instant now,
                                          const std::optional<ReceiptFacts>& receipt) const {
    if (Status s = answer_representable(met_or_not); !s) return s.error();
    VisitEvent e = make_(EventKind::PrecheckRecorded, Actor::Technician, now);
    e.item = id;
    e.old_answer = precheck_answer(id);
    e.new_answer = met_or_not;
    return decide_({e}, receipt);
}

Expected<Decision> Visit::record_intake(const PrecheckConfirmation& c, Instant now) const {
    // The event's wall time is when the confirmation was given, not when the tablet heard of it:
    // that is the fact the depot checks against its own copy.
    VisitEvent e = make_(EventKind::PrecheckRecorded, Actor::Intake, {c.at_ms, now.mono_ms});
    e.item = c.precheck_id;
    e.new_answer = Answer{Answer::Kind::Met, 0, c.by};
    return decide_({e});
}

Expected<Decision> Visit::begin_steps(Instant now) const {
    return decide_({make_(EventKind::StepsBegun, Actor::Technician, now)});
}

Expected<Decision> Visit::answer_step(const std::string& id, const Answer& answer, Instant now) const {
    if (Status s = answer_representable(answer); !s) return s.error();
    VisitEvent e = make_(EventKind::StepAnswered, Actor::Technician, now);
    e.item = id;
    e.old_answer = step_answer(id);
    e.new_answer = answer;
    return decide_({e});
}

Expected<Decision> Visit::clear_step(const std::string& id, Instant now) const {
    VisitEvent e = make_(EventKind::AnswerDiscarded, Actor::Technician, now);
    e.item = id;
    e.old_answer = step_answer(id);
    e.discard = DiscardReason::Cleared;
    return decide_({e});
}

Expected<Decision> Visit::go_next(Instant now) const {
    if (sealed()) return make_error(ErrorCode::sealed, "the visit is sealed; nothing in it can change any more");
    if (handover_started(phase_)) {
        return make_error(ErrorCode::handover_started, "the handover has started: the steps are done");
    }
    if (phase_ != VisitPhase::Steps) return make_error(ErrorCode::wrong_phase, "the steps have not started yet");
    if (current_step_ < 0) return make_error(ErrorCode::no_steps, "no step is shown in this checklist");
    const Step& step = checklist_->steps[static_cast<std::size_t>(current_step_)];
    const std::string problem = step_problem(step.id);
    if (!problem.empty()) return make_error(ErrorCode::required_step_unanswered, problem).with("subject", step.title);
    const int next = neighbour_shown(shown_steps(), current_step_, +1);
    if (next < 0) return make_error(ErrorCode::last_step, "this is the last step; start the handover when everything is done");
    VisitEvent e = make_(EventKind::Navigated, Actor::Technician, now);
    e.item = checklist_->steps[static_cast<std::size_t>(next)].id;
    return decide_({e});
}

Expected<Decision> Visit::go_back(Instant now) const {
    if (sealed()) return make_error(ErrorCode::sealed, "the visit is sealed; nothing in it can change any more");
    if (handover_started(phase_)) {
        return make_error(ErrorCode::handover_started, "the handover has started: going back to the steps is not possible");
    }
    if (phase_ != VisitPhase::Steps) return make_error(ErrorCode::wrong_phase, "the steps have not started yet");
    if (current_step_ < 0) return make_error(ErrorCode::no_steps, "no step is shown in this checklist");
    const int previous = neighbour_shown(shown_steps(), current_step_, -1);
    if (previous < 0) return make_error(ErrorCode::first_step, "this is the first step");
    VisitEvent e = make_(EventKind::Navigated, Actor::Technician, now);
    e.item = checklist_->steps[static_cast<std::size_t>(previous)].id;
    return decide_({e});
}

Expected<Decision> Visit::begin_handover(Instant now) const {
    return decide_({make_(EventKind::HandoverBegun, Actor::Technician, now)});
}

Expected<Decision> Visit::confirm_handover(const std::string& id, Instant now) const {
    VisitEvent e = make_(EventKind::HandoverConfirmed, Actor::Customer, now);
    e.item = id;
    return decide_({e});
}

Expected<Decision> Visit::sign_handover(const std::string& id, const Answer& signature, Instant now) const {
    if (Status s = answer_representable(signature); !s) return s.error();
    VisitEvent e = make_(EventKind::HandoverConfirmed, Actor::Customer, now);
    e.item = id;
    e.new_answer = signature;
    return decide_({e});
}

Expected<Decision> Visit::enter_customer_mode(Instant now) const {
    return decide_({make_(EventKind::CustomerModeEntered, Actor::Technician, now)});
}

Expected<Decision> Visit::answer_survey(const std::string& id, const Answer& answer, Instant now) const {
    if (Status s = answer_representable(answer); !s) return s.error();
    VisitEvent e = make_(EventKind::SurveyAnswered, Actor::Customer, now);
    e.item = id;
    e.old_answer = survey_answer(id);
    e.new_answer = answer;
    return decide_({e});
}

std::vector<VisitEvent> Visit::receipt_events_(const std::optional<ReceiptFacts>& receipt, Instant now) const {
    if (!receipt) return {};
    VisitEvent e = make_(EventKind::ReceiptMade, Actor::System, now);
    e.item = receipt->code_hash;
    e.receipt = receipt;
    return {e};
}

Expected<Decision> Visit::submit_survey(Instant now, const std::optional<ReceiptFacts>& receipt) const {
    std::vector<VisitEvent> events = receipt_events_(receipt, now);
    events.push_back(make_(EventKind::SurveySubmitted, Actor::Customer, now));
    return decide_(std::move(events));
}

Expected<Decision> Visit::survey_on_phone(const std::string& code, Instant now,
                                          const std::optional<ReceiptFacts>& receipt) const {
    std::vector<VisitEvent> events = receipt_events_(receipt, now);
    VisitEvent e = make_(EventKind::SurveyOnPhone, Actor::Customer, now);
    e.item = code;
    events.push_back(std::move(e));
    return decide_(std::move(events));
}

// The PIN is checked here, never stored in an event; the events only record that it was given.
Expected<Decision> Visit::decline_survey(const TechnicianPin& pin, const std::string& entered, Instant now,
                                         const std::optional<ReceiptFacts>& receipt) const {
    if (sealed()) return make_error(ErrorCode::sealed, "the visit is sealed; nothing in it can change any more");
    if (phase_ != VisitPhase::CustomerSurvey) {
        return make_error(ErrorCode::wrong_phase, "the survey can only be declined while the customer has the device");
    }
    if (!pin.matches(entered)) return make_error(ErrorCode::wrong_pin, "that is not the technician's PIN");
    std::vector<VisitEvent> events = receipt_events_(receipt, now);
    for (const SurveyQuestion& q : checklist_->survey) {
        const auto a = survey_answer(q.id);
        if (!a) continue;
        VisitEvent e = make_(EventKind::AnswerDiscarded, Actor::Technician, now);
        e.item = q.id;
        e.old_answer = *a;
        e.discard = DiscardReason::SurveyDeclined;
        events.push_back(std::move(e));
    }
    events.push_back(make_(EventKind::SurveyDeclined, Actor::Technician, now));
    return decide_(std::move(events));
}

Expected<Decision> Visit::close_not_possible(const FailureCause& cause, Instant now,
                                             const std::optional<ReceiptFacts>& receipt) const {
    if (cause.text.size() > kMaxAnswerTextBytes || !is_valid_utf8(cause.text)) {
        return make_error(ErrorCode::invalid_cause, "the cause's text must be valid UTF-8 of at most " +
                                               std::to_string(kMaxAnswerTextBytes) + " bytes");
    }
    VisitEvent e = make_(EventKind::ClosedNotPossible, Actor::Technician, now);
    if (cause.kind == FailureCause::Kind::PrecheckNotMet) e.item = cause.precheck_id;
    e.cause = cause;
    std::vector<VisitEvent> events = receipt_events_(receipt, now);
    events.push_back(std::move(e));
    return decide_(std::move(events));
}

Status Visit::close_allowed(FailureCause::Kind kind, const std::string& precheck_id) const {
    if (kind != FailureCause::Kind::PrecheckNotMet || !precheck_id.empty()) {
        return close_refusal(*this, FailureCause{kind, precheck_id, {}});
    }
    // The kind as such: allowed when some precheck recorded not met may be named.
    Status first = close_refusal(*this, FailureCause{kind, {}, {}});
    for (const Precheck& p : checklist_->prechecks) {
        const auto a = precheck_answer(p.id);
        if (!a || a->kind != Answer::Kind::NotMet) continue;
        Status named = close_refusal(*this, FailureCause{kind, p.id, {}});
        if (named) return named;
        first = named;
    }
    return first;
}

}  // namespace fc
