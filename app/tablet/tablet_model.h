#pragma once
// TabletModel: the tablet's state (the device store, the open visit or an in-memory practice visit)
// and the verbs the screens' intents map to. The engine decides; the model stores, then shows.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/tablet/signature_image.h"
#include "app/tablet/strings.h"
#include "app/tablet/typed_drafts.h"
#include "checklists/clock.h"
#include "checklists/visit.h"
#include "receipt/receipt.h"
#include "sync/store/device_store.h"

namespace fc {

// TodayRow: one visit on the day's list, with the job's title as the template wrote it. Its precheck
// badge is the engine's (summary.badge, Visit::precheck_badge), as the store keeps it.
struct TodayRow {
    VisitSummary summary;
    std::string job_title;
    std::string badge_precheck;  // the title of the precheck summary.badge names; "" when it names none
    bool unsent = false;         // sealed, and the depot has not yet given its receipt
};

// Settings keys this app keeps in the device store.
inline constexpr const char* kLanguageSetting = "ui_language";      // "en" | "nl"
inline constexpr const char* kCurrentVisitSetting = "current_visit";  // reopened at start
inline constexpr const char* kPracticeHelpSetting = "practice_help_open";  // "1": open by default

class TabletModel {
public:
    TabletModel(std::unique_ptr<DeviceStore> store, Clock& clock);

    DeviceStore& store() { return *store_; }

    // --- the day ---
    // Re-reads the visits from the store (after sync brought new ones, or a visit changed), and the
    // open visit when the store holds more of it (a confirmation the down-sync sealed into it).
    Status refresh();
    const std::vector<TodayRow>& today() const { return today_; }
    // Bumped by each refresh: a screen that keeps something made from today() knows when to make it again.
    std::uint64_t today_version() const { return today_version_; }
    std::string customer_of(const std::string& visit_id) const;
    Expected<std::vector<TemplateRef>> templates();
    Expected<std::vector<OutboxItem>> outbox();

    // --- which visit is open ---
    bool has_visit() const { return visit_.has_value(); }
    const Visit& visit() const { return *visit_; }
    bool practice() const { return practice_; }
    Status open_visit(const std::string& visit_id);
    // `customer_name` is what the screens show for the practice visit, in the UI's language.
    Status start_practice(const std::string& template_id, int version, const std::string& customer_name);
    void leave_visit();
    // The visit that was open when the app last stopped, unless it has closed since.
    std::optional<std::string> resume_visit_id();

    // --- verbs on the open visit: engine decides, store makes durable, then the visit shows it ---
    Status start_visit();
    Status record_precheck(const std::string& id, bool met);
    Status begin_steps();
    Status answer_step(const std::string& step_id, const Answer& answer);
    Status clear_step(const std::string& step_id);
    Status attach_photo(const std::string& step_id, const std::string& path);
    // A photo's bytes (the camera's JPEG, or a checked file) stored by its SHA-256, then the step's
    // answer: the list of hashes in a visit of record format 4, the one photo in an older visit.
    // Practice keeps nothing on disk. Refused at the step's photos_max.
    Status add_photo(const std::string& step_id, const std::string& bytes, const std::string& media_type = "image/jpeg");
    Status remove_photo(const std::string& step_id, const std::string& sha256);
    // In the order taken: the answer's, or those kept while fewer than photos_min.
    std::vector<std::string> photos_of(const std::string& step_id) const;
    Status attach_signature(const std::string& step_id, const std::vector<SignatureStroke>& strokes);
    Status go_next();
    Status go_back();
    Status begin_handover();
    Status confirm_handover(const std::string& item_id);
    // The customer's signature on a signature handover item (template format 2), stored like a step's.
    Status sign_handover(const std::string& item_id, const std::vector<SignatureStroke>& strokes);
    Status enter_customer_mode();
    Status answer_survey(const std::string& question_id, const Answer& answer);
    Status submit_survey(const std::map<std::string, std::string>& comments);  // question id -> text
    // The customer answers on their own phone: seals with the code the QR link carries.
    Status survey_on_phone();
    // The link the QR code shows for the open visit; nullopt in practice, or while the depot has not
    // taken this tablet's survey key or offers no public URL (sync/client/survey_key_registration.h).
    std::optional<std::string> phone_survey_link();
    Status decline_survey(const std::string& entered_pin);
    Status close_not_possible(const FailureCause& cause);

    // --- the customer's receipt (issue 13) ---
    // The four verbs above seal a visit of record format 5 with its receipt's facts; then the
    // receipt is made, and for a real visit its A4 PDF is kept beside the store (receipt_files.h).
    // The receipt of the open visit when it was sealed with one (also a practice visit's, marked,
    // in memory only); nullptr otherwise, or when it could not be made (receipt_problem() says why).
    const Receipt* receipt();
    // Why the open visit's receipt or its PDF could not be made; the seal stands, and the PDF can be
    // made again (`fieldcheck receipt`). "" when nothing went wrong.
    const std::string& receipt_problem() const { return receipt_problem_; }

    // --- typed text on the open visit that is not an answer yet ---
    // `place`: "step:<step id>" or "close". A real visit's drafts are durable when keep_draft returns
    // and go when the visit closes; a practice visit's live in memory and go when practice ends.
    DraftFields draft(const std::string& place);
    Status keep_draft(const std::string& place, const DraftFields& fields);

    // --- settings ---
    bool pin_set();
    Status set_pin(const std::string& pin);
    // Both PIN checks (check_pin, decline_survey) refuse with "pin_locked" while a wait runs after
    // wrong PINs (pin_lockout.h), without looking at the PIN typed.
    Status check_pin(const std::string& entered);  // for handing the device back after a submit
    std::int64_t pin_wait_ms();                    // the wait left before the PIN pad opens; 0: open
    // The trainer's choice: in practice every step's help is open unless closed (false when unset).
    bool practice_help_open();
    Status set_practice_help_open(bool open);
    std::optional<Lang> stored_language();
    Status store_language(Lang lang);
    // The depot's contact settings (company, helpdesk) as the last down-sync gave them, for the
    // customer's messages; empty fields when never given or unreadable. A template's own contact
    // (ChecklistTemplate::contact) overrides them where set.
    const CompanyContact& company_contact();  // the depot's settings, as of the last refresh

private:
    Status commit_(Expected<Decision> decided);
    std::optional<ReceiptFacts> receipt_facts_(Instant now);  // nullopt: seal without (a problem noted)
    Expected<std::string> receipt_code_();  // the device key's code; practice: an in-memory key's
    Expected<Receipt> made_receipt_();
    void make_receipt_();  // after the seal: the receipt, and a real visit's PDF kept
    void forget_receipt_();
    Expected<Answer> store_signature_(const std::vector<SignatureStroke>& strokes);  // the PNG, by its hash
    Expected<TechnicianPin> pin_();
    Status answer_photos_(const std::string& step_id, std::vector<std::string> hashes);
    std::shared_ptr<const ChecklistTemplate> checklist_(const std::string& id, int version);  // nullptr: not here yet

    std::unique_ptr<DeviceStore> store_;
    Clock& clock_;
    std::optional<Visit> visit_;
    bool practice_ = false;
    std::vector<TodayRow> today_;
    std::uint64_t today_version_ = 0;
    std::map<std::string, std::size_t> today_index_;  // visit id -> its row in today_
    std::optional<CompanyContact> contact_;
    std::optional<std::optional<std::string>> phone_link_;  // phone_survey_link(), as of the last refresh
    std::optional<Receipt> receipt_;  // the open visit's, once made
    std::string practice_key_;  // the practice visit's survey key: in memory, made at its first receipt
    bool receipt_tried_ = false;      // made or refused for the open visit: not tried again per frame
    std::string receipt_problem_;
    TypedDrafts drafts_;
    std::map<std::string, DraftFields> practice_drafts_;
    // Photos kept on a step that has fewer than its photos_min yet (stored files, not an answer);
    // in memory for the open visit only.
    std::map<std::string, std::vector<std::string>> pending_photos_;
    std::map<std::pair<std::string, int>, std::shared_ptr<const ChecklistTemplate>> checklists_;
};

}  // namespace fc
