#pragma once
// Intent: what a screen asks for in one frame; TabletApp turns it into a model verb or a screen change.
#include <map>
#include <string>
#include <variant>
#include <vector>

#include "checklists/answer.h"
#include "checklists/expected.h"
#include "checklists/failure_cause.h"
#include "app/tablet/signature_image.h"
#include "app/tablet/strings.h"

namespace fc {

// Screen: the technician's screens plus customer mode; the visit's phase decides most of them.
enum class Screen {
    Today,
    PracticePicker,
    PinSetup,
    VisitOverview,
    Prechecks,
    StepRunner,
    Handover,
    CustomerMode,
    Close,
    Receipt,  // the customer's receipt, after the seal
    Sync,
};

namespace intent {
struct None {};
struct Show { Screen screen; };                    // plain navigation between technician screens
struct OpenVisit { std::string visit_id; };        // a row on Today: to the visit overview
struct StartPractice { std::string template_id; int version = 0; };
struct LeaveVisit {};                              // back to Today (ends practice)
struct StartVisit {};                              // Visit::open, on to the prechecks
struct ContinueVisit {};                           // from the overview to the screen of the phase
struct RecordPrecheck { std::string id; bool met = false; };
struct BeginSteps {};
struct PrepareNotPossible { FailureCause::Kind kind = FailureCause::Kind::Other; std::string precheck_id; };
struct CloseNotPossible { FailureCause cause; };
struct AnswerStep { std::string step_id; Answer answer; };
struct ClearStep { std::string step_id; };
struct AttachPhoto { std::string step_id; std::string path; };
struct KeepPhoto { std::string step_id; std::string jpeg; };  // the camera's still, kept
struct DeletePhoto { std::string step_id; std::string sha256; };
struct Refuse { Error error; std::string subject; };  // a screen refused a tap itself (a serial that fails its check)
struct AttachSignature { std::string step_id; std::vector<SignatureStroke> strokes; };
struct GoNext {};
struct GoBack {};
struct BeginHandover {};
struct ConfirmHandover { std::string id; };
struct SignHandover { std::string id; std::vector<SignatureStroke> strokes; };  // the customer's (template format 2)
struct EnterCustomerMode {};
struct AnswerSurvey { std::string question_id; Answer answer; };
struct SubmitSurvey { std::map<std::string, std::string> comments; };  // question id -> text
struct AnswerOnPhone {};                           // the customer scanned the QR code (record format 3)
struct DeclineSurvey { std::string pin; };         // technician takes the device back unsubmitted
struct ReturnToTechnician { std::string pin; };    // after the customer submitted
struct SetPin { std::string pin; };
struct SetLanguage { Lang lang = Lang::En; };
struct SyncNow {};
struct Enroll { std::string depot_url; std::string code; };  // the Sync screen's one-time code (or a scan)
struct Notice { Key text; };                       // an input hint (e.g. "type a value first")
struct HandBack {};                                // the receipt is read: to the technician (with the PIN if the customer holds it)
struct SetPracticeHelp { bool open = false; };     // the trainer's: every step's help open by default
}  // namespace intent

using Intent = std::variant<intent::None, intent::Show, intent::OpenVisit, intent::StartPractice,
                            intent::LeaveVisit, intent::StartVisit, intent::ContinueVisit,
                            intent::RecordPrecheck, intent::BeginSteps, intent::PrepareNotPossible,
                            intent::CloseNotPossible,
                            intent::AnswerStep, intent::ClearStep, intent::AttachPhoto,
                            intent::KeepPhoto, intent::DeletePhoto, intent::Refuse,
                            intent::AttachSignature, intent::GoNext, intent::GoBack,
                            intent::BeginHandover, intent::ConfirmHandover, intent::SignHandover, intent::EnterCustomerMode,
                            intent::AnswerSurvey, intent::SubmitSurvey, intent::AnswerOnPhone, intent::DeclineSurvey,
                            intent::ReturnToTechnician, intent::SetPin, intent::SetLanguage,
                            intent::SyncNow, intent::Enroll, intent::Notice, intent::SetPracticeHelp, intent::HandBack>;

inline bool is_none(const Intent& i) { return std::holds_alternative<intent::None>(i); }

}  // namespace fc
