#include "app/screens/sync_screen.h"

#include <imgui.h>

#include <algorithm>

#include "app/screens/numeric_keypad.h"
#include "app/screens/touch_ui.h"
#include "app/tablet/strings.h"
#include "app/screens/enrollment_scan.h"
#include "sync/wire/enrollment_code.h"
#include "app/tablet/time_text.h"
#include "app/tablet/sync_words.h"
#include "sync/client/sync_client.h"

namespace fc {
namespace {

std::string visit_name(const OutboxRow& row) {
    return row.customer.empty() ? row.item.visit_id : row.customer + " \u00B7 " + row.item.visit_id;
}

// Why and what to do, under a visit that is not received: its last error in the catalogue's words
// (with when it happened) and the technician's next step.
void reason_lines(TouchUi& ui, const OutboxItem& item, Tone tone) {
    const std::string reason = visit_reason_text(item, ui.t);
    if (reason.empty()) return;
    if (item.last_error_ms > 0) ui.muted(ui.t("sync.last_try", {{"time", date_time_text(item.last_error_ms, ui.t.lang())}}));
    ui.colored(reason, tone);
    const std::string next = visit_next_step_text(item, ui.t);
    if (!next.empty()) ui.muted(next);
}

// While a pass sends visits: which visit and which picture, and a bar of the whole pass.
void progress_lines(TouchUi& ui, const SyncView& view) {
    const SyncProgress& p = *view.status.progress;
    std::string name = p.visit_id;
    for (const OutboxRow& row : view.rows) {
        if (row.item.visit_id == p.visit_id) name = visit_name(row);
    }
    ui.colored(progress_text(p, name, ui.t), Tone::Primary);
    ImGui::ProgressBar(progress_fraction(p), ImVec2(ImGui::GetContentRegionAvail().x, 0.6f * ui.em()), "");
}

void outbox_row(TouchUi& ui, const OutboxRow& row) {
    const OutboxItem& item = row.item;
    const ImVec2 top = ImGui::GetCursorScreenPos();
    ImGui::Indent(0.8f * ui.em());
    Tone tone = Tone::Warning;
    Key state = "sync.pending";
    if (item.state == OutboxState::Sent) {
        tone = Tone::Good;
        state = "sync.sent";
    } else if (item.state == OutboxState::SetAside) {
        tone = Tone::Danger;
        state = "sync.set_aside";
    }
    ui.pill(ui.t(state), tone);
    ImGui::SameLine();
    ui.label(visit_name(row));
    if (item.state == OutboxState::Sent && item.sent_ms > 0) {
        ui.muted(ui.t("sync.received") + " " + date_time_text(item.sent_ms, ui.t.lang()));
    }
    if (item.state != OutboxState::Sent && item.attempts > 0) {
        ui.muted(ui.t("sync.attempts", {{"count", std::to_string(item.attempts)}}));
    }
    reason_lines(ui, item, item.state == OutboxState::SetAside ? Tone::Danger : Tone::Warning);
    ImGui::Unindent(0.8f * ui.em());
    const float bottom = ImGui::GetCursorScreenPos().y - ImGui::GetStyle().ItemSpacing.y;
    ImGui::GetWindowDrawList()->AddRectFilled(top, ImVec2(top.x + 0.3f * ui.em(), bottom), tone_color(tone));
    ui.spacing(0.3f);
}

// Why the keypad: the code is digits only, so gloved fingers type it like a PIN; the address is
// typed once per depot and usually comes with the QR code when the camera exists (issue 12).
void enroll_panel(TouchUi& ui, const SyncStatus& s, EnrollUi& state, Viewfinder& viewfinder, Intent& out) {
    ui.title(ui.t("sync.enroll_title"));
    ui.muted(ui.t("sync.enroll_explain"));
    const float width = std::min(ImGui::GetContentRegionAvail().x, 24 * ui.em());
    const std::string hint = ui.t("sync.enroll_address");
    ui.text_field("enroll-url", state.depot_url, hint.c_str(), width);
    draw_enrollment_scan(ui, viewfinder, state, width, out);
    ui.text(ui.t("sync.enroll_code") + ":");
    ImGui::PushFont(ui.fonts.digits);
    ui.text(state.code.empty() ? std::string("\u2013") : grouped_enrollment_code(state.code));
    ImGui::PopFont();
    const KeypadOptions keys{false, false, kEnrollmentCodeDigits, "enroll-key"};
    ImGui::BeginChild("enroll-keys", ImVec2(width, numeric_keypad_height(ui, keys)), false, ImGuiWindowFlags_NoScrollbar);
    draw_numeric_keypad(ui, state.code, keys);
    ImGui::EndChild();
    if (s.enrolling) ui.colored(ui.t("sync.enrolling"), Tone::Primary);
    if (state.asked && s.enroll_error) ui.colored(error_text(*s.enroll_error, ui.t), Tone::Danger);
    if (ui.button(ui.t("sync.enroll"), "enroll", ImVec2(width, 0), Tone::Primary) && !s.enrolling) {
        if (auto asked = enrollment_from_entry(state)) {
            out = *asked;
        } else {
            out = intent::Notice{"sync.enroll_needs"};
        }
    }
    ui.spacing();
}

}  // namespace

Intent draw_sync(TouchUi& ui, const SyncView& view, EnrollUi& enroll, Viewfinder& viewfinder) {
    Intent out;
    ui.begin_screen("sync");
    if (ui.header(ui.t("sync.title"), {ui.t("common.back_to_today"), "back"}) == TouchUi::kBackTapped) out = intent::Show{Screen::Today};
    ui.begin_body("sync-body", 1);
    const SyncStatus& s = view.status;
    if (s.enrolled) ui.text(ui.t("sync.depot") + ": " + s.depot_url);
    else ui.colored(ui.t("sync.not_enrolled"), Tone::Warning);
    if (!s.enrolled) enroll_panel(ui, s, enroll, viewfinder, out);
    ui.text(ui.t("sync.last_contact") + ": " +
            (s.last_contact_ms > 0 ? date_time_text(s.last_contact_ms, ui.t.lang()) : ui.t("sync.never")));
    if (s.running && s.progress) progress_lines(ui, view);
    else if (s.running) ui.colored(ui.t("sync.running"), Tone::Primary);
    const std::string result = pass_result_text(s.result, ui.t);
    if (!s.running && !result.empty()) ui.colored(result, s.result.waiting > 0 || s.result.set_aside > 0 ? Tone::Warning : Tone::Good);
    ui.spacing();
    ui.title(ui.t("sync.outbox"));
    if (!view.outbox_error.empty()) ui.colored(view.outbox_error, Tone::Danger);
    if (view.rows.empty() && view.outbox_error.empty()) ui.muted(ui.t("sync.outbox_empty"));
    for (const OutboxRow& row : view.rows) outbox_row(ui, row);
    ui.end_body();
    if (ui.button(ui.t("sync.now"), "sync-now", ui.full_width(), Tone::Primary)) out = intent::SyncNow{};
    ui.end_screen();
    return out;
}

}  // namespace fc
