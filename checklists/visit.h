#pragma once
// Visit: one field visit walked through prechecks, steps, handover and the customer's survey;
// the engine that enforces every rule. No GUI, no SQL, no HTTP here.
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "answer.h"
#include "assignment.h"
#include "checklist_template.h"
#include "clock.h"
#include "expected.h"
#include "failure_cause.h"
#include "precheck_confirmation.h"
#include "receipt_facts.h"
#include "technician_pin.h"
#include "visit_event.h"

namespace fc {

enum class VisitPhase { Assigned, Prechecks, Steps, Handover, CustomerSurvey, Closed };
enum class Outcome { Open, Completed, NotPossible };
// OnPhone (record format 3): the customer chose to answer on their own phone; the answers go to the
// depot, never through this device, and the depot links them to the visit by its code.
enum class SurveyStatus { NotAsked, Submitted, NotFilledIn, OnPhone };
// PrecheckBadge: what the day's list shows of a visit's prechecks, and the precheck it is about.
// Red is what must be settled before driving out (story 1): a blocking precheck not met, or a
// blocking before-departure one not yet confirmed. A blocking check that can only be made on
// arrival is amber; anything else not yet met is grey.
struct PrecheckBadge {
    enum class State { AllMet, Pending, CheckOnArrival, NotYetConfirmed, NotMet };
    State state = State::Pending;
    std::string precheck_id;  // set for CheckOnArrival, NotYetConfirmed and NotMet; "" otherwise

    static bool names_precheck(State s) {
        return s == State::CheckOnArrival || s == State::NotYetConfirmed || s == State::NotMet;
    }
    friend bool operator==(const PrecheckBadge&, const PrecheckBadge&) = default;
};

const char* to_string(VisitPhase p);
const char* to_string(Outcome o);
const char* to_string(SurveyStatus s);

using Events = std::vector<VisitEvent>;
struct Decision;

// Every verb is const: it checks the rules once and returns a Decision, the events the action
// produces and the visit as it is after them, without changing this visit. The caller makes the
// events durable, then installs the decided visit; the rules are not run again. Stored or received
// events go through apply(), which checks each one, so a replayed or received event list obeys
// exactly the same rules as a live one.
class Visit {
public:
    // `format`: the record format whose rules this visit is walked and replayed under (a new visit
    // takes kSealedRecordFormat; a replayed record keeps the format it names).
    Visit(Assignment assignment, std::shared_ptr<const ChecklistTemplate> checklist, int format);
    Visit(Assignment assignment, std::shared_ptr<const ChecklistTemplate> checklist);

    // --- verbs (technician unless noted) ---
    Expected<Decision> open(Instant now) const;
    // A blocking precheck recorded not met closes the visit by itself (record format 5: with the
    // receipt given here, sealed before that close; ignored when the answer does not close).
    Expected<Decision> record_precheck(const std::string& id, const Answer& met_or_not, Instant now,
                                       const std::optional<ReceiptFacts>& receipt = std::nullopt) const;
    // A before-departure precheck the back office confirmed (actor intake; format 2 and later).
    Expected<Decision> record_intake(const PrecheckConfirmation& confirmation, Instant now) const;
    Expected<Decision> begin_steps(Instant now) const;
    Expected<Decision> answer_step(const std::string& id, const Answer& answer, Instant now) const;
    Expected<Decision> clear_step(const std::string& id, Instant now) const;  // optional steps only
    Expected<Decision> go_next(Instant now) const;
    Expected<Decision> go_back(Instant now) const;
    Expected<Decision> begin_handover(Instant now) const;
    Expected<Decision> confirm_handover(const std::string& id, Instant now) const;  // customer
    // The customer signs a signature handover item (template format 2): `signature` is the
    // Attachment answer naming the stored image by its SHA-256. Customer.
    Expected<Decision> sign_handover(const std::string& id, const Answer& signature, Instant now) const;
    Expected<Decision> enter_customer_mode(Instant now) const;
    Expected<Decision> answer_survey(const std::string& id, const Answer& answer, Instant now) const;  // customer
    // The four verbs that seal take the customer's receipt (record format 5): when given, a
    // receipt_made event carrying its facts is sealed right before the close. A visit may be sealed
    // without one (older formats; a tablet that could not make one); it then has no receipt page.
    Expected<Decision> submit_survey(Instant now, const std::optional<ReceiptFacts>& receipt = std::nullopt) const;  // customer; seals
    // The customer answers on their own phone (record format 3): `code` is the visit's survey code
    // (22 base64url characters, see sync/wire/survey_code.h), shown as a QR code; seals.
    Expected<Decision> survey_on_phone(const std::string& code, Instant now,
                                       const std::optional<ReceiptFacts>& receipt = std::nullopt) const;
    Expected<Decision> decline_survey(const TechnicianPin& pin, const std::string& entered, Instant now,
                                      const std::optional<ReceiptFacts>& receipt = std::nullopt) const;  // seals
    Expected<Decision> close_not_possible(const FailureCause& cause, Instant now,
                                          const std::optional<ReceiptFacts>& receipt = std::nullopt) const;  // seals
    // Whether a close as not possible with a cause of this kind (naming `precheck_id` for
    // precheck_not_met) is allowed now by the phase and the open prechecks: the refusal the close
    // would give, param "subject" naming the open precheck; the cause's own text is not judged.
    // The close screen offers only what this allows.
    Status close_allowed(FailureCause::Kind kind, const std::string& precheck_id = {}) const;

    // Checks one event against the rules and the current state, then applies it. Refuses anything
    // after the seal (code "sealed"), out-of-order seq, or an event the rules forbid.
    Status apply(const VisitEvent& e);
    Status apply(const Events& events);

    // --- queries ---
    const Assignment& assignment() const { return assignment_; }
    int format() const { return format_; }
    const ChecklistTemplate& checklist() const { return *checklist_; }
    std::shared_ptr<const ChecklistTemplate> checklist_ptr() const { return checklist_; }
    VisitPhase phase() const { return phase_; }
    Outcome outcome() const { return outcome_; }
    const std::optional<FailureCause>& cause() const { return cause_; }
    // The receipt sealed with the close (record format 5), its code hash included; nullopt without one.
    const std::optional<ReceiptFacts>& receipt() const { return receipt_; }
    SurveyStatus survey_status() const { return survey_status_; }
    bool sealed() const { return !seal_.empty(); }
    const std::string& seal() const { return seal_; }  // SHA-256 hex of canonical_content()
    const Events& events() const { return events_; }
    // Escaped length of the events' strings plus room for keys and numbers: an upper bound of their
    // share of the encoded record, kept as events are applied.
    std::size_t events_text_bound() const { return events_text_bound_; }

    std::optional<Answer> precheck_answer(const std::string& id) const;
    // The confirmation the precheck's answer stands on, when the intake (not the technician) gave it.
    std::optional<PrecheckConfirmation> intake_confirmation(const std::string& precheck_id) const;
    std::optional<Answer> step_answer(const std::string& id) const;
    std::optional<Answer> survey_answer(const std::string& id) const;
    bool handover_confirmed(const std::string& id) const;
    std::optional<Answer> handover_answer(const std::string& id) const;  // a signature item's signature
    // The handover is the customer's, in customer mode (template format 2 under record format 2+):
    // the technician's screens show no handover item to tap.
    bool handover_is_customers() const;
    // The customer holds the device: from the handover on in format 2, from the survey on in format 1.
    bool customer_holds_device() const;
    bool has_survey_answers() const { return !survey_.empty(); }
    bool step_shown(const std::string& id) const;  // show_if evaluated on current answers
    std::vector<int> shown_steps() const;          // indices into checklist().steps
    int current_step() const { return current_step_; }  // index; -1 when there are no shown steps
    bool step_satisfied(const std::string& id) const;   // answered, or not required
    std::string step_problem(const std::string& id) const;  // why Next is refused, "" when it is not
    PrecheckBadge precheck_badge() const;
    std::vector<std::string> customer_todo() const;     // from confirmed handover items
    std::optional<Instant> customer_mode_entered_at() const;
    // The files the visit's answers reference, by SHA-256, once each: the current step answers'
    // (photos, every one of a format-4 photo list in the order taken; signatures) in step order,
    // then the customer's handover signatures in item order.
    std::vector<std::string> attachment_hashes() const;

    // The canonical JSON the seal is computed over: assignment, template ref, events (no seal).
    std::string canonical_content() const;

private:
    Status check_shared_(const VisitEvent& e) const;
    Status check_(const VisitEvent& e) const;
    void close_(Outcome outcome, SurveyStatus survey);
    void mutate_(const VisitEvent& e);
    // `receipt`: sealed before a close the rules demand as a consequence (a blocking precheck not met).
    Expected<Decision> decide_(std::vector<VisitEvent> primary,
                               const std::optional<ReceiptFacts>& receipt = std::nullopt) const;
    VisitEvent make_(EventKind kind, Actor actor, Instant now) const;
    // The receipt_made event that goes first in a sealing verb's events; none without a receipt.
    std::vector<VisitEvent> receipt_events_(const std::optional<ReceiptFacts>& receipt, Instant now) const;

    Assignment assignment_;
    std::shared_ptr<const ChecklistTemplate> checklist_;
    int format_ = 1;
    VisitPhase phase_ = VisitPhase::Assigned;
    Outcome outcome_ = Outcome::Open;
    SurveyStatus survey_status_ = SurveyStatus::NotAsked;
    std::optional<FailureCause> cause_;
    std::optional<ReceiptFacts> receipt_;
    std::map<std::string, Answer> prechecks_;
    std::map<std::string, Answer> steps_;
    std::set<std::string> handover_;
    std::map<std::string, Answer> handover_answers_;  // signature items: the customer's signature
    std::map<std::string, Answer> survey_;
    std::optional<Instant> customer_mode_at_;
    int current_step_ = -1;
    Events events_;
    std::size_t events_text_bound_ = 0;
    std::string seal_;
};

// Decision: what one verb decided: the events to make durable and the visit after them, already
// checked against every rule while deciding, so installing it (visit = std::move(d.next)) needs no
// second check and no further copy.
struct Decision {
    Events events;
    Visit next;
};

// The record format this build seals: which rules the visit was walked under and which keys its
// record holds. Every change to what is sealed adds a format (docs/sync-api.md, "Record formats").
inline constexpr int kSealedRecordFormat = 5;
// Record format 3 adds the survey answered on the customer's own phone (survey_on_phone).
inline constexpr int kFirstPhoneSurveyFormat = 3;
// Record format 4 (issue 12): a photo step's answer lists its photos (Answer::Kind::Photos), serial
// steps (Answer::Kind::Serial); templates of format 3 are walked only under it.
inline constexpr int kFirstPhotoListFormat = 4;
// Record format 5 (issue 13): the customer's receipt, sealed as a receipt_made event before the
// close (kFirstReceiptFormat, receipt_facts.h), and the technician's name in the assignment.
inline constexpr std::size_t kSurveyCodeLength = 22;  // 16 bytes in base64url without padding

// VisitRecord: a visit as it travels (tablet → depot) or is stored: everything needed to replay it.
struct VisitRecord {
    int format = 1;  // a record without "format" is format 1
    Assignment assignment;
    std::string template_id;
    int template_version = 0;
    Events events;
    std::string seal;
};

// Canonical JSON of a sealed or open visit: {"assignment":…,"events":[…],"seal":"…","template":{…}}.
// Format 1 is written without a "format" key: records sealed before formats were numbered have none,
// and their bytes (the golden format-1 records) must stay as they are; later formats add "format": N.
std::string encode_visit_record(const Visit& v);
// Bounded, never-throwing decoder (depth and size checked before the parser sees the bytes).
inline constexpr std::size_t kMaxVisitRecordBytes = 4 << 20;
Expected<VisitRecord> decode_visit_record(std::string_view bytes);
// Replays the events through the rules; for a record carrying a seal, the recomputed seal must match
// (code "seal_mismatch"). This is what the depot runs on every upload.
Expected<Visit> replay_visit(const VisitRecord& record, std::shared_ptr<const ChecklistTemplate> checklist);

}  // namespace fc
