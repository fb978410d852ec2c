#include "app/screens/sync_screen.h"

#include <imgui.h>

#include "app/screens/touch_ui.h"
#include "app/tablet/time_text.h"

namespace fc {
namespace {

void outbox_row(TouchUi& ui, const OutboxRow& row) {
    const OutboxItem& item = row.item;
    const ImVec2 top = ImGui::GetCursorScreenPos();
    ImGui::Indent(0.8f * ui.em());
    Tone tone = Tone::Warning;
    S state = S::OutboxPending;
    if (item.state == OutboxState::Sent) {
        tone = Tone::Good;
        state = S::OutboxSent;
    } else if (item.state == OutboxState::SetAside) {
        tone = Tone::Danger;
        state = S::OutboxSetAside;
    }
    ui.pill(ui.t(state), tone);
    ImGui::SameLine();
    ImGui::TextUnformatted((row.customer.empty() ? item.visit_id : row.customer + " \u00B7 " + item.visit_id).c_str());
    if (item.state == OutboxState::Sent && item.sent_ms > 0) {
        ui.muted(ui.t(S::SentAt) + " " + date_time_text(item.sent_ms, ui.t.lang()));
    }
    if (item.state != OutboxState::Sent && item.attempts > 0) {
        ui.muted(ui.t.format(S::Attempts, {std::to_string(item.attempts)}));
    }
    if (!item.last_error.empty()) ui.colored(item.last_error, item.state == OutboxState::SetAside ? Tone::Danger : Tone::Warning);
    ImGui::Unindent(0.8f * ui.em());
    const float bottom = ImGui::GetCursorScreenPos().y - ImGui::GetStyle().ItemSpacing.y;
    ImGui::GetWindowDrawList()->AddRectFilled(top, ImVec2(top.x + 0.3f * ui.em(), bottom), tone_color(tone));
    ui.spacing(0.3f);
}

}  // namespace

Intent draw_sync(TouchUi& ui, const SyncView& view) {
    Intent out;
    ui.begin_screen("sync");
    if (ui.header(ui.t(S::SyncTitle), {ui.t(S::BackToToday), "back"}) == TouchUi::kBackTapped) out = intent::Show{Screen::Today};
    ui.begin_body("sync-body", 1);
    const SyncStatus& s = view.status;
    if (s.enrolled) ui.text(ui.t(S::Depot) + ": " + s.depot_url);
    else ui.colored(ui.t(S::NotEnrolled), Tone::Warning);
    ui.text(ui.t(S::LastContact) + ": " +
            (s.last_contact_ms > 0 ? date_time_text(s.last_contact_ms, ui.t.lang()) : ui.t(S::Never)));
    if (s.running) ui.colored(ui.t(S::SyncRunning), Tone::Primary);
    if (!s.last_error.empty()) ui.colored(s.last_error, Tone::Danger);
    ui.spacing();
    ui.title(ui.t(S::Outbox));
    if (!view.outbox_error.empty()) ui.colored(view.outbox_error, Tone::Danger);
    if (view.rows.empty() && view.outbox_error.empty()) ui.muted(ui.t(S::OutboxEmpty));
    for (const OutboxRow& row : view.rows) outbox_row(ui, row);
    ui.end_body();
    if (ui.button(ui.t(S::SyncNow), "sync-now", ui.full_width(), Tone::Primary)) out = intent::SyncNow{};
    ui.end_screen();
    return out;
}

}  // namespace fc
