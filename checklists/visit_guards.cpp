// The checks several kinds' rules share: which phase allows what, and what an event may carry.
#include "visit_internal.h"

namespace fc::visit_detail {

Error phase_error(VisitPhase phase, const char* what) {
    if (phase == VisitPhase::Closed) {
        return make_error(ErrorCode::sealed, std::string("the visit is closed: ") + what + " is not possible any more");
    }
    return make_error(ErrorCode::wrong_phase,
                      std::string(what) + " is not possible while the visit is in phase " + to_string(phase));
}

bool handover_started(VisitPhase phase) { return phase == VisitPhase::Handover || phase == VisitPhase::CustomerSurvey; }

// Story 4: once the handover starts, the steps are done; the customer is told what was done.
Status in_steps_phase(VisitPhase phase, const char* what, const char* after_handover) {
    if (handover_started(phase)) {
        return make_error(ErrorCode::handover_started, std::string("the handover has started: ") + after_handover);
    }
    if (phase != VisitPhase::Steps) return phase_error(phase, what);
    return {};
}

// Events that carry no answer must not smuggle one in: what is sealed is exactly what was decided.
Status no_values(const VisitEvent& e, bool item_allowed) {
    if ((!item_allowed && !e.item.empty()) || e.old_answer || e.new_answer || e.discard || e.cause || e.receipt) {
        return make_error(ErrorCode::malformed, std::string("a ") + to_string(e.kind) + " event carries fields it cannot have");
    }
    return {};
}

Status answer_only(const VisitEvent& e) {
    if (e.discard || e.cause || e.receipt) {
        return make_error(ErrorCode::malformed, std::string("a ") + to_string(e.kind) + " event carries no detail");
    }
    return {};
}

// The old answer must be what the visit holds now, so the audit trail never lies about what was replaced.
Status old_value_matches(const std::optional<Answer>& current, const VisitEvent& e) {
    if (!current) {
        if (!e.old_answer) return {};
        return make_error(ErrorCode::stale_old_value, "event " + std::to_string(e.seq) + " replaces an answer for " +
                                                          quoted(e.item) + " that is not there");
    }
    if (!e.old_answer || !(*e.old_answer == *current)) {
        return make_error(ErrorCode::stale_old_value, "event " + std::to_string(e.seq) + " replaces an answer for " +
                                                          quoted(e.item) + " other than the one recorded");
    }
    return {};
}

Expected<Answer> new_answer(const VisitEvent& e) {
    if (!e.new_answer) return make_error(ErrorCode::malformed, "event " + std::to_string(e.seq) + ": the answer is missing");
    return *e.new_answer;
}

int shown_neighbour(const std::vector<bool>& shown, int from, int direction) {
    for (int i = from + direction; i >= 0 && i < static_cast<int>(shown.size()); i += direction) {
        if (shown[static_cast<std::size_t>(i)]) return i;
    }
    return -1;
}

int first_shown_step(const Visit& v) { return shown_neighbour(shown_mask(v), -1, +1); }

bool handover_is_customers(const Visit& v) { return v.format() >= 2 && v.checklist().format >= 2; }

Status no_blocking_precheck_open(const Visit& v, const FailureCause& cause) {
    // Format 1 let "not possible" pass an open precheck: its records replay as they were sealed.
    if (v.format() < 2 || cause.kind == FailureCause::Kind::CustomerAbsent) return {};
    // A blocking precheck not met is the cause whatever else is still open (its close is the
    // consequence the rules demand); a non-blocking one is not enough to skip a blocking one.
    if (cause.kind == FailureCause::Kind::PrecheckNotMet) {
        const Precheck* named = v.checklist().find_precheck(cause.precheck_id);
        if (named && named->blocking) return {};
    }
    for (const Precheck& p : v.checklist().prechecks) {
        if (!p.blocking || v.precheck_answer(p.id)) continue;
        return make_error(ErrorCode::precheck_open, "precheck " + quoted(p.title) +
                                                        " is not recorded yet: record it (met or not met) before "
                                                        "closing as not possible; a precheck not met is itself the "
                                                        "cause, and only an absent customer leaves it open")
            .with("subject", p.title);
    }
    return {};
}

}  // namespace fc::visit_detail
