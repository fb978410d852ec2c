#pragma once
// Strings: the UI's own words in English and Dutch (template text is shown as written, never here).
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "checklists/expected.h"

namespace fc {

enum class Lang { En, Nl };
const char* lang_code(Lang lang);  // "en" | "nl"
std::optional<Lang> lang_from_code(std::string_view code);

// One id per UI string; the table in strings.cpp holds both languages side by side.
enum class S {
    Ok, Cancel, Back, Next, BackToToday, Help, HideHelp, Saved, Required, Optional, Note, Never,
    TodayTitle, Sync, Practice, NoVisits, PinMissing, SetPin, InProgress, ThirdAttempt,
    BadgeAllMet, BadgePending, BadgeOnArrival, BadgeBlockingPending, BadgeBlockingNotMet,
    OutcomeCompleted, OutcomeNotPossible,
    EscalationBanner, VisitNumber, Job, HistoryTitle, NoHistory, Cause, StartVisit, ContinueVisit, ViewSummary,
    NotPossible, PrechecksTitle, PrecheckOpen, PrecheckOpenBlocking, BeforeDeparture, OnArrival, NoPrechecks,
    Met, NotMet, Blocking, ConfirmNotMetExplained, ConfirmNotMet, BeginSteps,
    StepOf, NoStepsShown, ConfirmInstruction, AnswerConfirmed, CheckDone, CheckNotApplicable, ReasonRequired,
    SaveReason, AcceptedRange, OutOfRangeNote, SaveMeasurement, TypeValueFirst, SaveText, KeyClear, KeyDelete,
    PhotoPath, UsePhoto, PhotoFolder, ShowPhotos, NoPhotosInFolder, PhotoStored, SignHere, ClearSignature,
    SaveSignature, SignatureStored, ClearAnswer, NotAnsweredRequired, NotAnsweredOptional, StartHandover,
    HandoverTitle, HandoverIntro, AddsToTodo, CustomerConfirms, ConfirmedByCustomer, NoHandoverItems, CustomerTodo,
    TodoEmpty, HandToCustomer,
    CustomerTitle, SurveyIntro, VeryUnhappy, VeryHappy, OptionalComment, SendAnswers, Technician, ThankYou, HandBack,
    TechnicianPinTitle, PinToLeaveSurvey, PinToTakeBack, EndPractice,
    NotPossibleTitle, WhyNotPossible, TrueCauseExplained, CausePrecheckNotMet, CauseCustomerAbsent, CauseEquipment,
    CauseNetworkFault, CauseOther, NoPrecheckNotMet, CauseTextRequired, CauseTextOptional, MessageToCustomer,
    CloseVisitNotPossible, ChooseCauseFirst, SummaryTitle, Survey, SurveySubmitted, SurveyNotFilledIn,
    StepsAnsweredOf, Sealed, PracticeNothingSaved,
    SyncTitle, Depot, NotEnrolled, LastContact, SyncRunning, Outbox, OutboxEmpty, OutboxPending, OutboxSent,
    OutboxSetAside, SentAt, Attempts, SyncNow,
    PracticeTitle, PracticeExplained, NoTemplates, PracticeBanner,
    PinChoose, PinTypeAgain, SavePin, PinsDiffer, PinSaved,
    NotSaved, ErrRequiredStep, ErrSurveyLocked, ErrWrongPin, ErrSurveyIncomplete, ErrBlockingPrecheck,
    ErrPrecheckUnanswered, ErrNoteRequired, ErrSealed, ErrGeneric,
    PracticeCustomer, ErrChoosePhoto, ErrNoSuchFile, ErrFileUnreadable, ErrPhotoTooLarge, ErrNotAPhoto,
    ErrFolderUnreadable, ErrSignatureEmpty, ErrSignatureEncoding, ErrPinNotSet, ErrPinCorrupt, ErrNoVisit,
    Count_
};

class Strings {
public:
    explicit Strings(Lang lang) : lang_(lang) {}
    Lang lang() const { return lang_; }
    const std::string& operator()(S id) const;
    // Replaces each "{}" in the string, in order, by the next argument.
    std::string format(S id, std::initializer_list<std::string> args) const;

private:
    Lang lang_;
};

// An engine or store error for the technician: the engine's own sentence (it names the step or
// precheck), led in Dutch by a Dutch phrase; a store failure says plainly that nothing was saved.
// The app's own refusals (photo file, signature, PIN) are whole sentences in either language;
// `subject` is the file or folder they name.
std::string error_text(const Error& e, const Strings& t, const std::string& subject = {});

}  // namespace fc
