#include "app/screens/visit_overview_screen.h"

#include <imgui.h>

#include "app/screens/today_screen.h"
#include "app/screens/touch_ui.h"
#include "app/tablet/time_text.h"

namespace fc {

S failure_kind_text(FailureCause::Kind kind) {
    switch (kind) {
        case FailureCause::Kind::PrecheckNotMet: return S::CausePrecheckNotMet;
        case FailureCause::Kind::CustomerAbsent: return S::CauseCustomerAbsent;
        case FailureCause::Kind::EquipmentDoesNotFit: return S::CauseEquipment;
        case FailureCause::Kind::NetworkFault: return S::CauseNetworkFault;
        case FailureCause::Kind::Other: return S::CauseOther;
    }
    return S::CauseOther;
}

namespace {

// A block of text with a coloured bar on its left: history entries are read, not tapped.
void history_entry(TouchUi& ui, const HistoryEntry& h) {
    const ImVec2 top = ImGui::GetCursorScreenPos();
    ImGui::Indent(0.8f * ui.em());
    const bool failed = h.outcome == "not_possible";
    ImGui::TextUnformatted(date_text(h.date_ms, ui.t.lang()).c_str());
    ImGui::SameLine();
    ui.pill(ui.t(failed ? S::OutcomeNotPossible : S::OutcomeCompleted), failed ? Tone::Danger : Tone::Good);
    if (failed && !h.cause.empty()) {
        const auto kind = failure_kind_from_string(h.cause);
        ui.text(ui.t(S::Cause) + ": " + (kind ? ui.t(failure_kind_text(*kind)) : h.cause));
    }
    if (!h.note.empty()) ui.text("\u201C" + h.note + "\u201D");
    ImGui::Unindent(0.8f * ui.em());
    const float bottom = ImGui::GetCursorScreenPos().y - ImGui::GetStyle().ItemSpacing.y;
    ImGui::GetWindowDrawList()->AddRectFilled(top, ImVec2(top.x + 0.3f * ui.em(), bottom),
                                              failed ? palette::kRed : palette::kGreen);
    ui.spacing(0.4f);
}

void precheck_line(TouchUi& ui, const Visit& visit, const Precheck& p) {
    const auto a = visit.precheck_answer(p.id);
    if (!a) ui.pill(ui.t(p.blocking ? S::PrecheckOpenBlocking : S::PrecheckOpen), p.blocking ? Tone::Danger : Tone::Plain);
    else if (a->kind == Answer::Kind::Met) ui.pill(ui.t(S::Met), Tone::Good);
    else ui.pill(ui.t(S::NotMet), Tone::Danger);
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
        actions.push_back({ui.t(S::NotPossible), "not-possible", Tone::Danger});
    }
    const int tapped = ui.header(a.customer_name, {ui.t(S::BackToToday), "back"}, actions);
    if (tapped == TouchUi::kBackTapped) out = intent::LeaveVisit{};
    if (tapped == 0) out = intent::PrepareNotPossible{};
    ui.begin_body("overview-body", 1);

    if (escalated(a)) ui.banner(ui.t(S::EscalationBanner), Tone::Danger, "escalation");
    ui.title(t.title);
    ui.text(a.address);
    ui.text(date_text(a.window_start_ms, ui.t.lang()) + "  " + window_text(a.window_start_ms, a.window_end_ms));
    ui.muted(ui.t(S::VisitNumber) + " " + a.visit_id + " \u00B7 " + ui.t(S::Job) + " " + a.job_id);
    ui.spacing();

    ui.title(ui.t(S::HistoryTitle));
    if (a.history.empty()) ui.muted(ui.t(S::NoHistory));
    for (const HistoryEntry& h : a.history) history_entry(ui, h);
    ui.spacing();

    if (!t.prechecks.empty()) {
        ui.title(ui.t(S::PrechecksTitle));
        for (const Precheck& p : t.prechecks) precheck_line(ui, visit, p);
    }
    ui.end_body();

    switch (visit.phase()) {
        case VisitPhase::Assigned:
            if (ui.button(ui.t(S::StartVisit), "start-visit", ui.full_width(), Tone::Primary)) out = intent::StartVisit{};
            break;
        case VisitPhase::Closed:
            if (ui.button(ui.t(S::ViewSummary), "continue", ui.full_width(), Tone::Primary)) out = intent::ContinueVisit{};
            break;
        default:
            if (ui.button(ui.t(S::ContinueVisit), "continue", ui.full_width(), Tone::Primary)) out = intent::ContinueVisit{};
            break;
    }
    ui.end_screen();
    return out;
}

}  // namespace fc
