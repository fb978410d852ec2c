// What a visit shows: answers, shown steps, badges, the customer's to-do list and message, the seal's content.
#include "visit.h"
#include "visit_internal.h"
#include "visit_json.h"

namespace fc {

using namespace visit_detail;

const char* to_string(VisitPhase p) {
    switch (p) {
        case VisitPhase::Assigned: return "assigned";
        case VisitPhase::Prechecks: return "prechecks";
        case VisitPhase::Steps: return "steps";
        case VisitPhase::Handover: return "handover";
        case VisitPhase::CustomerSurvey: return "customer_survey";
        case VisitPhase::Closed: return "closed";
    }
    return "unknown";
}

const char* to_string(Outcome o) {
    switch (o) {
        case Outcome::Open: return "open";
        case Outcome::Completed: return "completed";
        case Outcome::NotPossible: return "not_possible";
    }
    return "unknown";
}

const char* to_string(SurveyStatus s) {
    switch (s) {
        case SurveyStatus::NotAsked: return "not_asked";
        case SurveyStatus::Submitted: return "submitted";
        case SurveyStatus::NotFilledIn: return "not_filled_in";
        case SurveyStatus::OnPhone: return "on_phone";
    }
    return "unknown";
}

std::optional<Answer> Visit::precheck_answer(const std::string& id) const {
    const auto it = prechecks_.find(id);
    if (it == prechecks_.end()) return std::nullopt;
    return it->second;
}

std::optional<Answer> Visit::step_answer(const std::string& id) const {
    const auto it = steps_.find(id);
    if (it == steps_.end()) return std::nullopt;
    return it->second;
}

std::optional<Answer> Visit::survey_answer(const std::string& id) const {
    const auto it = survey_.find(id);
    if (it == survey_.end()) return std::nullopt;
    return it->second;
}

bool Visit::handover_confirmed(const std::string& id) const { return handover_.count(id) > 0; }

std::optional<Answer> Visit::handover_answer(const std::string& id) const {
    const auto it = handover_answers_.find(id);
    if (it == handover_answers_.end()) return std::nullopt;
    return it->second;
}

bool Visit::handover_is_customers() const { return visit_detail::handover_is_customers(*this); }

bool Visit::customer_holds_device() const {
    if (phase_ == VisitPhase::CustomerSurvey) return true;
    return phase_ == VisitPhase::Handover && handover_is_customers();
}

bool Visit::step_shown(const std::string& id) const {
    const int index = checklist_->step_index(id);
    return index >= 0 && shown_mask(*this)[static_cast<std::size_t>(index)];
}

std::vector<int> Visit::shown_steps() const {
    const auto shown = shown_mask(*this);
    std::vector<int> out;
    for (std::size_t i = 0; i < shown.size(); ++i) {
        if (shown[i]) out.push_back(static_cast<int>(i));
    }
    return out;
}

// A hidden step is satisfied: it does not count, whatever its `required` says.
bool Visit::step_satisfied(const std::string& id) const {
    const int index = checklist_->step_index(id);
    if (index < 0) return false;
    const Step& s = checklist_->steps[static_cast<std::size_t>(index)];
    return !s.required || steps_.count(id) > 0 || !step_shown(id);
}

std::string Visit::step_problem(const std::string& id) const {
    const int index = checklist_->step_index(id);
    if (index < 0) return "There is no step " + quoted(id) + " in this checklist.";
    if (step_satisfied(id)) return {};
    return quoted(checklist_->steps[static_cast<std::size_t>(index)].title) +
           " is required: answer it before going on.";
}

PrecheckBadge Visit::precheck_badge() const {
    using State = PrecheckBadge::State;
    // Most urgent first; within one state the badge names the first such precheck in template order.
    const Precheck* not_met = nullptr;
    const Precheck* unconfirmed = nullptr;  // blocking, before departure, no answer yet
    const Precheck* on_arrival = nullptr;   // blocking, on arrival, no answer yet
    bool pending = false;
    for (const Precheck& p : checklist_->prechecks) {
        const auto a = precheck_answer(p.id);
        if (!a || a->kind != Answer::Kind::Met) pending = true;
        if (!p.blocking) continue;
        if (a && a->kind == Answer::Kind::NotMet) {
            if (!not_met) not_met = &p;
        } else if (!a) {
            const Precheck*& open = p.moment == PrecheckMoment::BeforeDeparture ? unconfirmed : on_arrival;
            if (!open) open = &p;
        }
    }
    if (not_met) return {State::NotMet, not_met->id};
    if (unconfirmed) return {State::NotYetConfirmed, unconfirmed->id};
    if (on_arrival) return {State::CheckOnArrival, on_arrival->id};
    return {pending ? State::Pending : State::AllMet, {}};
}

std::vector<std::string> Visit::customer_todo() const {
    std::vector<std::string> out;
    for (const HandoverItem& h : checklist_->handover) {
        if (!h.todo.empty() && handover_.count(h.id)) out.push_back(h.todo);
    }
    return out;
}

std::optional<Instant> Visit::customer_mode_entered_at() const { return customer_mode_at_; }

std::optional<PrecheckConfirmation> Visit::intake_confirmation(const std::string& precheck_id) const {
    for (auto e = events_.rbegin(); e != events_.rend(); ++e) {
        if (e->kind != EventKind::PrecheckRecorded || e->item != precheck_id) continue;
        if (e->actor != Actor::Intake || !e->new_answer) return std::nullopt;  // the technician's answer stands
        return PrecheckConfirmation{assignment_.visit_id, precheck_id, e->new_answer->text, e->wall_ms};
    }
    return std::nullopt;
}

std::string Visit::canonical_content() const {
    CanonicalJson events = CanonicalJson::array();
    for (const VisitEvent& e : events_) events.push(event_json(e));
    return CanonicalJson::object()
        .set("assignment", assignment_json(assignment_, format_))
        .set("template", CanonicalJson::object().set("id", checklist_->id).set("version", checklist_->version))
        .set("events", std::move(events))
        .dump();
}

}  // namespace fc
