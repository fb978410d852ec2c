#include "app/screens/visit_overview_screen.h"

#include <imgui.h>

#include "app/screens/today_screen.h"
#include "app/screens/touch_ui.h"
#include "app/tablet/time_text.h"

namespace fc {

std::string failure_kind_text(const Strings& t, FailureCause::Kind kind) {
    // Keyed by the engine's own name of the kind, so a new kind without words shows as [[cause.x]].
    return t.lookup(std::string("cause.") + to_string(kind));
}

// The count is the job's failures since its last completion, as the engine counts them; when the
// depot marked a visit whose history this tablet holds only in part, the words do not count.
std::string escalation_text(const Strings& t, const Assignment& a) {
    const int failed = failed_attempts_since_completion(a.history, a.job_id);
    if (failed < kFailuresBeforeEscalation) return t("overview.escalation");
    return t("overview.escalation_count", {{"attempt", std::to_string(failed + 1)}, {"failed", std::to_string(failed)}});
}

std::string escalation_pill_text(const Strings& t, const Assignment& a) {
    const int failed = failed_attempts_since_completion(a.history, a.job_id);
    if (failed < kFailuresBeforeEscalation) return t("today.escalate");
    return t("today.attempt", {{"attempt", std::to_string(failed + 1)}});
}

namespace {

// A block of text with a coloured bar on its left: history entries are read, not tapped.
// A visit on the customer's other job (a move, a second installation) says so.
void history_entry(TouchUi& ui, const HistoryEntry& h, const std::string& own_job) {
    const ImVec2 top = ImGui::GetCursorScreenPos();
    ImGui::Indent(0.8f * ui.em());
    const bool failed = h.outcome == "not_possible";
    ui.label(date_text(h.date_ms, ui.t.lang()));
    ImGui::SameLine();
    ui.pill(ui.t(failed ? Key("outcome.not_possible") : Key("outcome.completed")), failed ? Tone::Danger : Tone::Good);
    if (!h.job_id.empty() && h.job_id != own_job) {
        ImGui::SameLine();
        ui.pill(ui.t("overview.other_job", {{"job", h.job_id}}), Tone::Plain);
    }
    if (failed && !h.cause.empty()) {
        const auto kind = failure_kind_from_string(h.cause);
        ui.text(ui.t("overview.cause") + ": " + (kind ? failure_kind_text(ui.t, *kind) : h.cause));
    }
    if (!h.note.empty()) ui.text("\u201C" + h.note + "\u201D");
    for (const HistoryValue& v : h.values) ui.text(v.title + ": " + v.value);
    if (!h.todo.empty()) {
        ui.muted(ui.t("overview.todo"));
        for (const std::string& item : h.todo) ui.text("\u2022 " + item);
    }
    ImGui::Unindent(0.8f * ui.em());
    const float bottom = ImGui::GetCursorScreenPos().y - ImGui::GetStyle().ItemSpacing.y;
    ImGui::GetWindowDrawList()->AddRectFilled(top, ImVec2(top.x + 0.3f * ui.em(), bottom),
                                              failed ? palette::kRed : palette::kGreen);
    ui.spacing(0.4f);
}

void precheck_line(TouchUi& ui, const Visit& visit, const Precheck& p) {
    const auto a = visit.precheck_answer(p.id);
    if (!a) ui.pill(ui.t(p.blocking ? Key("prechecks.open_blocking") : Key("prechecks.open")), p.blocking ? Tone::Danger : Tone::Plain);
    else if (a->kind == Answer::Kind::Met) ui.pill(ui.t("prechecks.met"), Tone::Good);
    else ui.pill(ui.t("prechecks.not_met"), Tone::Danger);
    ImGui::SameLine();
    ui.text(p.title);
}

}  // namespace

Intent draw_visit_overview(TouchUi& ui, const Visit& visit) {
    Intent out;
    const Assignment& a = visit.assignment();
    const ChecklistTemplate& t = visit.checklist();
    ui.begin_screen("visit-overview");
    std::vector<TouchUi::Action> actions;
    // Customer absent, wrong equipment: a visit can end before it starts.
    if (visit.phase() != VisitPhase::Closed && visit.phase() != VisitPhase::CustomerSurvey) {
        actions.push_back({ui.t("common.not_possible"), "not-possible", Tone::Danger});
    }
    const int tapped = ui.header(a.customer_name, {ui.t("common.back_to_today"), "back"}, actions);
    if (tapped == TouchUi::kBackTapped) out = intent::LeaveVisit{};
    if (tapped == 0) out = intent::PrepareNotPossible{};
    ui.begin_body("overview-body", 1);

    if (escalated(a)) ui.banner(escalation_text(ui.t, a), Tone::Danger, "escalation");
    ui.title(t.title);
    ui.text(a.address);
    ui.text(date_text(a.window_start_ms, ui.t.lang()) + "  " + window_text(a.window_start_ms, a.window_end_ms));
    ui.muted(ui.t("overview.visit") + " " + a.visit_id + " \u00B7 " + ui.t("overview.job") + " " + a.job_id);
    ui.spacing();

    ui.title(ui.t("overview.history"));
    if (a.history.empty()) ui.muted(ui.t("overview.no_history"));
    for (const HistoryEntry& h : a.history) history_entry(ui, h, a.job_id);
    ui.spacing();

    if (!t.prechecks.empty()) {
        ui.title(ui.t("prechecks.title"));
        for (const Precheck& p : t.prechecks) precheck_line(ui, visit, p);
    }
    ui.end_body();

    if (visit.phase() == VisitPhase::Assigned) {
        if (ui.button(ui.t("overview.start"), "start-visit", ui.full_width(), Tone::Primary)) out = intent::StartVisit{};
    } else if (visit.phase() == VisitPhase::Closed) {
        if (ui.button(ui.t("overview.summary"), "continue", ui.full_width(), Tone::Primary)) out = intent::ContinueVisit{};
    } else if (ui.button(ui.t("overview.continue"), "continue", ui.full_width(), Tone::Primary)) {
        out = intent::ContinueVisit{};
    }
    ui.end_screen();
    return out;
}

}  // namespace fc
