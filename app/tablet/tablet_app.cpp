#include "app/tablet/tablet_app.h"

#include <filesystem>
#include <type_traits>
#include <variant>

#include <imgui.h>

#include "app/screens/handover_screen.h"
#include "app/screens/practice_picker_screen.h"
#include "app/screens/prechecks_screen.h"
#include "app/screens/today_screen.h"
#include "app/screens/visit_overview_screen.h"
#include "app/tablet/answer_route.h"
#include "app/tablet/time_text.h"
#include "checklists/time_format.h"

namespace fc {
namespace {

// Oscillating layouts exist (a scrollbar that appears, rewraps the text and disappears again); the
// app stops asking for frames after this many and waits for input like any other time.
constexpr int kMaxSettlingFrames = 6;

// Receipts the Sync screen lists (the newest); the visits still waiting are always all listed.
constexpr std::size_t kReceiptsShown = 30;

bool same_layout(const std::vector<HitTarget>& a, const std::vector<HitTarget>& b) {
    if (a.size() != b.size()) return false;
    const auto same = [](ImVec2 p, ImVec2 q) { return p.x == q.x && p.y == q.y; };
    for (std::size_t i = 0; i < a.size(); ++i) {
        const HitTarget& x = a[i];
        const HitTarget& y = b[i];
        if (x.id != y.id || !same(x.min, y.min) || !same(x.max, y.max) || !same(x.full_min, y.full_min) ||
            !same(x.full_max, y.full_max) || x.selected != y.selected || x.visible != y.visible) {
            return false;
        }
    }
    return true;
}

}  // namespace

TabletApp::TabletApp(TabletModel& model, Lang lang, SyncHooks hooks, Clock& clock)
    : model_(model), strings_(lang), hooks_(std::move(hooks)), clock_(clock) {
    refresh_day_();
    if (const auto resume = model_.resume_visit_id()) {
        if (ok_(model_.open_visit(*resume))) show_phase_();
    }
}

Strings TabletApp::customer_strings_() const {
    if (!model_.has_visit()) return strings_;
    return Strings(lang_from_code(model_.visit().checklist().language).value_or(strings_.lang()));
}

bool TabletApp::ok_(const Status& s, const std::string& subject) {
    if (s) return true;
    // The engine names what it refused (a step's, precheck's, item's or question's title); a screen
    // may name something more exact, such as the file it tried.
    const std::string about = subject.empty() ? s.error().param("subject") : subject;
    message_ = error_text(s.error(), screen_ == Screen::CustomerMode ? customer_strings_() : strings_, about);
    message_tone_ = Tone::Danger;
    return false;
}

void TabletApp::refresh_day_() {
    ok_(model_.refresh());
    pin_set_ = model_.pin_set();
    refresh_outbox_();
}

void TabletApp::refresh_outbox_() {
    auto items = model_.outbox();
    sync_.rows.clear();
    outbox_waiting_ = 0;
    sync_.outbox_error = items ? std::string() : error_text(items.error(), strings_);
    if (!items) return;
    std::size_t received = 0;
    for (const OutboxItem& item : *items) received += item.state == OutboxState::Sent ? 1 : 0;
    // Every visit still waiting, and only the latest receipts: the outbox keeps each receipt for
    // good, and the Sync screen draws its rows every frame.
    std::size_t older_receipts = received > kReceiptsShown ? received - kReceiptsShown : 0;
    for (OutboxItem& item : *items) {
        outbox_waiting_ += item.state != OutboxState::Sent ? 1 : 0;
        if (item.state == OutboxState::Sent && older_receipts > 0) {
            --older_receipts;
            continue;
        }
        OutboxRow row;
        row.customer = model_.customer_of(item.visit_id);
        row.item = std::move(item);
        sync_.rows.push_back(std::move(row));
    }
}

void TabletApp::show_phase_() {
    if (!model_.has_visit()) {
        screen_ = Screen::Today;
        return;
    }
    switch (model_.visit().phase()) {
        case VisitPhase::Assigned: screen_ = Screen::VisitOverview; break;
        case VisitPhase::Prechecks: screen_ = Screen::Prechecks; break;
        case VisitPhase::Steps: screen_ = Screen::StepRunner; break;
        // Template format 2: the handover is the customer's, on the customer's screen.
        case VisitPhase::Handover:
            screen_ = model_.visit().customer_holds_device() ? Screen::CustomerMode : Screen::Handover;
            break;
        case VisitPhase::CustomerSurvey: screen_ = Screen::CustomerMode; break;
        case VisitPhase::Closed: screen_ = Screen::Close; break;
    }
}

// What makes a page: a new one (another screen, visit, phase or step) opens scrolled to its top.
std::string TabletApp::page_key_() const {
    std::string key = std::to_string(static_cast<int>(screen_));
    if (model_.has_visit()) {
        const Visit& v = model_.visit();
        key += "|" + v.assignment().visit_id + "|" + std::to_string(static_cast<int>(v.phase())) + "|" +
               std::to_string(v.current_step());
    }
    return key;
}

void TabletApp::frame(const FontSet& fonts) {
    if (hooks_.status) {
        sync_.status = hooks_.status();
        // The sync worker changed the store (new assignments, a visit sent): read it again.
        if (sync_.status.generation != seen_generation_) {
            seen_generation_ = sync_.status.generation;
            refresh_day_();
        }
    }
    targets_.clear();
    drawn_texts_.clear();
    // Customer mode is the customer's alone, in the customer's language.
    const Strings customer = customer_strings_();
    // The receipt is worded in the customer's language too, whoever holds the tablet.
    const bool customer_mode = (screen_ == Screen::CustomerMode || screen_ == Screen::Receipt) && model_.has_visit();
    TouchUi ui(fonts, customer_mode ? customer : strings_, targets_, model_.practice(), message_, message_tone_);
    if (record_texts_) ui.record_texts_into(&drawn_texts_);
    const std::string page = page_key_();
    ui.set_new_page(page != drawn_page_);
    drawn_page_ = page;
    // The camera's newest picture before drawing; a camera that ended mid-preview shows its problem now.
    viewfinder_.poll();
    ui.set_keyboard(&keyboard_);
    const Intent intent = draw_(ui, customer);
    // The camera is only for the screens that asked for it: leaving them closes it.
    if (screen_ != Screen::StepRunner && screen_ != Screen::Sync) viewfinder_.close();
    // Over the screen, in the language of whoever holds the tablet (ui's strings).
    const bool typing = draw_onscreen_keyboard(ui, keyboard_, clock_);
    // What was typed this frame is a draft before anything acts on it.
    keep_typing_();
    handle_(intent);
    // Keep drawing while the picture still moves: after a tap the next screen needs its own frames,
    // and ImGui sizes scrollbars and wrapped text from the frame before.
    const bool acted = !is_none(intent);
    const bool moved = !same_layout(targets_, last_targets_);
    settling_frames_ = !acted && moved ? settling_frames_ + 1 : 0;
    // While a preview is open every frame the camera gives is drawn; with none open, nothing is
    // drawn without an event (the idle-CPU target).
    wants_frame_ = acted || typing || (moved && settling_frames_ <= kMaxSettlingFrames) ||
                   (viewfinder_.is_open() && !viewfinder_.held());
    last_targets_ = targets_;
}

Intent TabletApp::draw_(TouchUi& ui, const Strings& customer) {
    // A visit screen without a visit (it was left) falls back to the day's list.
    const bool needs_visit = screen_ == Screen::VisitOverview || screen_ == Screen::Prechecks ||
                             screen_ == Screen::StepRunner || screen_ == Screen::Handover ||
                             screen_ == Screen::CustomerMode || screen_ == Screen::Close ||
                             screen_ == Screen::Receipt;
    if (needs_visit && !model_.has_visit()) screen_ = Screen::Today;
    // The customer who cancels the PIN pad after the seal is back at the receipt, not a bare thank-you.
    if (screen_ == Screen::CustomerMode && !customer_ui_.pin_open && model_.has_visit() &&
        model_.visit().phase() == VisitPhase::Closed && model_.visit().receipt()) {
        screen_ = Screen::Receipt;
    }
    switch (screen_) {
        case Screen::Today: return draw_today_(ui);
        case Screen::PracticePicker: return draw_practice_picker(ui, templates_, practice_help_open_);
        case Screen::PinSetup: return draw_pin_setup(ui, pin_ui_);
        case Screen::VisitOverview: return draw_visit_overview(ui, model_.visit());
        case Screen::Prechecks: return draw_prechecks(ui, model_.visit(), prechecks_ui_, model_.company_contact());
        case Screen::StepRunner:
            open_step_fields_();
            steps_ui_.photo.kept = current_step_() ? model_.photos_of(current_step_()->id) : std::vector<std::string>{};
            return draw_step_runner(ui, model_.visit(), steps_ui_, viewfinder_);
        case Screen::Handover: return draw_handover(ui, model_.visit(), customer);
        case Screen::CustomerMode:
            // Read only while the pad is open: a setting per frame, and frames come once a second then.
            customer_ui_.pin_wait_ms = customer_ui_.pin_open ? model_.pin_wait_ms() : 0;
            return draw_customer_mode(ui, model_.visit(), customer_ui_,
                                      answer_route(model_.practice(), sync_.status, clock_.now().wall_ms),
                                      model_.phone_survey_link());
        case Screen::Close: return draw_close(ui, model_.visit(), close_ui_, model_.company_contact());
        case Screen::Receipt: return draw_receipt(ui, receipt_view_());
        case Screen::Sync: return draw_sync(ui, sync_, enroll_ui_, viewfinder_);
    }
    return intent::None{};
}

void TabletApp::arrange_day_() {
    const std::int64_t now_ms = clock_.now().wall_ms;
    const std::int64_t day_start = local_day_start_ms(now_ms);
    DayMadeFrom& from = day_made_from_;
    if (from.made && from.rows == model_.today_version() && from.search == today_ui_.search &&
        from.day_start_ms == day_start) {
        return;
    }
    day_ = arrange_day(model_.today(), now_ms, today_ui_.search);
    // Today alone needs no heading: the title already names the day.
    day_lines_ = day_lines(day_, day_.groups.size() > 1 || day_.searching);
    from = DayMadeFrom{model_.today_version(), today_ui_.search, day_start, true};
}

Intent TabletApp::draw_today_(TouchUi& ui) {
    arrange_day_();
    const TodayView view{model_.today(), day_, day_lines_, pin_set_, outbox_waiting_, clock_.now().wall_ms};
    return draw_today(ui, view, today_ui_);
}

bool TabletApp::sync_news_shown(const SyncStatus& now) const {
    const SyncStatus& drawn = sync_.status;
    // New rows (visits, receipts) change the day's list and the outbox on every screen that shows them.
    if (now.generation != drawn.generation || now.enrolled != drawn.enrolled) return true;
    if (screen_ == Screen::CustomerMode) {
        const std::int64_t at = clock_.now().wall_ms;
        return answer_route(model_.practice(), now, at) != answer_route(model_.practice(), drawn, at);
    }
    if (screen_ != Screen::Sync) return false;
    const bool same_contact = now.last_contact_ms == drawn.last_contact_ms ||
                              (now.last_contact_ms > 0 && drawn.last_contact_ms > 0 &&
                               date_time_text(now.last_contact_ms, strings_.lang()) ==
                                   date_time_text(drawn.last_contact_ms, strings_.lang()));
    const auto same_progress = [](const std::optional<SyncProgress>& a, const std::optional<SyncProgress>& b) {
        if (a.has_value() != b.has_value()) return false;
        return !a || (a->visit_id == b->visit_id && a->visit == b->visit && a->visits == b->visits &&
                      a->file == b->file && a->files == b->files);
    };
    return !same_contact || now.running != drawn.running || now.depot_url != drawn.depot_url ||
           now.enrolling != drawn.enrolling || !(now.result == drawn.result) ||
           !same_progress(now.progress, drawn.progress) ||
           now.enroll_error.has_value() != drawn.enroll_error.has_value();
}

const Step* TabletApp::current_step_() const {
    if (!model_.has_visit() || model_.visit().phase() != VisitPhase::Steps) return nullptr;
    const auto& steps = model_.visit().checklist().steps;
    const int current = model_.visit().current_step();
    return current >= 0 && current < static_cast<int>(steps.size()) ? &steps[static_cast<std::size_t>(current)] : nullptr;
}

// A step shown anew starts from its stored answer with its draft, if one was kept, typed over it.
void TabletApp::open_step_fields_() {
    const Step* step = current_step_();
    if (!step || steps_ui_.step_id == step->id) return;
    kept_step_draft_ = model_.draft(step_draft_place(step->id));
    const StepTyping stored = typing_for_answer(model_.visit().step_answer(step->id));
    open_step_fields(steps_ui_, step->id, kept_step_draft_.empty() ? stored : typing_from_draft(kept_step_draft_));
    // A trainer walks the class through every step's help: open unless closed, step by step.
    if (model_.practice() && practice_help_open_) steps_ui_.help_open = true;
}

// Written on every change, so a crash between two taps loses nothing typed; a field that matches
// the stored answer again (it was saved) drops the draft.
void TabletApp::keep_typing_() {
    if (screen_ == Screen::StepRunner) {
        const Step* step = current_step_();
        if (!step || steps_ui_.step_id != step->id) return;
        const StepTyping typed = typing_of(steps_ui_);
        const bool differs = typing_differs(*step, typed, typing_for_answer(model_.visit().step_answer(step->id)));
        const DraftFields wanted = differs ? draft_fields(typed) : DraftFields{};
        if (wanted != kept_step_draft_ && ok_(model_.keep_draft(step_draft_place(step->id), wanted))) {
            kept_step_draft_ = wanted;
        }
    } else if (screen_ == Screen::Close && model_.has_visit() && model_.visit().phase() != VisitPhase::Closed) {
        const DraftFields wanted = close_ui_.text.empty()
                                       ? DraftFields{}
                                       : DraftFields{{"kind", to_string(close_ui_.kind)}, {"text", close_ui_.text}};
        if (wanted != kept_close_draft_ && ok_(model_.keep_draft("close", wanted))) kept_close_draft_ = wanted;
    }
}

// Before the step runner is left: typing that makes a valid answer is saved; text the engine
// refuses stays a draft (said so); a value that cannot be saved is asked about. False: stay.
bool TabletApp::settle_typing_(const Intent& then) {
    if (screen_ != Screen::StepRunner) return true;
    const Step* step = current_step_();
    if (!step || steps_ui_.step_id != step->id) return true;
    const TypingVerdict verdict = judge_typing(*step, model_.visit().step_answer(step->id), typing_of(steps_ui_));
    using Fate = TypingVerdict::Fate;
    if (verdict.fate == Fate::Nothing) return true;
    if (verdict.fate == Fate::Save && ok_(model_.answer_step(step->id, *verdict.answer))) {
        keep_typing_();  // the answer now holds what was typed: its draft goes
        return true;
    }
    if (step->kind != StepKind::Measure) {
        message_ += (message_.empty() ? "" : " ") + strings_("steps.kept_as_draft");
        message_tone_ = Tone::Warning;
        return true;
    }
    steps_ui_.discard_value = typed_value_text(*step, steps_ui_.entry);
    steps_ui_.after_discard = then;
    return false;
}

// The visitor of handle_: one overload per alternative of Intent and nothing generic, so an intent
// added to the variant without a handler here is a compile error, not a tap that does nothing.
struct TabletApp::IntentHandler {
    TabletApp& app;
    void operator()(const intent::None&) const {}
    void operator()(const intent::Show& i) const { app.on_(i); }
    void operator()(const intent::OpenVisit& i) const { app.on_(i); }
    void operator()(const intent::StartPractice& i) const { app.on_(i); }
    void operator()(const intent::LeaveVisit& i) const { app.on_(i); }
    void operator()(const intent::StartVisit& i) const { app.on_(i); }
    void operator()(const intent::ContinueVisit& i) const { app.on_(i); }
    void operator()(const intent::RecordPrecheck& i) const { app.on_(i); }
    void operator()(const intent::BeginSteps& i) const { app.on_(i); }
    void operator()(const intent::PrepareNotPossible& i) const { app.on_(i); }
    void operator()(const intent::CloseNotPossible& i) const { app.on_(i); }
    void operator()(const intent::AnswerStep& i) const { app.on_(i); }
    void operator()(const intent::ClearStep& i) const { app.on_(i); }
    void operator()(const intent::AttachPhoto& i) const { app.on_(i); }
    void operator()(const intent::KeepPhoto& i) const { app.on_(i); }
    void operator()(const intent::DeletePhoto& i) const { app.on_(i); }
    void operator()(const intent::Refuse& i) const { app.on_(i); }
    void operator()(const intent::AttachSignature& i) const { app.on_(i); }
    void operator()(const intent::GoNext& i) const { app.on_(i); }
    void operator()(const intent::GoBack& i) const { app.on_(i); }
    void operator()(const intent::BeginHandover& i) const { app.on_(i); }
    void operator()(const intent::ConfirmHandover& i) const { app.on_(i); }
    void operator()(const intent::SignHandover& i) const { app.on_(i); }
    void operator()(const intent::EnterCustomerMode& i) const { app.on_(i); }
    void operator()(const intent::AnswerSurvey& i) const { app.on_(i); }
    void operator()(const intent::SubmitSurvey& i) const { app.on_(i); }
    void operator()(const intent::AnswerOnPhone& i) const { app.on_(i); }
    void operator()(const intent::DeclineSurvey& i) const { app.on_(i); }
    void operator()(const intent::ReturnToTechnician& i) const { app.on_(i); }
    void operator()(const intent::SetPin& i) const { app.on_(i); }
    void operator()(const intent::SetLanguage& i) const { app.on_(i); }
    void operator()(const intent::SyncNow& i) const { app.on_(i); }
    void operator()(const intent::Enroll& i) const { app.on_(i); }
    void operator()(const intent::Notice& i) const { app.on_(i); }
    void operator()(const intent::SetPracticeHelp& i) const { app.on_(i); }
    void operator()(const intent::HandBack& i) const { app.on_(i); }
};

namespace {

template <typename Handler, typename... Intents>
constexpr bool handles_every(const std::variant<Intents...>*) {
    return (std::is_invocable_v<const Handler&, const Intents&> && ...);
}

}  // namespace

void TabletApp::handle_(const Intent& intent) {
    // std::visit would refuse a missing overload too, in a page of template errors; this says why.
    static_assert(handles_every<IntentHandler>(static_cast<const Intent*>(nullptr)),
                  "every alternative of Intent needs its operator() in TabletApp::IntentHandler");
    if (is_none(intent)) return;
    // A new action replaces the previous message; a refused one puts its own message up.
    message_.clear();
    std::visit(IntentHandler{*this}, intent);
}

// A visit opened afresh starts with nothing typed or chosen on its screens.
void TabletApp::reset_visit_ui_() {
    prechecks_ui_ = {};
    steps_ui_ = {};
    customer_ui_ = {};
    close_ui_ = {};
}

void TabletApp::on_(const intent::Show& i) {
    if (i.screen == Screen::Sync) refresh_outbox_();
    if (i.screen == Screen::Today) refresh_day_();
    if (i.screen == Screen::PracticePicker) {
        practice_help_open_ = model_.practice_help_open();
        auto t = model_.templates();
        templates_ = t ? std::move(*t) : std::vector<TemplateRef>{};
        ok_(t ? Status() : Status(t.error()));
    }
    screen_ = i.screen;
}

void TabletApp::on_(const intent::OpenVisit& i) {
    if (ok_(model_.open_visit(i.visit_id))) {
        reset_visit_ui_();
        screen_ = Screen::VisitOverview;
    }
}

void TabletApp::on_(const intent::SetPracticeHelp& i) {
    if (ok_(model_.set_practice_help_open(i.open))) practice_help_open_ = i.open;
}

void TabletApp::on_(const intent::StartPractice& i) {
    practice_help_open_ = model_.practice_help_open();
    if (ok_(model_.start_practice(i.template_id, i.version, strings_("practice.customer")))) {
        reset_visit_ui_();
        show_phase_();
    }
}

void TabletApp::on_(const intent::LeaveVisit& i) {
    if (!settle_typing_(i)) return;
    model_.leave_visit();
    refresh_day_();
    screen_ = Screen::Today;
}

void TabletApp::on_(const intent::StartVisit&) {
    if (ok_(model_.start_visit())) show_phase_();
}

void TabletApp::on_(const intent::ContinueVisit&) {
    show_phase_();
}

void TabletApp::on_(const intent::RecordPrecheck& i) {
    // A blocking precheck not met closes the visit (the engine's consequence): on to the summary.
    if (ok_(model_.record_precheck(i.id, i.met))) show_phase_();
}

void TabletApp::on_(const intent::BeginSteps&) {
    if (ok_(model_.begin_steps())) show_phase_();
}

void TabletApp::on_(const intent::PrepareNotPossible& i) {
    if (!settle_typing_(i)) return;
    close_ui_ = {};
    close_ui_.kind_chosen = !i.precheck_id.empty();
    close_ui_.kind = i.kind;
    close_ui_.precheck_id = i.precheck_id;
    // The cause typed before Cancel (or a crash) comes back, with the kind it was typed for unless
    // this way in already names one.
    kept_close_draft_ = model_.draft("close");
    if (const auto text = kept_close_draft_.find("text"); text != kept_close_draft_.end()) close_ui_.text = text->second;
    if (const auto kind = kept_close_draft_.find("kind"); kind != kept_close_draft_.end() && !close_ui_.kind_chosen) {
        if (const auto known = failure_kind_from_string(kind->second)) {
            close_ui_.kind_chosen = true;
            close_ui_.kind = *known;
        }
    }
    screen_ = Screen::Close;
}

void TabletApp::on_(const intent::CloseNotPossible& i) {
    if (ok_(model_.close_not_possible(i.cause))) {
        screen_ = Screen::Close;
        show_receipt_();
    }
}

void TabletApp::on_(const intent::AnswerStep& i) {
    ok_(model_.answer_step(i.step_id, i.answer));
}

void TabletApp::on_(const intent::ClearStep& i) {
    if (ok_(model_.clear_step(i.step_id))) steps_ui_.step_id.clear();
}

void TabletApp::on_(const intent::AttachPhoto& i) {
    ok_(model_.attach_photo(i.step_id, i.path), std::filesystem::path(i.path).filename().string());
}

void TabletApp::on_(const intent::KeepPhoto& i) {
    ok_(model_.add_photo(i.step_id, i.jpeg, "image/jpeg"));
}

void TabletApp::on_(const intent::DeletePhoto& i) {
    ok_(model_.remove_photo(i.step_id, i.sha256));
}

void TabletApp::on_(const intent::Refuse& i) {
    ok_(Status(i.error), i.subject);
}

void TabletApp::on_(const intent::AttachSignature& i) {
    ok_(model_.attach_signature(i.step_id, i.strokes));
}

void TabletApp::on_(const intent::GoNext& i) {
    if (settle_typing_(i)) ok_(model_.go_next());
}

void TabletApp::on_(const intent::GoBack& i) {
    if (settle_typing_(i)) ok_(model_.go_back());
}

void TabletApp::on_(const intent::BeginHandover& i) {
    if (settle_typing_(i) && ok_(model_.begin_handover())) {
        customer_ui_ = {};
        show_phase_();
    }
}

void TabletApp::on_(const intent::ConfirmHandover& i) {
    ok_(model_.confirm_handover(i.id));
}

void TabletApp::on_(const intent::SignHandover& i) {
    if (ok_(model_.sign_handover(i.id, i.strokes))) customer_ui_.signature = {};
}

void TabletApp::on_(const intent::EnterCustomerMode&) {
    if (ok_(model_.enter_customer_mode())) {
        customer_ui_ = {};
        show_phase_();
    }
}

void TabletApp::on_(const intent::AnswerSurvey& i) {
    ok_(model_.answer_survey(i.question_id, i.answer));
}

void TabletApp::on_(const intent::SubmitSurvey& i) {
    if (ok_(model_.submit_survey(i.comments))) show_receipt_();
}

void TabletApp::on_(const intent::AnswerOnPhone&) {
    if (ok_(model_.survey_on_phone())) show_receipt_();
}

void TabletApp::on_(const intent::DeclineSurvey& i) {
    if (ok_(model_.decline_survey(i.pin))) {
        customer_ui_ = {};
        screen_ = Screen::Close;
        show_receipt_();
    }
}

// Shown in the language of the customer's template; a seal whose receipt could not be made still
// shows the screen, saying so, so the technician learns it at the door and not at the depot.
void TabletApp::show_receipt_() {
    if (!model_.has_visit() || model_.visit().phase() != VisitPhase::Closed) return;
    if (!model_.visit().receipt() && model_.receipt_problem().empty()) return;  // sealed without one (older records)
    screen_ = Screen::Receipt;
}

ReceiptView TabletApp::receipt_view_() {
    ReceiptView view;
    view.receipt = model_.receipt();
    // The customer holds the tablet after answering (here or on the phone): taking it back needs the PIN.
    const SurveyStatus survey = model_.visit().survey_status();
    view.customer_holds = survey == SurveyStatus::Submitted || survey == SurveyStatus::OnPhone;
    view.problem = model_.receipt_problem();
    return view;
}

void TabletApp::on_(const intent::HandBack&) {
    if (receipt_view_().customer_holds) {
        // The customer's thank-you screen with the PIN pad open, as before the receipt existed.
        customer_ui_ = {};
        customer_ui_.pin_open = true;
        screen_ = Screen::CustomerMode;
        return;
    }
    screen_ = Screen::Close;
}

void TabletApp::on_(const intent::ReturnToTechnician& i) {
    if (!ok_(model_.check_pin(i.pin))) return;
    customer_ui_ = {};
    if (model_.visit().phase() == VisitPhase::Closed) {
        screen_ = Screen::Close;
        return;
    }
    // The customer's handover is not finished (template format 2): the technician takes the tablet
    // back to the day's list; the visit reopens in the customer's hands where it stopped.
    model_.leave_visit();
    refresh_day_();
    screen_ = Screen::Today;
}

void TabletApp::on_(const intent::SetPin& i) {
    const bool saved = ok_(model_.set_pin(i.pin));
    pin_set_ = model_.pin_set();
    if (saved) {
        message_ = strings_("pin.saved");
        message_tone_ = Tone::Good;
        screen_ = Screen::Today;
    }
}

void TabletApp::on_(const intent::SetLanguage& i) {
    strings_ = Strings(i.lang);
    ok_(model_.store_language(i.lang));
}

void TabletApp::on_(const intent::SyncNow&) {
    // A tablet without a depot says so rather than pretending to sync.
    if (hooks_.sync_now && (!hooks_.status || sync_.status.enrolled)) {
        hooks_.sync_now();
        refresh_outbox_();
    } else {
        message_ = strings_("sync.not_enrolled");
        message_tone_ = Tone::Warning;
    }
}

// The code is kept until the worker says how it went: a refused one is there to correct.
void TabletApp::on_(const intent::Enroll& i) {
    if (!hooks_.enroll) {
        message_ = strings_("sync.no_depot_connection");
        message_tone_ = Tone::Warning;
        return;
    }
    hooks_.enroll(i.depot_url, i.code);
    enroll_ui_.asked = true;
}

void TabletApp::on_(const intent::Notice& i) {
    message_ = strings_(i.text);
    message_tone_ = Tone::Warning;
}

}  // namespace fc
