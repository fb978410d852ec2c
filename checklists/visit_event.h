#pragma once
// VisitEvent: one change to a visit, in order; the visit's audit trail and its only source of truth.
#include <cstdint>
#include <optional>
#include <string>

#include "answer.h"
#include "expected.h"
#include "failure_cause.h"
#include "receipt_facts.h"

namespace fc {

// Intake: a confirmation the back office (intake, network operator) gave before the visit, sealed
// into the visit as a precheck event when the tablet learns of it (record format 2 and later).
enum class Actor { Technician, Customer, System, Intake };

enum class EventKind {
    Opened,               // technician opens the visit on site: assigned -> prechecks
    PrecheckRecorded,     // item = precheck id, new_value = answer
    StepsBegun,           // prechecks -> steps (every blocking precheck met)
    StepAnswered,         // item = step id, old/new = answers
    AnswerDiscarded,      // item = step or survey question id, old = answer, why = discard
    Navigated,            // item = step id now current (Back / Next)
    HandoverBegun,        // steps -> handover (every shown required step answered)
    HandoverConfirmed,    // item = handover item id, by the customer
    CustomerModeEntered,  // technician hands the device over: handover -> customer survey
    SurveyAnswered,       // item = question id, by the customer, only in customer mode
    SurveySubmitted,      // by the customer: closes the visit as completed
    SurveyDeclined,       // technician PIN given: closes as completed, "survey not filled in"
    SurveyOnPhone,        // by the customer (format 3): item = the survey code; closes as completed,
                          // the survey answered on the customer's own phone, straight to the depot
    ClosedNotPossible,    // cause; item = the precheck a precheck_not_met cause names
    ReceiptMade,          // by the system (format 5), right before a close: item = the receipt code's
                          // SHA-256 hex, detail = the receipt's facts (receipt_facts.h)
};

// DiscardReason: why an answer was dropped: its step became hidden by a changed answer, the
// technician cleared an optional step, or the technician's PIN declined the customer's survey.
enum class DiscardReason { Hidden, Cleared, SurveyDeclined };

struct VisitEvent {
    std::int64_t seq = 0;        // 1, 2, 3... per visit, no gaps
    // Both times are >= 0; the rules refuse a negative one ("invalid_time").
    std::int64_t wall_ms = 0;    // UTC milliseconds since the epoch (the tablet's clock; may jump)
    // The tablet's CLOCK_BOOTTIME reading in milliseconds: it keeps counting through sleep but
    // restarts at 0 on every boot, so two readings compare only within one boot. The depot uses it
    // only for the pace within one visit (how long the customer took), never across visits.
    std::int64_t mono_ms = 0;
    Actor actor = Actor::Technician;
    EventKind kind = EventKind::Opened;
    std::string item;
    // The payload, typed: which fields a kind carries is a rule (visit_*_rules.cpp); the text form
    // below exists only where events are stored, sealed and sent.
    std::optional<Answer> old_answer;      // the answer replaced or discarded
    std::optional<Answer> new_answer;      // precheck, step and survey answers
    std::optional<DiscardReason> discard;  // AnswerDiscarded
    std::optional<FailureCause> cause;     // ClosedNotPossible
    std::optional<ReceiptFacts> receipt;   // ReceiptMade (its code_hash is the event's item)

    friend bool operator==(const VisitEvent&, const VisitEvent&) = default;
};

// EventText: an event's payload as it is stored, sealed and sent: old_value and new_value hold
// encode_answer() or "", detail the discard reason's name, encode_failure_cause() or
// encode_receipt_facts(), else "".
struct EventText {
    std::string old_value;
    std::string new_value;
    std::string detail;
};
EventText event_text(const VisitEvent& e);
// Reads the text payload into `e`, whose kind is set. Refused (code "malformed"): text that does not
// decode, text not in the canonical form event_text() writes (the seal is computed over that form, so
// any other spelling could not be sealed again), and a detail on a kind that carries none.
Status read_event_text(VisitEvent& e, const EventText& text);

const char* to_string(Actor a);
std::optional<Actor> actor_from_string(const std::string& s);
const char* to_string(EventKind k);
std::optional<EventKind> event_kind_from_string(const std::string& s);
const char* to_string(DiscardReason r);
std::optional<DiscardReason> discard_reason_from_string(const std::string& s);

}  // namespace fc
