#include "app/tablet/tablet_model.h"

#include "sync/client/survey_key_registration.h"
#include "sync/wire/survey_code.h"

#include <algorithm>
#include <set>

#include "app/tablet/photo_file.h"
#include "app/tablet/pin_lockout.h"
#include "app/tablet/pin_setting.h"
#include "app/tablet/visit_receipt.h"
#include "sync/store/receipt_files.h"
#include "checklists/sha256.h"

namespace fc {
namespace {

Error no_visit() { return make_error(ErrorCode::no_visit, "no visit is open"); }

}  // namespace

TabletModel::TabletModel(std::unique_ptr<DeviceStore> store, Clock& clock)
    : store_(std::move(store)), clock_(clock), drafts_(*store_) {}

std::shared_ptr<const ChecklistTemplate> TabletModel::checklist_(const std::string& id, int version) {
    const auto key = std::make_pair(id, version);
    if (auto it = checklists_.find(key); it != checklists_.end()) return it->second;
    auto t = store_->get_template(id, version);
    if (!t) return nullptr;  // asked again on the next refresh: a sync may bring it
    checklists_[key] = *t;
    return *t;
}

Status TabletModel::refresh() {
    contact_.reset();
    phone_link_.reset();
    auto visits = store_->list_visits();
    if (!visits) return visits.error();
    auto outbox = store_->outbox();
    if (!outbox) return outbox.error();
    std::set<std::string> unsent;
    for (const OutboxItem& item : *outbox) {
        if (item.state != OutboxState::Sent) unsent.insert(item.visit_id);
    }
    std::vector<TodayRow> rows;
    rows.reserve(visits->size());
    for (VisitSummary& s : *visits) {
        TodayRow row;
        const auto checklist = checklist_(s.assignment.template_id, s.assignment.template_version);
        // A template not yet received is shown by its id; the title appears after the next sync.
        row.job_title = checklist ? checklist->title
                                  : s.assignment.template_id + " v" + std::to_string(s.assignment.template_version);
        if (!s.badge.precheck_id.empty()) {
            const Precheck* named = checklist ? checklist->find_precheck(s.badge.precheck_id) : nullptr;
            row.badge_precheck = named ? named->title : s.badge.precheck_id;
        }
        row.unsent = unsent.count(s.assignment.visit_id) > 0;
        row.summary = std::move(s);
        rows.push_back(std::move(row));
    }
    std::stable_sort(rows.begin(), rows.end(), [](const TodayRow& a, const TodayRow& b) {
        return a.summary.assignment.window_start_ms < b.summary.assignment.window_start_ms;
    });
    today_ = std::move(rows);
    ++today_version_;
    today_index_.clear();
    for (std::size_t i = 0; i < today_.size(); ++i) today_index_.emplace(today_[i].summary.assignment.visit_id, i);
    // The background sync writes through its own connection: without this the open visit would
    // miss the intake's confirmation, and its next change would not follow the stored events.
    if (visit_ && !practice_) {
        auto stored = store_->load_visit(visit_->assignment().visit_id);
        if (stored && stored->events().size() > visit_->events().size()) visit_ = std::move(*stored);
    }
    return {};
}

// By the index, not a walk: the Sync screen asks once per outbox row, and both grow with history.
std::string TabletModel::customer_of(const std::string& visit_id) const {
    const auto found = today_index_.find(visit_id);
    return found == today_index_.end() ? std::string() : today_[found->second].summary.assignment.customer_name;
}

Expected<std::vector<TemplateRef>> TabletModel::templates() { return store_->list_templates(); }

Expected<std::vector<OutboxItem>> TabletModel::outbox() { return store_->outbox(); }

Status TabletModel::open_visit(const std::string& visit_id) {
    pending_photos_.clear();
    forget_receipt_();
    contact_.reset();
    phone_link_.reset();
    auto loaded = store_->load_visit(visit_id);
    if (!loaded) return loaded.error();
    visit_ = std::move(loaded.value());
    practice_ = false;
    // Remembered so that a restart (battery, crash, kill) reopens this visit at its current step.
    return store_->set_setting(kCurrentVisitSetting, visit_id);
}

Status TabletModel::start_practice(const std::string& template_id, int version, const std::string& customer_name) {
    auto checklist = store_->get_template(template_id, version);
    if (!checklist) return checklist.error();
    Assignment a;
    a.visit_id = "practice";
    a.technician_id = "trainer";
    a.customer_name = customer_name;
    a.job_id = "practice";
    a.template_id = template_id;
    a.template_version = version;
    const Instant now = clock_.now();
    a.window_start_ms = now.wall_ms;
    a.window_end_ms = now.wall_ms;
    const Visit practice_visit(std::move(a), *checklist);
    auto opened = practice_visit.open(now);
    if (!opened) return opened.error();
    visit_ = std::move(opened->next);
    practice_ = true;
    practice_key_.clear();
    forget_receipt_();
    practice_drafts_.clear();
    pending_photos_.clear();
    return {};
}

void TabletModel::leave_visit() {
    const bool was_real = visit_ && !practice_;
    visit_.reset();
    practice_ = false;
    forget_receipt_();
    practice_drafts_.clear();
    pending_photos_.clear();
    // Leaving on purpose: nothing to resume. (A failed write here only means one resume too many.)
    if (was_real) (void)store_->set_setting(kCurrentVisitSetting, "");
}

std::optional<std::string> TabletModel::resume_visit_id() {
    auto id = store_->setting(kCurrentVisitSetting);
    if (!id || !id->has_value() || id->value().empty()) return std::nullopt;
    // The rows the day's list already read: decoding every visit again doubled the start-up's work.
    if (today_version_ == 0 && !refresh()) return std::nullopt;
    const auto found = today_index_.find(id->value());
    if (found == today_index_.end()) return std::nullopt;
    const VisitPhase phase = today_[found->second].summary.phase;
    if (phase == VisitPhase::Closed || phase == VisitPhase::Assigned) return std::nullopt;
    return id->value();
}

// The one path every change takes: the engine decides once (its decision carries the checked next
// visit), the events are made durable (not in practice), and only then does the decided visit become
// the one the screens show. A refused write changes nothing; the rules are not run a second time.
Status TabletModel::commit_(Expected<Decision> decided) {
    if (!decided) return decided.error();
    if (decided->events.empty()) return {};
    if (!practice_) {
        if (Status s = store_->append_events(decided->next, decided->events); !s) return s;
    }
    const bool sealed_now = visit_->phase() != VisitPhase::Closed && decided->next.phase() == VisitPhase::Closed;
    visit_ = std::move(decided->next);
    // The seal is durable: whatever happens while the receipt is made, the visit stays sealed.
    if (sealed_now && visit_->receipt()) make_receipt_();
    // A closed visit takes no more typing. Its record is safe whatever happens here, so a drafts
    // write that fails only leaves a stale draft behind.
    if (visit_->phase() == VisitPhase::Closed) {
        if (practice_) practice_drafts_.clear();
        else (void)drafts_.forget_visit(visit_->assignment().visit_id);
    }
    return {};
}

DraftFields TabletModel::draft(const std::string& place) {
    if (!visit_) return {};
    if (practice_) {
        const auto found = practice_drafts_.find(place);
        return found == practice_drafts_.end() ? DraftFields{} : found->second;
    }
    return drafts_.get(visit_->assignment().visit_id, place);
}

Status TabletModel::keep_draft(const std::string& place, const DraftFields& fields) {
    if (!visit_) return no_visit();
    if (practice_) {
        practice_drafts_[place] = fields;
        return {};
    }
    return drafts_.put(visit_->assignment().visit_id, place, fields);
}

Status TabletModel::start_visit() {
    if (!visit_) return no_visit();
    return commit_(visit_->open(clock_.now()));
}

Status TabletModel::record_precheck(const std::string& id, bool met) {
    if (!visit_) return no_visit();
    const Instant now = clock_.now();
    // A blocking precheck not met closes the visit: the receipt goes with that close.
    const auto facts = met ? std::nullopt : receipt_facts_(now);
    return commit_(visit_->record_precheck(id, met ? Answer::met() : Answer::not_met(), now, facts));
}

Status TabletModel::begin_steps() {
    if (!visit_) return no_visit();
    return commit_(visit_->begin_steps(clock_.now()));
}

Status TabletModel::answer_step(const std::string& step_id, const Answer& answer) {
    if (!visit_) return no_visit();
    return commit_(visit_->answer_step(step_id, answer, clock_.now()));
}

Status TabletModel::clear_step(const std::string& step_id) {
    if (!visit_) return no_visit();
    return commit_(visit_->clear_step(step_id, clock_.now()));
}

Status TabletModel::attach_photo(const std::string& step_id, const std::string& path) {
    if (!visit_) return no_visit();
    auto photo = read_photo_file(path);
    if (!photo) return photo.error();
    return add_photo(step_id, photo->bytes, photo->media_type);
}

Expected<Answer> TabletModel::store_signature_(const std::vector<SignatureStroke>& strokes) {
    if (!has_ink(strokes)) return make_error(ErrorCode::signature_empty, "the signature pad is empty; sign with a finger first");
    const std::string png = signature_png(strokes);
    if (png.empty()) return make_error(ErrorCode::signature_encoding, "the signature could not be turned into a PNG image");
    std::string hash = sha256_hex(png);
    if (!practice_) {
        auto stored = store_->put_attachment(png, "image/png");
        if (!stored) return stored.error();
        hash = *stored;
    }
    return Answer::attachment(hash);
}

Status TabletModel::attach_signature(const std::string& step_id, const std::vector<SignatureStroke>& strokes) {
    if (!visit_) return no_visit();
    auto signature = store_signature_(strokes);
    if (!signature) return signature.error();
    return answer_step(step_id, *signature);
}

Status TabletModel::sign_handover(const std::string& item_id, const std::vector<SignatureStroke>& strokes) {
    if (!visit_) return no_visit();
    auto signature = store_signature_(strokes);
    if (!signature) return signature.error();
    return commit_(visit_->sign_handover(item_id, *signature, clock_.now()));
}

Status TabletModel::go_next() {
    if (!visit_) return no_visit();
    return commit_(visit_->go_next(clock_.now()));
}

Status TabletModel::go_back() {
    if (!visit_) return no_visit();
    return commit_(visit_->go_back(clock_.now()));
}

Status TabletModel::begin_handover() {
    if (!visit_) return no_visit();
    return commit_(visit_->begin_handover(clock_.now()));
}

Status TabletModel::confirm_handover(const std::string& item_id) {
    if (!visit_) return no_visit();
    return commit_(visit_->confirm_handover(item_id, clock_.now()));
}

Status TabletModel::enter_customer_mode() {
    if (!visit_) return no_visit();
    return commit_(visit_->enter_customer_mode(clock_.now()));
}

Status TabletModel::answer_survey(const std::string& question_id, const Answer& answer) {
    if (!visit_) return no_visit();
    return commit_(visit_->answer_survey(question_id, answer, clock_.now()));
}

Status TabletModel::submit_survey(const std::map<std::string, std::string>& comments) {
    if (!visit_) return no_visit();
    // Comments are recorded when the customer sends, not per keystroke; an empty one is no answer.
    for (const auto& [question_id, text] : comments) {
        if (text.empty()) continue;
        const auto current = visit_->survey_answer(question_id);
        if (current && current->text == text) continue;
        if (Status s = answer_survey(question_id, Answer::text_value(text)); !s) return s;
    }
    const Instant now = clock_.now();
    return commit_(visit_->submit_survey(now, receipt_facts_(now)));
}

std::optional<std::string> TabletModel::phone_survey_link() {
    if (!visit_ || practice_) return std::nullopt;
    // Asked every frame of the customer's survey: read (a setting and the key file) once per open
    // visit or refresh, not sixty times a second.
    if (!phone_link_) phone_link_ = fc::phone_survey_link(*store_, visit_->assignment().visit_id);
    return *phone_link_;
}

Status TabletModel::survey_on_phone() {
    if (!visit_) return no_visit();
    auto key = device_survey_key(*store_);
    if (!key) return key.error();
    const Instant now = clock_.now();
    return commit_(visit_->survey_on_phone(survey_code(*key, visit_->assignment().visit_id), now, receipt_facts_(now)));
}

Status TabletModel::decline_survey(const std::string& entered_pin) {
    if (!visit_) return no_visit();
    auto pin = pin_();
    if (!pin) return pin.error();
    const Instant now = clock_.now();
    if (Status locked = refuse_while_pin_locked(*store_, now.wall_ms); !locked) return locked;
    // Only a PIN that matches seals: the facts (and the survey key behind them) are not touched for a wrong one.
    const auto facts = pin->matches(entered_pin) ? receipt_facts_(now) : std::nullopt;
    return note_pin_outcome(*store_, commit_(visit_->decline_survey(*pin, entered_pin, now, facts)), now.wall_ms);
}

Status TabletModel::close_not_possible(const FailureCause& cause) {
    if (!visit_) return no_visit();
    const Instant now = clock_.now();
    return commit_(visit_->close_not_possible(cause, now, receipt_facts_(now)));
}

std::optional<ReceiptFacts> TabletModel::receipt_facts_(Instant now) {
    // Records older than format 5 have no place for a receipt (a visit opened before the update).
    if (visit_->format() < kFirstReceiptFormat) return std::nullopt;
    auto code = receipt_code_();
    auto facts = code ? tablet_receipt_facts(*store_, *visit_, company_contact(), now.wall_ms, *code)
                      : Expected<ReceiptFacts>(code.error());
    if (!facts) {
        // Sealed without: the customer still gets the to-do list on screen and the visit is not lost.
        receipt_problem_ = "no receipt could be made for this visit: " + facts.error().message;
        return std::nullopt;
    }
    return *facts;
}

Expected<std::string> TabletModel::receipt_code_() {
    if (!practice_) return tablet_receipt_code(*store_, visit_->assignment().visit_id);
    // Practice keeps nothing on the device, not even the survey key a first real receipt would make.
    if (practice_key_.empty()) practice_key_ = new_survey_key();
    return receipt_code(practice_key_, visit_->assignment().visit_id);
}

Expected<Receipt> TabletModel::made_receipt_() {
    auto code = receipt_code_();
    if (!code) return code.error();
    return make_receipt(*visit_, *code, practice_ ? ReceiptUse::Practice : ReceiptUse::Real);
}

void TabletModel::make_receipt_() {
    receipt_tried_ = true;
    auto made = made_receipt_();
    if (!made) {
        receipt_problem_ = "the receipt could not be made: " + made.error().message;
        return;
    }
    receipt_ = std::move(*made);
    if (practice_) return;  // a practice receipt is shown, never kept or sent
    auto pdf = receipt_pdf(*receipt_, Paper::A4);
    const Status kept = pdf ? keep_receipt_pdf(*store_, visit_->assignment().visit_id, *pdf) : Status(pdf.error());
    if (!kept) receipt_problem_ = "the receipt's PDF was not kept (the visit is sealed; it can be made again): " + kept.error().message;
}

void TabletModel::forget_receipt_() {
    receipt_.reset();
    receipt_tried_ = false;
    receipt_problem_.clear();
}

const Receipt* TabletModel::receipt() {
    if (!visit_ || visit_->phase() != VisitPhase::Closed || !visit_->receipt()) return nullptr;
    // A visit reopened after its seal (a restart, the day's list) shows the receipt it was sealed with.
    if (!receipt_ && !receipt_tried_) {
        receipt_tried_ = true;
        auto made = made_receipt_();
        if (made) receipt_ = std::move(*made);
        else receipt_problem_ = "the receipt could not be made: " + made.error().message;
    }
    return receipt_ ? &*receipt_ : nullptr;
}

Expected<TechnicianPin> TabletModel::pin_() { return stored_technician_pin(*store_); }

bool TabletModel::pin_set() { return pin_().ok(); }

Status TabletModel::set_pin(const std::string& pin) { return store_technician_pin(*store_, pin); }

Status TabletModel::check_pin(const std::string& entered) {
    auto pin = pin_();
    if (!pin) return pin.error();
    const std::int64_t now_ms = clock_.now().wall_ms;
    if (Status locked = refuse_while_pin_locked(*store_, now_ms); !locked) return locked;
    Status checked;
    if (!pin->matches(entered)) checked = make_error(ErrorCode::wrong_pin, "that is not the technician's PIN");
    return note_pin_outcome(*store_, checked, now_ms);
}

std::int64_t TabletModel::pin_wait_ms() {
    const std::int64_t now_ms = clock_.now().wall_ms;
    auto lock = stored_pin_lock(*store_, now_ms);
    return lock ? lock->remaining_ms(now_ms) : 0;
}

bool TabletModel::practice_help_open() {
    auto v = store_->setting(kPracticeHelpSetting);
    return v && v->has_value() && v->value() == "1";
}

Status TabletModel::set_practice_help_open(bool open) { return store_->set_setting(kPracticeHelpSetting, open ? "1" : "0"); }

std::optional<Lang> TabletModel::stored_language() {
    auto v = store_->setting(kLanguageSetting);
    if (!v || !v->has_value()) return std::nullopt;
    return lang_from_code(v->value());
}

// Read once and kept until the next refresh or opened visit (a down-sync may change it): the screens
// that quote it draw every frame, and the store is not read per frame.
const CompanyContact& TabletModel::company_contact() {
    if (!contact_) {
        auto stored = store_->company_contact();
        contact_ = stored ? *stored : CompanyContact{};
    }
    return *contact_;
}

Status TabletModel::store_language(Lang lang) { return store_->set_setting(kLanguageSetting, lang_code(lang)); }

}  // namespace fc
