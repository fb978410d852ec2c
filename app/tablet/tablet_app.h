#pragma once
// TabletApp: draws the current screen each frame and turns the intent it returns into a model verb
// or a screen change. The same object runs in the real window and in the headless tests.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "app/screens/close_screen.h"
#include "app/screens/customer_mode_screen.h"
#include "app/screens/onscreen_keyboard.h"
#include "app/screens/pin_setup_screen.h"
#include "app/screens/receipt_screen.h"
#include "app/screens/prechecks_screen.h"
#include "app/screens/step_runner_screen.h"
#include "app/screens/sync_screen.h"
#include "app/screens/today_screen.h"
#include "app/screens/touch_ui.h"
#include "app/tablet/background_sync.h"
#include "app/tablet/intent.h"
#include "app/tablet/strings.h"
#include "app/tablet/tablet_model.h"
#include "app/tablet/viewfinder.h"
#include "checklists/clock.h"
#include "platform/fonts.h"

namespace fc {

// SyncHooks: how the Sync screen reaches the background sync; empty hooks mean "no depot".
struct SyncHooks {
    std::function<SyncStatus()> status;
    std::function<void()> sync_now;
    std::function<void(std::string depot_url, std::string code)> enroll;  // enrollment with a one-time code
};

class TabletApp {
public:
    // Reopens the visit that was open when the app last stopped, at its stored step.
    TabletApp(TabletModel& model, Lang lang, SyncHooks hooks, Clock& clock);

    // Draws one frame of the current screen; call between ImGui::NewFrame() and ImGui::Render().
    void frame(const FontSet& fonts);

    // True while what was drawn is still settling (a new screen lays out over two frames, a sync
    // brought news): the loop draws another frame instead of waiting for input.
    bool wants_frame() const { return wants_frame_; }
    // A countdown is on screen (the PIN pad's wait): the loop draws a frame each second until it ends.
    bool counting_down() const { return screen_ == Screen::CustomerMode && customer_ui_.pin_wait_ms > 0; }
    // The redraw decision for the sync worker's wake-ups: whether `now` changes what the screen shows
    // against the status the last frame drew. An idle pass (no news) only moves `running` and
    // `last_contact_ms`, which only the Sync screen shows, so elsewhere it draws no frame.
    bool sync_news_shown(const SyncStatus& now) const;
    // Lines the Today list drew in the last frame (its view and a few either side), for the tests
    // that hold it flat with history.
    int today_lines_drawn() const { return today_ui_.lines_drawn; }

    // The camera for photo steps and scans (`--camera`, open_camera, the preview texture); without
    // it photo steps offer the file picker only and scans say there is no camera.
    void set_camera(CameraHooks hooks) { viewfinder_.set_hooks(std::move(hooks)); }
    const Viewfinder& viewfinder() const { return viewfinder_; }

    Screen screen() const { return screen_; }
    const std::vector<HitTarget>& targets() const { return targets_; }
    const std::string& message() const { return message_; }
    // Tests: keep every string the last frame drew (drawn_texts()), to check its language.
    void record_drawn_texts(bool on) { record_texts_ = on; }
    const std::vector<std::string>& drawn_texts() const { return drawn_texts_; }
    Lang lang() const { return strings_.lang(); }
    bool keyboard_open() const { return keyboard_.open(); }

private:
    Intent draw_(TouchUi& ui, const Strings& customer);
    void handle_(const Intent& intent);
    struct IntentHandler;
    // One handler per intent (see IntentHandler in tablet_app.cpp).
    void on_(const intent::Show& i);
    void on_(const intent::OpenVisit& i);
    void on_(const intent::StartPractice& i);
    void on_(const intent::LeaveVisit& i);
    void on_(const intent::StartVisit& i);
    void on_(const intent::ContinueVisit& i);
    void on_(const intent::RecordPrecheck& i);
    void on_(const intent::BeginSteps& i);
    void on_(const intent::PrepareNotPossible& i);
    void on_(const intent::CloseNotPossible& i);
    void on_(const intent::AnswerStep& i);
    void on_(const intent::ClearStep& i);
    void on_(const intent::AttachPhoto& i);
    void on_(const intent::KeepPhoto& i);
    void on_(const intent::DeletePhoto& i);
    void on_(const intent::Refuse& i);
    void on_(const intent::AttachSignature& i);
    void on_(const intent::GoNext& i);
    void on_(const intent::GoBack& i);
    void on_(const intent::BeginHandover& i);
    void on_(const intent::ConfirmHandover& i);
    void on_(const intent::SignHandover& i);
    void on_(const intent::EnterCustomerMode& i);
    void on_(const intent::AnswerSurvey& i);
    void on_(const intent::SubmitSurvey& i);
    void on_(const intent::AnswerOnPhone& i);
    void on_(const intent::DeclineSurvey& i);
    void on_(const intent::ReturnToTechnician& i);
    void on_(const intent::SetPin& i);
    void on_(const intent::SetLanguage& i);
    void on_(const intent::SyncNow& i);
    void on_(const intent::Enroll& i);
    void on_(const intent::Notice& i);
    void on_(const intent::SetPracticeHelp& i);
    void on_(const intent::HandBack& i);
    // Typed text: brought back from its draft when a step opens, kept as a draft while it differs
    // from the answer, and settled (saved, or asked about) before the step runner is left.
    const Step* current_step_() const;
    void open_step_fields_();
    void keep_typing_();
    bool settle_typing_(const Intent& then);
    void show_phase_();
    void show_receipt_();  // after a seal: the receipt screen when the visit was sealed with one
    ReceiptView receipt_view_();
    void reset_visit_ui_();
    void refresh_day_();
    void refresh_outbox_();
    Intent draw_today_(TouchUi& ui);
    void arrange_day_();  // day_ and day_lines_ again, when the rows, the search or the date changed
    // `subject` names the file or folder an app refusal is about, for the Dutch sentence.
    bool ok_(const Status& s, const std::string& subject = {});
    std::string page_key_() const;
    // The customer's language: the open template's, so a Dutch customer reads Dutch.
    Strings customer_strings_() const;

    TabletModel& model_;
    Strings strings_;
    SyncHooks hooks_;
    Clock& clock_;  // the date on the day's list, the held backspace
    Screen screen_ = Screen::Today;
    std::vector<HitTarget> targets_;
    std::vector<HitTarget> last_targets_;
    std::vector<std::string> drawn_texts_;
    bool record_texts_ = false;
    std::string drawn_page_;
    bool wants_frame_ = true;
    int settling_frames_ = 0;
    std::string message_;
    Tone message_tone_ = Tone::Danger;
    std::uint64_t seen_generation_ = 0;

    // Per-screen UI state: what is typed or open but not yet an answer.
    TodayUi today_ui_;
    // Today's list as arranged for today_ui_'s search: made again only when what it is made from
    // changes, because arranging walks every visit on the tablet.
    DayList day_;
    std::vector<DayLine> day_lines_;
    struct DayMadeFrom {
        std::uint64_t rows = 0;
        std::string search;
        std::int64_t day_start_ms = 0;
        bool made = false;
    } day_made_from_;
    int outbox_waiting_ = 0;  // sealed visits the depot has not received, counted per outbox read
    bool pin_set_ = false;    // read with the day (and after Set PIN), not from SQLite every frame
    PrechecksUi prechecks_ui_;
    StepRunnerUi steps_ui_;
    CustomerModeUi customer_ui_;
    bool practice_help_open_ = false;  // the stored setting, read when practice is picked or started
    CloseUi close_ui_;
    PinSetupUi pin_ui_;
    DraftFields kept_step_draft_;   // what the store holds for steps_ui_'s step
    DraftFields kept_close_draft_;  // and for the close screen's cause
    SyncView sync_;
    Viewfinder viewfinder_;  // opened by the step runner and the Sync screen, closed when they are left
    EnrollUi enroll_ui_;  // the Sync screen's depot address and code while not enrolled
    KeyboardUi keyboard_;  // the on-screen keyboard, open on the text field being typed into
    std::vector<TemplateRef> templates_;
};

}  // namespace fc
