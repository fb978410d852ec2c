#pragma once
// Internal to the visit engine: answer fitting, show_if and the consequences a rule demands.
#include <optional>
#include <string>
#include <vector>

#include "visit.h"

namespace fc::visit_detail {

// The token show_if compares against (see ShowIf in checklist_template.h); text, photo and
// signature answers give "answered".
std::string answer_token(const Step& step, const Answer& a);

// Which steps are shown: a step with show_if is shown only when the step it points at is itself
// shown and answered with one of the listed tokens, so hiding cascades down a chain.
std::vector<bool> shown_mask(const Visit& v);

// What JSON cannot carry (NaN, infinities, broken UTF-8) is refused before encoding, with its own code.
Status answer_representable(const Answer& a);

Status precheck_answer_fits(const Precheck& p, const Answer& a);
// `format`: the record format the visit is walked under (a photo step takes a Photos answer from
// kFirstPhotoListFormat on, one Attachment before).
Status step_answer_fits(const Step& s, const Answer& a, int format);
Status survey_answer_fits(const SurveyQuestion& q, const Answer& a);
Status signature_answer_fits(const HandoverItem& h, const Answer& a);  // a signature handover item

bool is_blank(const std::string& s);  // empty or only whitespace
std::string quoted(const std::string& s);

// The event the rules demand next, before anything else may happen: the "not possible" close after
// a blocking precheck was not met; the discard of an answer whose step became hidden; the move away
// from a current step that became hidden. seq and times are left for the caller.
std::optional<VisitEvent> pending_consequence(const Visit& v);

// The step whose answer last changed (the place to return to when the current step disappears).
std::string last_changed_step(const Visit& v);

bool is_closing(EventKind k);

// Template format 2 walked under record format 2 or later: customer mode begins at the handover,
// the handover items are the customer's to confirm (and sign), the survey opens after the last one.
// Anything older replays in the old order: the handover first, then customer mode for the survey.
bool handover_is_customers(const Visit& v);

// Story 000: from record format 2 on, "not possible" waits until every blocking precheck is
// recorded (a blocking one not met is itself the cause); only an absent customer leaves one open. The
// refusal ("precheck_open", param subject) names the first open one in template order.
Status no_blocking_precheck_open(const Visit& v, const FailureCause& cause);

// Whether the visit may close as not possible with this cause now, whatever the event carries: the
// phase, a named precheck recorded as not met, no blocking precheck open (format 2). The one rule
// the close event and Visit::close_allowed (what the close screen offers) both run.
Status close_refusal(const Visit& v, const FailureCause& cause);

// The event's share of the record size bound: the escaped length of its strings and room for the rest.
std::size_t event_text_bound(const VisitEvent& e);

// --- shared guards (visit_guards.cpp) ---
Error phase_error(VisitPhase phase, const char* what);  // "sealed" once closed, else "wrong_phase"
bool handover_started(VisitPhase phase);                // handover or customer survey
// Steps change only in phase Steps: "handover_started" (saying `after_handover`) once it began.
Status in_steps_phase(VisitPhase phase, const char* what, const char* after_handover);
Status no_values(const VisitEvent& e, bool item_allowed);  // "malformed" when any payload is set
Status answer_only(const VisitEvent& e);                     // "malformed" when a discard reason or cause is set
Status old_value_matches(const std::optional<Answer>& current, const VisitEvent& e);
Expected<Answer> new_answer(const VisitEvent& e);
int shown_neighbour(const std::vector<bool>& shown, int from, int direction);  // -1: none
int first_shown_step(const Visit& v);                                           // -1: none

// --- one rule per event kind, checked after the shared ones (visit_walk_rules.cpp, visit_closing_rules.cpp) ---
Status check_opened(const Visit& v, const VisitEvent& e);
Status check_precheck_recorded(const Visit& v, const VisitEvent& e);
Status check_steps_begun(const Visit& v, const VisitEvent& e);
Status check_step_answered(const Visit& v, const VisitEvent& e);
Status check_answer_discarded(const Visit& v, const VisitEvent& e);
Status check_navigated(const Visit& v, const VisitEvent& e);
Status check_handover_begun(const Visit& v, const VisitEvent& e);
Status check_handover_confirmed(const Visit& v, const VisitEvent& e);
Status check_customer_mode_entered(const Visit& v, const VisitEvent& e);
Status check_survey_answered(const Visit& v, const VisitEvent& e);
Status check_survey_submitted(const Visit& v, const VisitEvent& e);
Status check_survey_declined(const Visit& v, const VisitEvent& e);
Status check_survey_on_phone(const Visit& v, const VisitEvent& e);
Status check_receipt_made(const Visit& v, const VisitEvent& e);
Status check_closed_not_possible(const Visit& v, const VisitEvent& e);

}  // namespace fc::visit_detail
