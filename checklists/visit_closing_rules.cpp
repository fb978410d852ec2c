// The rules of the visit's end, one function per event kind: the handover the customer confirms,
// the customer's survey, and the three ways a visit closes (and is sealed).
#include "canonical_json.h"
#include "visit_internal.h"

namespace fc::visit_detail {

namespace {

// Template format 2: the customer confirms each item in customer mode and signs a signature item;
// the signature is the confirmation's answer, so it is sealed with the item it belongs to.
Status check_customers_confirmation(const Visit& v, const VisitEvent& e) {
    const HandoverItem* h = v.checklist().find_handover(e.item);
    if (!h) return make_error(ErrorCode::unknown_item, "there is no handover item " + quoted(e.item) + " in this checklist");
    if (v.handover_confirmed(e.item)) return make_error(ErrorCode::already_confirmed, quoted(h->title) + " is already confirmed");
    if (h->kind != HandoverItem::Kind::Signature) return no_values(e, true);
    if (Status s = answer_only(e); !s) return s;
    if (e.old_answer) return make_error(ErrorCode::malformed, "a signature is given once and replaces nothing");
    if (!e.new_answer) {
        return make_error(ErrorCode::not_answered, quoted(h->title) + " is confirmed by the customer's signature")
            .with("subject", h->title);
    }
    return signature_answer_fits(*h, *e.new_answer);
}

}  // namespace

Status check_handover_confirmed(const Visit& v, const VisitEvent& e) {
    if (v.phase() != VisitPhase::Handover) return phase_error(v.phase(), "confirming a handover item");
    if (handover_is_customers(v)) return check_customers_confirmation(v, e);
    if (Status s = no_values(e, true); !s) return s;
    const HandoverItem* h = v.checklist().find_handover(e.item);
    if (!h) return make_error(ErrorCode::unknown_item, "there is no handover item " + quoted(e.item) + " in this checklist");
    if (v.handover_confirmed(e.item)) return make_error(ErrorCode::already_confirmed, quoted(h->title) + " is already confirmed");
    return {};
}

Status check_customer_mode_entered(const Visit& v, const VisitEvent& e) {
    if (handover_is_customers(v)) {
        return make_error(ErrorCode::wrong_phase,
                          "in this procedure the customer has the device from the start of the handover; the "
                          "survey opens by itself when the customer has confirmed the last handover item");
    }
    const VisitPhase phase = v.phase();
    if (phase == VisitPhase::Assigned || phase == VisitPhase::Prechecks || phase == VisitPhase::Steps) {
        return make_error(ErrorCode::survey_locked, "the survey opens after the handover, not before");
    }
    if (phase != VisitPhase::Handover) return phase_error(phase, "handing the device to the customer");
    for (const HandoverItem& h : v.checklist().handover) {
        if (!v.handover_confirmed(h.id)) {
            return make_error(ErrorCode::survey_locked, "the customer has not confirmed " + quoted(h.title) + " yet")
                .with("subject", h.title);
        }
    }
    return no_values(e, false);
}

Status check_survey_answered(const Visit& v, const VisitEvent& e) {
    if (v.phase() != VisitPhase::CustomerSurvey) {
        return make_error(ErrorCode::customer_mode_only, "survey answers are taken only in customer mode");
    }
    const SurveyQuestion* q = v.checklist().find_survey(e.item);
    if (!q) return make_error(ErrorCode::unknown_item, "there is no survey question " + quoted(e.item) + " in this checklist");
    if (Status s = answer_only(e); !s) return s;
    auto a = new_answer(e);
    if (!a) return a.error();
    if (Status s = survey_answer_fits(*q, *a); !s) return s;
    return old_value_matches(v.survey_answer(e.item), e);
}

Status check_survey_submitted(const Visit& v, const VisitEvent& e) {
    if (v.phase() != VisitPhase::CustomerSurvey) {
        return make_error(ErrorCode::customer_mode_only, "only the customer submits the survey, in customer mode");
    }
    for (const SurveyQuestion& q : v.checklist().survey) {
        if (q.kind == SurveyKind::Smiley && q.required && !v.survey_answer(q.id)) {
            return make_error(ErrorCode::survey_incomplete, "question " + quoted(q.title) + " has no answer yet")
                .with("subject", q.title);
        }
    }
    return no_values(e, false);
}

Status check_survey_declined(const Visit& v, const VisitEvent& e) {
    if (v.phase() != VisitPhase::CustomerSurvey) return phase_error(v.phase(), "declining the survey");
    if (v.has_survey_answers()) {
        return make_error(ErrorCode::survey_answers_present, "a declined survey keeps no answers; discard them first");
    }
    return no_values(e, false);
}

namespace {

bool is_survey_code_form(const std::string& code) {
    if (code.size() != kSurveyCodeLength) return false;
    for (const char c : code) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        if (!ok) return false;
    }
    return true;
}

}  // namespace

// The phone channel exists from record format 3 on; the tablet holds no answers for it (answers
// typed here first would be the technician's device speaking after all), and the code is the one
// the depot will check, so it must have the code's form.
Status check_survey_on_phone(const Visit& v, const VisitEvent& e) {
    if (v.format() < kFirstPhoneSurveyFormat) {
        return make_error(ErrorCode::wrong_phase, "records of format " + std::to_string(v.format()) +
                                                      " have no survey on the customer's phone");
    }
    if (v.phase() != VisitPhase::CustomerSurvey) return phase_error(v.phase(), "choosing the phone survey");
    if (v.has_survey_answers()) {
        return make_error(ErrorCode::survey_answers_present,
                          "the survey already has answers on this device; submit them or discard them first");
    }
    if (!is_survey_code_form(e.item)) {
        return make_error(ErrorCode::malformed, "a survey code is 22 base64url characters");
    }
    return no_values(e, true);
}

namespace {

// The cause as the event carries it (story 1): of the fixed list, naming a precheck only for
// precheck_not_met (close_refusal checks it was recorded so), and saying in words what "other" was.
Status check_cause(const VisitEvent& e, const FailureCause& cause) {
    // A precheck named on another cause would be a second, contradicting "true cause".
    if (cause.kind != FailureCause::Kind::PrecheckNotMet && !cause.precheck_id.empty()) {
        return make_error(ErrorCode::invalid_cause, std::string("only the cause precheck_not_met names a precheck; a ") +
                                                        to_string(cause.kind) + " cause names none (" +
                                                        quoted(cause.precheck_id) + " was given)");
    }
    if (e.item != (cause.kind == FailureCause::Kind::PrecheckNotMet ? cause.precheck_id : std::string())) {
        return make_error(ErrorCode::malformed, "a close names the precheck of its cause as item, and nothing else");
    }
    if (cause.text.size() > kMaxAnswerTextBytes || !is_valid_utf8(cause.text)) {
        return make_error(ErrorCode::invalid_cause, "the cause's text must be valid UTF-8 of at most " +
                                                        std::to_string(kMaxAnswerTextBytes) + " bytes");
    }
    if (cause.kind == FailureCause::Kind::Other && is_blank(cause.text)) {
        return make_error(ErrorCode::cause_text_required, "say in a few words why the visit is not possible");
    }
    return {};
}

// Story 4: once the handover begins the work is done; what is left is the customer's survey, and
// only the technician's PIN may skip it. "Not possible" would erase both.
Status phase_refusal(const Visit& v) {
    if (handover_started(v.phase())) {
        return make_error(ErrorCode::handover_started,
                          "the handover has begun, so the work is done and the visit can no longer close as "
                          "not possible; the customer's survey follows (declining it needs the technician's PIN)");
    }
    if (v.phase() == VisitPhase::Closed) return phase_error(v.phase(), "closing as not possible");
    return {};
}

}  // namespace

Status close_refusal(const Visit& v, const FailureCause& cause) {
    if (Status s = phase_refusal(v); !s) return s;
    if (cause.kind == FailureCause::Kind::PrecheckNotMet) {
        const auto a = v.precheck_answer(cause.precheck_id);
        if (!v.checklist().find_precheck(cause.precheck_id) || !a || a->kind != Answer::Kind::NotMet) {
            return make_error(ErrorCode::cause_not_recorded, "precheck " + quoted(cause.precheck_id) +
                                                                 " was not recorded as not met");
        }
    }
    return no_blocking_precheck_open(v, cause);
}

// The order of the refusals is part of what a replayed record answers: the phase, the event's
// shape, the cause as written, then the cause against the visit.
Status check_closed_not_possible(const Visit& v, const VisitEvent& e) {
    if (Status s = phase_refusal(v); !s) return s;
    if (e.old_answer || e.new_answer || e.discard || e.receipt) {
        return make_error(ErrorCode::malformed, "a close carries a cause and nothing else");
    }
    if (!e.cause) return make_error(ErrorCode::malformed, "event " + std::to_string(e.seq) + ": a close carries its cause");
    if (Status s = check_cause(e, *e.cause); !s) return s;
    return close_refusal(v, *e.cause);
}

// Record format 5: the receipt's code hash and facts, sealed right before the close they belong to
// (check_consequence_first lets nothing but the close follow).
Status check_receipt_made(const Visit& v, const VisitEvent& e) {
    if (v.format() < kFirstReceiptFormat) {
        return make_error(ErrorCode::wrong_phase, "records of format " + std::to_string(v.format()) + " carry no receipt");
    }
    if (v.receipt()) return make_error(ErrorCode::malformed, "a visit has one receipt; it was already made");
    if (e.old_answer || e.new_answer || e.discard || e.cause || !e.receipt) {
        return make_error(ErrorCode::malformed, "a receipt_made event carries the receipt's facts and nothing else");
    }
    if (e.receipt->code_hash != e.item) {
        return make_error(ErrorCode::malformed, "a receipt_made event's item is its receipt code's hash");
    }
    return check_receipt_facts(*e.receipt);
}

}  // namespace fc::visit_detail
