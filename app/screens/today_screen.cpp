#include "app/screens/today_screen.h"

#include <imgui.h>

#include "app/screens/touch_ui.h"
#include "app/screens/visit_overview_screen.h"
#include "app/tablet/time_text.h"

namespace fc {

namespace {

// Marks "badge:<visit>:<colour>" let tests see which colour each visit's badge was drawn in.
void badge_pill(TouchUi& ui, const TodayRow& row) {
    const std::string mark = "badge:" + row.summary.assignment.visit_id + ":";
    using State = PrecheckBadge::State;
    switch (row.summary.badge.state) {
        case State::AllMet: ui.pill(ui.t("badge.all_met"), Tone::Good, mark + "green"); return;
        case State::Pending: ui.pill(ui.t("badge.pending"), Tone::Plain, mark + "grey"); return;
        case State::CheckOnArrival: ui.pill(ui.t("badge.on_arrival"), Tone::Warning, mark + "amber"); return;
        // Story 1: what stops the visit is red before the technician drives out, and named.
        case State::NotYetConfirmed:
            ui.pill(ui.t("badge.blocking_pending") + ": " + row.badge_precheck, Tone::Danger, mark + "red");
            return;
        case State::NotMet:
            ui.pill(ui.t("badge.blocking_not_met") + ": " + row.badge_precheck, Tone::Danger, mark + "red");
            return;
    }
}

void status_pills(TouchUi& ui, const TodayRow& row) {
    const VisitSummary& s = row.summary;
    if (s.phase == VisitPhase::Closed) {
        if (s.outcome == Outcome::NotPossible) ui.pill(ui.t("outcome.not_possible"), Tone::Danger);
        else ui.pill(ui.t("outcome.completed"), Tone::Good);
        return;
    }
    badge_pill(ui, row);
    if (s.phase != VisitPhase::Assigned) {
        ImGui::SameLine();
        ui.pill(ui.t("today.in_progress"), Tone::Primary);
    }
    if (escalated(s.assignment)) {
        ImGui::SameLine();
        ui.pill(escalation_pill_text(ui.t, s.assignment), Tone::Warning);
    }
}

}  // namespace

Intent draw_today(TouchUi& ui, const TodayView& view) {
    Intent out;
    ui.begin_screen("today");
    // The button names the other language in that language, so either reader finds it.
    const std::string other_language = ui.t("language.other");
    std::string sync_label = ui.t("today.sync");
    if (view.outbox_waiting > 0) sync_label += " (" + std::to_string(view.outbox_waiting) + ")";
    const std::vector<TouchUi::Action> actions = {
        {sync_label, "sync"}, {ui.t("today.practice"), "practice"}, {other_language, "language"}};
    // Portrait has no room for the date beside the buttons: it goes on its own line under the bar.
    const std::string date = date_text(view.now_ms, ui.t.lang());
    const std::string with_date = ui.t("today.title") + " \u00B7 " + date;
    const bool date_in_title = ui.header_fits(with_date, {}, actions);
    const int tapped = ui.header(date_in_title ? with_date : ui.t("today.title"), {}, actions);
    if (!date_in_title) ui.text(date);
    if (tapped == 0) out = intent::Show{Screen::Sync};
    if (tapped == 1) out = intent::Show{Screen::PracticePicker};
    if (tapped == 2) out = intent::SetLanguage{ui.t.lang() == Lang::En ? Lang::Nl : Lang::En};

    if (!view.pin_set) {
        ui.colored(ui.t("today.pin_missing"), Tone::Warning);
        if (ui.button(ui.t("pin.set"), "set-pin")) out = intent::Show{Screen::PinSetup};
    }

    ui.begin_body("today-list", 0);
    if (view.rows.empty()) {
        ui.spacing(1.0f);
        ui.muted(ui.t("today.no_visits"));
    }
    for (const TodayRow& row : view.rows) {
        const Assignment& a = row.summary.assignment;
        ui.begin_card("visit:" + a.visit_id);
        ImGui::PushFont(ui.fonts.title);
        ui.label(window_text(a.window_start_ms, a.window_end_ms) + "   " + a.customer_name);
        ImGui::PopFont();
        ui.label(a.address);
        ImGui::PushStyleColor(ImGuiCol_Text, palette::kMuted);
        ui.label(row.job_title);
        ImGui::PopStyleColor();
        status_pills(ui, row);
        if (ui.end_card()) out = intent::OpenVisit{a.visit_id};
    }
    ui.end_body();
    ui.end_screen();
    return out;
}

}  // namespace fc
