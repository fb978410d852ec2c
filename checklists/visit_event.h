#pragma once
// VisitEvent: one change to a visit, in order; the visit's audit trail and its only source of truth.
#include <cstdint>
#include <optional>
#include <string>

#include "expected.h"

namespace fc {

enum class Actor { Technician, Customer, System };

enum class EventKind {
    Opened,               // technician opens the visit on site: assigned -> prechecks
    PrecheckRecorded,     // item = precheck id, new_value = answer
    StepsBegun,           // prechecks -> steps (every blocking precheck met)
    StepAnswered,         // item = step id, old/new = answers
    AnswerDiscarded,      // item = step id, old = answer, new = "" ; detail = "hidden" | "cleared"
    Navigated,            // item = step id now current (Back / Next)
    HandoverBegun,        // steps -> handover (every shown required step answered)
    HandoverConfirmed,    // item = handover item id, by the customer
    CustomerModeEntered,  // technician hands the device over: handover -> customer survey
    SurveyAnswered,       // item = question id, by the customer, only in customer mode
    SurveySubmitted,      // by the customer: closes the visit as completed
    SurveyDeclined,       // technician PIN given: closes as completed, "survey not filled in"
    ClosedNotPossible,    // detail = encoded FailureCause
};

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
    std::string old_value;       // encode_answer() or ""
    std::string new_value;       // encode_answer() or ""
    std::string detail;

    friend bool operator==(const VisitEvent&, const VisitEvent&) = default;
};

const char* to_string(Actor a);
std::optional<Actor> actor_from_string(const std::string& s);
const char* to_string(EventKind k);
std::optional<EventKind> event_kind_from_string(const std::string& s);

}  // namespace fc
