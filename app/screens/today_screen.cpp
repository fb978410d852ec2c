#include "app/screens/today_screen.h"

#include <algorithm>

#include <imgui.h>

#include "app/screens/fitted_text.h"
#include "app/screens/touch_ui.h"
#include "app/screens/visit_overview_screen.h"
#include "app/tablet/time_text.h"
#include "checklists/time_format.h"

namespace fc {

namespace {

// PillRow: a card's badges side by side while they fit, the next one on a new line; one wider than
// the card is cut with "…". Why: in portrait a row of badges ran off the card and the last was lost.
class PillRow {
public:
    explicit PillRow(TouchUi& ui)
        : ui_(ui), right_(ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x - 0.5f * ui.em()) {}
    void add(const std::string& text, Tone tone, const std::string& mark = {}) {
        const float pad = 2 * 0.45f * ui_.em();
        const float full = ImGui::CalcTextSize(text.c_str()).x + pad;
        const float gap = ImGui::GetStyle().ItemSpacing.x;
        const bool fits_beside = !first_ && ImGui::GetItemRectMax().x + gap + full <= right_;
        if (fits_beside) ImGui::SameLine();
        first_ = false;
        const float room = right_ - ImGui::GetCursorScreenPos().x - pad;
        ui_.pill(ellipsized(text, room), tone, mark);
    }

private:
    TouchUi& ui_;
    float right_;
    bool first_ = true;
};

// Marks "badge:<visit>:<colour>" let tests see which colour each visit's badge was drawn in.
void badge_pill(TouchUi& ui, const TodayRow& row, PillRow& pills) {
    const std::string mark = "badge:" + row.summary.assignment.visit_id + ":";
    using State = PrecheckBadge::State;
    switch (row.summary.badge.state) {
        case State::AllMet: pills.add(ui.t("badge.all_met"), Tone::Good, mark + "green"); return;
        case State::Pending: pills.add(ui.t("badge.pending"), Tone::Plain, mark + "grey"); return;
        case State::CheckOnArrival: pills.add(ui.t("badge.on_arrival"), Tone::Warning, mark + "amber"); return;
        // Story 1: what stops the visit is red before the technician drives out, and named.
        case State::NotYetConfirmed:
            pills.add(ui.t("badge.blocking_pending") + ": " + row.badge_precheck, Tone::Danger, mark + "red");
            return;
        case State::NotMet:
            pills.add(ui.t("badge.blocking_not_met") + ": " + row.badge_precheck, Tone::Danger, mark + "red");
            return;
    }
}

// Marks "withdrawn:<visit>" let tests see it. Why kept at all: the work done is finished and sent,
// and the depot records the conflict for the planner instead of losing either side.
void withdrawn_pill(TouchUi& ui, const VisitSummary& s, PillRow& pills) {
    const std::string text = withdrawn_mark_text(ui.t, s);
    if (text.empty()) return;
    pills.add(text, Tone::Warning, "withdrawn:" + s.assignment.visit_id);
}

void status_pills(TouchUi& ui, const TodayRow& row) {
    const VisitSummary& s = row.summary;
    PillRow pills(ui);
    if (s.phase == VisitPhase::Closed) {
        if (s.outcome == Outcome::NotPossible) pills.add(ui.t("outcome.not_possible"), Tone::Danger);
        else pills.add(ui.t("outcome.completed"), Tone::Good);
        withdrawn_pill(ui, s, pills);
        // Why a finished visit from an earlier day is still on the list.
        if (row.unsent) pills.add(ui.t("today.not_sent"), Tone::Warning, "unsent:" + s.assignment.visit_id);
        return;
    }
    badge_pill(ui, row, pills);
    if (s.phase != VisitPhase::Assigned) pills.add(ui.t("today.in_progress"), Tone::Primary);
    if (escalated(s.assignment)) pills.add(escalation_pill_text(ui.t, s.assignment), Tone::Warning);
    withdrawn_pill(ui, s, pills);
}

// "Yesterday · Mon 13 Nov 2023": a day near today is named, every day shows its date. The mark
// "day:<yyyymmdd>" lets tests see which heading a card falls under.
void day_heading(TouchUi& ui, const DayGroup& g, std::int64_t now_ms) {
    // A day is 23 to 25 hours long: half a day before midnight is yesterday, a day and a half after it tomorrow.
    constexpr std::int64_t kHourMs = 3600 * 1000;
    const std::int64_t today = local_day_start_ms(now_ms);
    std::string name;
    if (g.when == DayWhen::Today) name = ui.t("today.heading_today") + " \u00B7 ";
    else if (g.day_start_ms == local_day_start_ms(today - 12 * kHourMs)) name = ui.t("today.yesterday") + " \u00B7 ";
    else if (g.day_start_ms == local_day_start_ms(today + 36 * kHourMs)) name = ui.t("today.tomorrow") + " \u00B7 ";
    ui.spacing(0.4f);
    ui.title(name + date_text(g.day_start_ms, ui.t.lang()));
    ui.record("day:" + local_compact_date(g.day_start_ms), false, false);
}

void visit_card(TouchUi& ui, const TodayRow& row, Intent& out) {
    const Assignment& a = row.summary.assignment;
    ui.begin_card("visit:" + a.visit_id);
    // One line each, cut with "…" where long; the card opens the visit, where each is shown in full.
    const float pad = 0.5f * ui.em();
    ImGui::PushFont(ui.fonts.title);
    fitted_label(ui, window_text(a.window_start_ms, a.window_end_ms) + "   " + a.customer_name, pad);
    ImGui::PopFont();
    fitted_label(ui, a.address, pad);
    ImGui::PushStyleColor(ImGuiCol_Text, palette::kMuted);
    fitted_label(ui, row.job_title, pad);
    ImGui::PopStyleColor();
    status_pills(ui, row);
    if (ui.end_card()) out = intent::OpenVisit{a.visit_id};
}

// Lines drawn beyond each edge of the view: a short drag shows cards already laid out, and the
// cards just out of view keep their places and hit targets (scroll_to, the layout tests).
constexpr std::size_t kLinesBeyondView = 10;

void draw_line(TouchUi& ui, const TodayView& view, const DayLine& line, Intent& out) {
    const DayGroup& g = view.day.groups[line.group];
    switch (line.kind) {
        case DayLine::Heading: day_heading(ui, g, view.now_ms); return;
        case DayLine::Note: ui.muted(g.rows.empty() ? ui.t("today.none_today") : ui.t("today.earlier_note")); return;
        case DayLine::Card: visit_card(ui, view.rows[line.row], out); return;
    }
}

// Draws the lines in view (and kLinesBeyondView either side) and leaves room for the rest, so a
// frame costs the same with 100 visits on the tablet as with 100,000. A line's place is reckoned
// from the heights of the kinds above it (DayLine::before), found by a binary search.
void draw_lines(TouchUi& ui, const TodayView& view, TodayUi& state, Intent& out) {
    state.lines_drawn = 0;
    if (view.lines.empty()) return;
    const float width = ImGui::GetContentRegionAvail().x;
    if (width != state.measured_width) {
        state.measured_width = width;
        for (float& h : state.line_height) h = 0;
    }
    float h[3];
    for (int k = 0; k < 3; ++k) h[k] = state.line_height[k] > 0 ? state.line_height[k] : 4 * ui.em();
    const auto top = [&](const DayLine& l) {
        return static_cast<float>(l.before[0]) * h[0] + static_cast<float>(l.before[1]) * h[1] +
               static_cast<float>(l.before[2]) * h[2];
    };
    const float origin = ImGui::GetCursorPosY();
    const float view_top = ImGui::GetScrollY() - origin;
    const float view_bottom = view_top + ImGui::GetWindowHeight();
    const auto first_seen = std::partition_point(view.lines.begin(), view.lines.end(), [&](const DayLine& l) {
        return top(l) + h[l.kind] <= view_top;
    });
    std::size_t i = static_cast<std::size_t>(first_seen - view.lines.begin());
    i = i > kLinesBeyondView ? i - kLinesBeyondView : 0;
    ImGui::SetCursorPosY(origin + top(view.lines[i]));
    std::size_t below = 0;
    for (; i < view.lines.size() && below < kLinesBeyondView; ++i) {
        const float y = ImGui::GetCursorPosY();
        if (y - origin > view_bottom) ++below;
        const DayLine& line = view.lines[i];
        draw_line(ui, view, line, out);
        if (state.line_height[line.kind] == 0) state.line_height[line.kind] = ImGui::GetCursorPosY() - y;
        ++state.lines_drawn;
    }
    if (i == view.lines.size()) return;
    const DayLine& last = view.lines.back();
    const float end = top(last) + h[last.kind];
    const float left = end - (ImGui::GetCursorPosY() - origin) - ImGui::GetStyle().ItemSpacing.y;
    if (left > 0) ImGui::Dummy(ImVec2(1.0f, left));
}

// The same text input the app uses for notes; a wide Clear beside it, because a gloved thumb
// cannot hold a backspace key.
void search_field(TouchUi& ui, TodayUi& state) {
    const bool typed = !state.search.empty();
    const std::string clear = ui.t("today.search_clear");
    const float clear_width = typed ? ui.label_width(clear) + ImGui::GetStyle().ItemSpacing.x : 0.0f;
    const std::string hint = ui.t("today.search_hint");
    ui.text_field("search", state.search, hint.c_str(), ImGui::GetContentRegionAvail().x - clear_width);
    if (typed) {
        ImGui::SameLine();
        if (ui.button(clear, "clear-search")) state.search.clear();
    }
}

}  // namespace

std::string withdrawn_mark_text(const Strings& t, const VisitSummary& s) {
    if (!s.withdrawn) return {};
    return s.phase == VisitPhase::Closed ? t("today.withdrawn") : t("today.withdrawn_finish");
}

Intent draw_today(TouchUi& ui, const TodayView& view, TodayUi& state) {
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

    if (!view.rows.empty()) search_field(ui, state);

    ui.begin_body("today-list", 0);
    if (view.rows.empty()) {
        ui.spacing(1.0f);
        ui.muted(ui.t("today.no_visits"));
    } else if (view.day.searching && view.day.shown == 0) {
        ui.spacing(1.0f);
        ui.muted(ui.t("today.no_match", {{"query", state.search}}));
    }
    if (!view.rows.empty()) draw_lines(ui, view, state, out);
    ui.end_body();
    ui.end_screen();
    return out;
}

}  // namespace fc
