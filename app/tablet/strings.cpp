#include "app/tablet/strings.h"

#include <array>
#include <cstddef>

namespace fc {
namespace {

struct Entry {
    S id;
    const char* en;
    const char* nl;
};

// Kept in the order of the enum; a static_assert below checks it.
constexpr Entry kTable[] = {
    {S::Ok, "OK", "OK"},
    {S::Cancel, "Cancel", "Annuleren"},
    {S::Back, "Back", "Terug"},
    {S::Next, "Next", "Volgende"},
    {S::BackToToday, "\u2190 Today", "\u2190 Vandaag"},
    {S::Help, "Help", "Uitleg"},
    {S::HideHelp, "Hide help", "Uitleg dicht"},
    {S::Saved, "Saved", "Opgeslagen"},
    {S::Required, "Required", "Verplicht"},
    {S::Optional, "Optional", "Optioneel"},
    {S::Note, "Note", "Notitie"},
    {S::Never, "never", "nooit"},
    {S::TodayTitle, "Today", "Vandaag"},
    {S::Sync, "Sync", "Synchroniseren"},
    {S::Practice, "Practice", "Oefenen"},
    {S::NoVisits, "No visits on this tablet yet. They arrive with the next sync; start with --demo to see a demo day.",
     "Nog geen bezoeken op deze tablet. Ze komen bij de volgende sync; start met --demo voor een demodag."},
    {S::PinMissing, "No technician PIN is set. Customer mode needs one to hand the tablet back.",
     "Er is geen monteurspincode ingesteld. De klantmodus heeft er een nodig om de tablet terug te nemen."},
    {S::SetPin, "Set PIN", "Pincode instellen"},
    {S::InProgress, "In progress", "Bezig"},
    {S::ThirdAttempt, "3rd attempt", "3e poging"},
    {S::BadgeAllMet, "Prechecks met", "Voorwaarden in orde"},
    {S::BadgePending, "Prechecks to do", "Voorwaarden nog na te gaan"},
    {S::BadgeOnArrival, "Blocking check on arrival", "Blokkerende controle bij aankomst"},
    {S::BadgeBlockingPending, "Not yet confirmed", "Nog niet bevestigd"},
    {S::BadgeBlockingNotMet, "NOT met", "NIET voldaan"},
    {S::OutcomeCompleted, "Completed", "Afgerond"},
    {S::OutcomeNotPossible, "Not possible", "Niet mogelijk"},
    {S::EscalationBanner,
     "Third attempt on this job: escalate. The two earlier visits could not be completed; read their causes below.",
     "Derde poging voor deze opdracht: escaleren. De twee eerdere bezoeken konden niet worden afgerond; lees hieronder waarom."},
    {S::VisitNumber, "Visit", "Bezoek"},
    {S::Job, "job", "opdracht"},
    {S::HistoryTitle, "History on this job", "Eerdere bezoeken voor deze opdracht"},
    {S::NoHistory, "No earlier visits on this job.", "Geen eerdere bezoeken voor deze opdracht."},
    {S::Cause, "Cause", "Oorzaak"},
    {S::StartVisit, "Start visit \u2192", "Bezoek starten \u2192"},
    {S::ContinueVisit, "Continue \u2192", "Verder \u2192"},
    {S::ViewSummary, "Summary \u2192", "Samenvatting \u2192"},
    {S::NotPossible, "Not possible\u2026", "Niet mogelijk\u2026"},
    {S::PrechecksTitle, "Prechecks", "Voorwaarden"},
    {S::PrecheckOpen, "Open", "Open"},
    {S::PrecheckOpenBlocking, "Open \u00B7 blocking", "Open \u00B7 blokkerend"},
    {S::BeforeDeparture, "Before departure", "V\u00F3\u00F3r vertrek"},
    {S::OnArrival, "On arrival", "Bij aankomst"},
    {S::NoPrechecks, "This job has no prechecks.", "Deze opdracht heeft geen voorwaarden."},
    {S::Met, "Met", "Voldaan"},
    {S::NotMet, "Not met", "Niet voldaan"},
    {S::Blocking, "Blocking", "Blokkerend"},
    {S::ConfirmNotMetExplained,
     "This precheck blocks the visit: recording it as not met closes the visit as not possible, with this precheck "
     "as its cause. This cannot be undone.",
     "Deze voorwaarde blokkeert het bezoek: niet voldaan sluit het bezoek af als niet mogelijk, met deze voorwaarde "
     "als oorzaak. Dit kan niet ongedaan worden gemaakt."},
    {S::ConfirmNotMet, "Not met: close the visit", "Niet voldaan: bezoek afsluiten"},
    {S::BeginSteps, "Begin the steps \u2192", "Naar de stappen \u2192"},
    {S::StepOf, "Step {} of {}", "Stap {} van {}"},
    {S::NoStepsShown, "No step is shown for the answers given.", "Bij deze antwoorden is er geen stap."},
    {S::ConfirmInstruction, "Read and done", "Gelezen en gedaan"},
    {S::AnswerConfirmed, "Confirmed", "Bevestigd"},
    {S::CheckDone, "Done", "Gedaan"},
    {S::CheckNotApplicable, "Not applicable", "Niet van toepassing"},
    {S::ReasonRequired, "Why is this not applicable? (required)", "Waarom is dit niet van toepassing? (verplicht)"},
    {S::SaveReason, "Save reason", "Reden opslaan"},
    {S::AcceptedRange, "Accepted", "Toegestaan"},
    {S::OutOfRangeNote, "Out of range: add a note saying why.", "Buiten bereik: schrijf in een notitie waarom."},
    {S::SaveMeasurement, "Save measurement", "Meting opslaan"},
    {S::TypeValueFirst, "Type the measured value on the keypad first.", "Tik eerst de gemeten waarde in."},
    {S::SaveText, "Save text", "Tekst opslaan"},
    {S::KeyClear, "Clear", "Leegmaken"},
    {S::KeyDelete, "Delete", "Wissen"},
    {S::PhotoPath, "Photo file", "Fotobestand"},
    {S::UsePhoto, "Use photo", "Foto gebruiken"},
    {S::PhotoFolder, "Or pick one from this folder", "Of kies er een uit deze map"},
    {S::ShowPhotos, "Show", "Tonen"},
    {S::NoPhotosInFolder, "No JPEG or PNG photos in this folder.", "Geen JPEG- of PNG-foto's in deze map."},
    {S::PhotoStored, "Photo stored", "Foto opgeslagen"},
    {S::SignHere, "Sign here with your finger", "Zet hier uw handtekening met uw vinger"},
    {S::ClearSignature, "Clear", "Wissen"},
    {S::SaveSignature, "Save signature", "Handtekening opslaan"},
    {S::SignatureStored, "Signature stored", "Handtekening opgeslagen"},
    {S::ClearAnswer, "Clear answer", "Antwoord wissen"},
    {S::NotAnsweredRequired, "Not answered yet \u2013 required before Next.", "Nog niet beantwoord \u2013 verplicht voor Volgende."},
    {S::NotAnsweredOptional, "Not answered (optional).", "Niet beantwoord (optioneel)."},
    {S::StartHandover, "Start the handover", "Naar de overdracht"},
    {S::HandoverTitle, "Handover", "Overdracht"},
    {S::HandoverIntro, "Explain each item; the customer confirms it with a tap.",
     "Leg elk punt uit; de klant bevestigt het met een tik."},
    {S::AddsToTodo, "On the customer's to-do list", "Op de takenlijst van de klant"},
    {S::CustomerConfirms, "Customer: \u201CI understand\u201D", "Klant: \u201CIk begrijp het\u201D"},
    {S::ConfirmedByCustomer, "Confirmed by the customer", "Bevestigd door de klant"},
    {S::NoHandoverItems, "Nothing to hand over for this job.", "Niets over te dragen voor deze opdracht."},
    {S::CustomerTodo, "Customer's to-do list", "Takenlijst van de klant"},
    {S::TodoEmpty, "Nothing yet.", "Nog niets."},
    {S::HandToCustomer, "Hand the tablet to the customer", "Geef de tablet aan de klant"},
    {S::CustomerTitle, "Your opinion", "Uw mening"},
    {S::SurveyIntro, "How did it go? Tap one face per question. Your answers go straight to our office.",
     "Hoe ging het? Tik per vraag \u00E9\u00E9n gezichtje aan. Uw antwoorden gaan direct naar ons kantoor."},
    {S::VeryUnhappy, "Very unhappy", "Zeer ontevreden"},
    {S::VeryHappy, "Very happy", "Zeer tevreden"},
    {S::OptionalComment, "Optional", "Niet verplicht"},
    {S::SendAnswers, "Send my answers", "Verstuur mijn antwoorden"},
    {S::Technician, "Technician", "Monteur"},
    {S::ThankYou, "Thank you!", "Dank u wel!"},
    {S::HandBack, "Your answers are saved. Please hand the tablet back to the technician.",
     "Uw antwoorden zijn opgeslagen. Geef de tablet terug aan de monteur."},
    {S::TechnicianPinTitle, "Technician PIN", "Pincode monteur"},
    {S::PinToLeaveSurvey, "Leaving now records \u201Csurvey not filled in\u201D.",
     "Nu stoppen legt vast: \u201Cenqu\u00EAte niet ingevuld\u201D."},
    {S::PinToTakeBack, "Take the tablet back from the customer.", "Neem de tablet terug van de klant."},
    {S::EndPractice, "End practice", "Oefenen stoppen"},
    {S::NotPossibleTitle, "Not possible", "Niet mogelijk"},
    {S::WhyNotPossible, "Why can this visit not be completed?", "Waarom kan dit bezoek niet worden afgerond?"},
    {S::TrueCauseExplained, "Choose the true cause: the customer's message and the office's figures are made from it.",
     "Kies de echte oorzaak: het bericht aan de klant en de cijfers van kantoor komen hieruit."},
    {S::CausePrecheckNotMet, "A precheck is not met", "Een voorwaarde is niet voldaan"},
    {S::CauseCustomerAbsent, "Customer absent", "Klant niet thuis"},
    {S::CauseEquipment, "Equipment does not fit the situation", "Apparatuur past niet bij de situatie"},
    {S::CauseNetworkFault, "Network fault", "Storing in het netwerk"},
    {S::CauseOther, "Other", "Anders"},
    {S::NoPrecheckNotMet, "No precheck is recorded as not met. Record it on the Prechecks screen first.",
     "Er is geen voorwaarde als niet voldaan vastgelegd. Doe dat eerst bij Voorwaarden."},
    {S::CauseTextRequired, "Say in a few words why (required)", "Zeg in een paar woorden waarom (verplicht)"},
    {S::CauseTextOptional, "Detail (optional)", "Toelichting (optioneel)"},
    {S::MessageToCustomer, "Message to the customer", "Bericht aan de klant"},
    {S::CloseVisitNotPossible, "Close as not possible", "Afsluiten: niet mogelijk"},
    {S::ChooseCauseFirst, "Choose the cause first.", "Kies eerst de oorzaak."},
    {S::SummaryTitle, "Summary", "Samenvatting"},
    {S::Survey, "Survey", "Enqu\u00EAte"},
    {S::SurveySubmitted, "filled in by the customer", "ingevuld door de klant"},
    {S::SurveyNotFilledIn, "not filled in", "niet ingevuld"},
    {S::StepsAnsweredOf, "{} of {} steps answered", "{} van {} stappen beantwoord"},
    {S::Sealed, "Sealed", "Verzegeld"},
    {S::PracticeNothingSaved, "Practice: nothing was saved and nothing will be synced.",
     "Oefening: er is niets opgeslagen en er wordt niets verstuurd."},
    {S::SyncTitle, "Sync", "Synchronisatie"},
    {S::Depot, "Depot", "Depot"},
    {S::NotEnrolled, "This tablet is not connected to a depot yet.", "Deze tablet is nog niet met een depot verbonden."},
    {S::LastContact, "Last contact with the depot", "Laatste contact met het depot"},
    {S::SyncRunning, "Syncing\u2026", "Bezig met synchroniseren\u2026"},
    {S::Outbox, "Outbox", "Postvak uit"},
    {S::OutboxEmpty, "No closed visits waiting.", "Geen afgesloten bezoeken die wachten."},
    {S::OutboxPending, "Pending", "Wacht"},
    {S::OutboxSent, "Sent", "Verstuurd"},
    {S::OutboxSetAside, "Set aside", "Apart gezet"},
    {S::SentAt, "Received by the depot", "Ontvangen door het depot"},
    {S::Attempts, "{} attempt(s) so far", "{} poging(en) tot nu toe"},
    {S::SyncNow, "Sync now", "Nu synchroniseren"},
    {S::PracticeTitle, "Practice", "Oefenen"},
    {S::PracticeExplained, "Walk any procedure with its help texts. Nothing is saved, nothing is synced.",
     "Loop een procedure door met de uitleg. Er wordt niets opgeslagen of verstuurd."},
    {S::NoTemplates, "No templates on this tablet yet.", "Nog geen procedures op deze tablet."},
    {S::PracticeBanner, "PRACTICE \u2013 nothing is saved", "OEFENING \u2013 er wordt niets opgeslagen"},
    {S::PinChoose, "Choose a PIN of 4 to 8 digits. You need it to take the tablet back from a customer.",
     "Kies een pincode van 4 tot 8 cijfers. Daarmee neemt u de tablet terug van een klant."},
    {S::PinTypeAgain, "Type the same PIN again.", "Tik dezelfde pincode nog eens in."},
    {S::SavePin, "Save PIN", "Pincode opslaan"},
    {S::PinsDiffer, "The two PINs differ; start again.", "De twee pincodes verschillen; begin opnieuw."},
    {S::PinSaved, "PIN saved.", "Pincode opgeslagen."},
    {S::NotSaved, "Not saved", "Niet opgeslagen"},
    {S::ErrRequiredStep, "This step is required", "Deze stap is verplicht"},
    {S::ErrSurveyLocked, "The survey opens after the handover", "De enqu\u00EAte gaat pas open na de overdracht"},
    {S::ErrWrongPin, "Wrong PIN.", "Verkeerde pincode."},
    {S::ErrSurveyIncomplete, "Please answer every question", "Beantwoord alstublieft elke vraag"},
    {S::ErrBlockingPrecheck, "A blocking precheck is not met", "Een blokkerende voorwaarde is niet voldaan"},
    {S::ErrPrecheckUnanswered, "Answer every precheck first", "Beantwoord eerst alle voorwaarden"},
    {S::ErrNoteRequired, "A note is required", "Een notitie is verplicht"},
    {S::ErrSealed, "The visit is closed", "Het bezoek is afgesloten"},
    {S::ErrGeneric, "Not possible", "Niet mogelijk"},
    {S::PracticeCustomer, "Practice customer", "Oefenklant"},
    {S::ErrChoosePhoto, "Choose a photo file first.", "Kies eerst een fotobestand."},
    {S::ErrNoSuchFile, "There is no file {}.", "Het bestand {} bestaat niet."},
    {S::ErrFileUnreadable, "The file {} cannot be read.", "Het bestand {} kan niet worden gelezen."},
    {S::ErrPhotoTooLarge, "The file {} is larger than 32 MB; take a smaller photo.",
     "Het bestand {} is groter dan 32 MB; maak een kleinere foto."},
    {S::ErrNotAPhoto, "The file {} is not a readable JPEG or PNG photo.",
     "Het bestand {} is geen leesbare JPEG- of PNG-foto."},
    {S::ErrFolderUnreadable, "The folder {} cannot be opened.", "De map {} kan niet worden geopend."},
    {S::ErrSignatureEmpty, "The signature pad is empty; sign with a finger first.",
     "Het handtekeningvak is leeg; zet eerst een handtekening met de vinger."},
    {S::ErrSignatureEncoding, "The signature could not be turned into a PNG image.",
     "De handtekening kon niet als PNG-afbeelding worden bewaard."},
    {S::ErrPinNotSet, "No technician PIN is set on this tablet; set one on the Today screen.",
     "Er is geen monteurspincode ingesteld; stel er een in op het scherm Vandaag."},
    {S::ErrPinCorrupt, "The stored technician PIN is unreadable; set it again on the Today screen.",
     "De opgeslagen monteurspincode is onleesbaar; stel hem opnieuw in op het scherm Vandaag."},
    {S::ErrNoVisit, "No visit is open.", "Er is geen bezoek geopend."},
};

constexpr bool table_in_order() {
    std::size_t i = 0;
    for (const Entry& e : kTable) {
        if (static_cast<std::size_t>(e.id) != i++) return false;
    }
    return i == static_cast<std::size_t>(S::Count_);
}
static_assert(table_in_order(), "kTable must list every S id once, in enum order");

struct Cache {
    std::array<std::string, static_cast<std::size_t>(S::Count_)> en;
    std::array<std::string, static_cast<std::size_t>(S::Count_)> nl;
    Cache() {
        for (const Entry& e : kTable) {
            en[static_cast<std::size_t>(e.id)] = e.en;
            nl[static_cast<std::size_t>(e.id)] = e.nl;
        }
    }
};

// Immutable after construction; built once so operator() can hand out references.
const Cache& cache() {
    static const Cache c;
    return c;
}

}  // namespace

const char* lang_code(Lang lang) { return lang == Lang::Nl ? "nl" : "en"; }

std::optional<Lang> lang_from_code(std::string_view code) {
    if (code == "en") return Lang::En;
    if (code == "nl") return Lang::Nl;
    return std::nullopt;
}

const std::string& Strings::operator()(S id) const {
    const auto i = static_cast<std::size_t>(id) % static_cast<std::size_t>(S::Count_);
    return lang_ == Lang::Nl ? cache().nl[i] : cache().en[i];
}

std::string Strings::format(S id, std::initializer_list<std::string> args) const {
    const std::string& pattern = (*this)(id);
    std::string out;
    auto arg = args.begin();
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (pattern[i] == '{' && i + 1 < pattern.size() && pattern[i + 1] == '}' && arg != args.end()) {
            out += *arg++;
            ++i;
        } else {
            out += pattern[i];
        }
    }
    return out;
}

std::string error_text(const Error& e, const Strings& t, const std::string& subject) {
    // Refusals the app itself makes: a whole Dutch sentence, no English in brackets.
    static constexpr std::pair<ErrorCode, S> kOwn[] = {
        {ErrorCode::wrong_pin, S::ErrWrongPin},
        {ErrorCode::photo_unreadable, S::ErrFileUnreadable},
        {ErrorCode::photo_too_large, S::ErrPhotoTooLarge},
        {ErrorCode::photo_not_image, S::ErrNotAPhoto},
        {ErrorCode::folder_unreadable, S::ErrFolderUnreadable},
        {ErrorCode::signature_empty, S::ErrSignatureEmpty},
        {ErrorCode::signature_encoding, S::ErrSignatureEncoding},
        {ErrorCode::pin_not_set, S::ErrPinNotSet},
        {ErrorCode::pin_corrupt, S::ErrPinCorrupt},
        {ErrorCode::no_visit, S::ErrNoVisit},
    };
    static constexpr std::pair<ErrorCode, S> kLeads[] = {
        {ErrorCode::required_step_unanswered, S::ErrRequiredStep}, {ErrorCode::survey_locked, S::ErrSurveyLocked},
        {ErrorCode::survey_incomplete, S::ErrSurveyIncomplete},
        {ErrorCode::blocking_precheck_not_met, S::ErrBlockingPrecheck}, {ErrorCode::precheck_unanswered, S::ErrPrecheckUnanswered},
        {ErrorCode::note_required, S::ErrNoteRequired},            {ErrorCode::sealed, S::ErrSealed},
    };
    // Failures of the store itself: the answer was not saved and the screen must say so.
    static constexpr ErrorCode kStoreCodes[] = {ErrorCode::disk_full, ErrorCode::io_error, ErrorCode::sqlite_error,
                                                ErrorCode::busy, ErrorCode::corrupt};
    for (const ErrorCode code : kStoreCodes) {
        if (e.code == code) return t(S::NotSaved) + ": " + e.message;
    }
    if (t.lang() == Lang::En) return e.message;
    if (e.code == ErrorCode::photo_missing) return subject.empty() ? t(S::ErrChoosePhoto) : t.format(S::ErrNoSuchFile, {subject});
    for (const auto& [code, sentence] : kOwn) {
        if (e.code == code) return t.format(sentence, {subject});
    }
    for (const auto& [code, lead] : kLeads) {
        if (e.code == code) return t(lead) + " (" + e.message + ")";
    }
    return t(S::ErrGeneric) + " (" + e.message + ")";
}

}  // namespace fc
