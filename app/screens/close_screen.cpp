#include "app/screens/close_screen.h"

#include <optional>

#include <imgui.h>

#include "app/screens/touch_ui.h"
#include "app/screens/visit_overview_screen.h"
#include "app/tablet/strings.h"
#include "catalogue/customer_message.h"

namespace fc {
namespace {

void message_box(TouchUi& ui, const std::string& message) {
    ui.title(ui.t("close.message_to_customer"));
    const ImVec2 top = ImGui::GetCursorScreenPos();
    ImGui::Indent(0.8f * ui.em());
    ui.text(message);
    ImGui::Unindent(0.8f * ui.em());
    const float bottom = ImGui::GetCursorScreenPos().y - ImGui::GetStyle().ItemSpacing.y;
    ImGui::GetWindowDrawList()->AddRectFilled(top, ImVec2(top.x + 0.3f * ui.em(), bottom), palette::kBlue);
}

void todo(TouchUi& ui, const Visit& visit) {
    const auto lines = visit.customer_todo();
    if (lines.empty()) return;
    ui.title(ui.t("handover.todo_title"));
    int n = 1;
    for (const std::string& line : lines) ui.text(std::to_string(n++) + ". " + line);
    ui.spacing();
}

// The not-met prechecks a "precheck not met" close may name, as far as the engine allows each.
void not_met_prechecks(TouchUi& ui, const Visit& visit, CloseUi& state) {
    bool any = false;
    ImGui::Indent(1.5f * ui.em());
    for (const Precheck& p : visit.checklist().prechecks) {
        if (!visit.close_allowed(FailureCause::Kind::PrecheckNotMet, p.id)) continue;
        any = true;
        const bool picked = state.precheck_id == p.id;
        if (ui.button(p.title, "cause-precheck:" + p.id, ui.full_width(), picked ? Tone::Danger : Tone::Plain, picked)) {
            state.precheck_id = p.id;
        }
    }
    if (!any) ui.colored(ui.t("close.no_precheck_not_met"), Tone::Warning);
    ImGui::Unindent(1.5f * ui.em());
}

// Story 000: the engine says which causes it would take now (Visit::close_allowed); only those are
// offered. While a blocking precheck is open the screen says which one and leads to the prechecks.
void cause_buttons(TouchUi& ui, const Visit& visit, CloseUi& state, Intent& out) {
    std::optional<Error> held_back;
    for (const FailureCause::Kind kind : {FailureCause::Kind::PrecheckNotMet, FailureCause::Kind::CustomerAbsent,
                                          FailureCause::Kind::EquipmentDoesNotFit, FailureCause::Kind::NetworkFault,
                                          FailureCause::Kind::Other}) {
        if (const Status allowed = visit.close_allowed(kind); !allowed) {
            // "No precheck was recorded not met" only hides that cause; the banner says what blocks.
            if (!held_back && allowed.error().code != ErrorCode::cause_not_recorded) held_back = allowed.error();
            if (state.kind_chosen && state.kind == kind) state.kind_chosen = false;
            continue;
        }
        const bool chosen = state.kind_chosen && state.kind == kind;
        if (ui.button(failure_kind_text(ui.t, kind), std::string("cause:") + to_string(kind), ui.full_width(),
                      chosen ? Tone::Danger : Tone::Plain, chosen)) {
            state.kind_chosen = true;
            state.kind = kind;
        }
        if (chosen && kind == FailureCause::Kind::PrecheckNotMet) not_met_prechecks(ui, visit, state);
    }
    if (!held_back) return;
    ui.spacing();
    const bool precheck_open = held_back->code == ErrorCode::precheck_open;
    ui.banner(error_text(*held_back, ui.t, held_back->param("subject")), Tone::Warning, precheck_open ? "precheck-open" : "close-refused");
    if (!precheck_open) return;
    // A visit not yet opened on site is opened first: its prechecks are recorded on site.
    if (ui.button(ui.t("close.to_prechecks"), "to-prechecks", ui.full_width(), Tone::Primary)) {
        if (visit.phase() == VisitPhase::Assigned) out = intent::StartVisit{};
        else out = intent::ContinueVisit{};
    }
}

Intent choose_cause(TouchUi& ui, const Visit& visit, CloseUi& state, const CompanyContact& contact) {
    Intent out;
    ui.begin_body("close-body", 1);
    ui.title(ui.t("close.why"));
    ui.muted(ui.t("close.true_cause"));
    cause_buttons(ui, visit, state, out);
    FailureCause cause;
    cause.kind = state.kind;
    cause.precheck_id = state.kind == FailureCause::Kind::PrecheckNotMet ? state.precheck_id : std::string();
    cause.text = state.text;
    if (state.kind_chosen) {
        ui.text(ui.t(state.kind == FailureCause::Kind::Other ? Key("close.text_required") : Key("close.text_optional")));
        ui.text_area("cause-text", state.text, 2.6f);
        // The engine judges whether this cause could close the visit (its verb only decides, it
        // changes nothing), so the preview never shows for a cause the close would refuse.
        const bool complete = visit.close_not_possible(cause, Instant{}).ok();
        // The customer reads exactly this, generated from the cause chosen here (story 1).
        if (complete) message_box(ui, customer_message(cause, visit.checklist(), contact).text());
    }
    ui.end_body();
    const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2;
    if (ui.button(ui.t("common.cancel"), "cancel-close", ImVec2(half, 0))) out = intent::ContinueVisit{};
    ImGui::SameLine();
    if (ui.button(ui.t("close.confirm"), "close-not-possible", ImVec2(half, 0), Tone::Danger)) {
        if (!state.kind_chosen) out = intent::Notice{"close.choose_cause_first"};
        else out = intent::CloseNotPossible{cause};
    }
    return out;
}

Intent summary(TouchUi& ui, const Visit& visit, const CompanyContact& contact) {
    Intent out;
    const Assignment& a = visit.assignment();
    ui.begin_body("summary-body", 1);
    if (visit.outcome() == Outcome::NotPossible) {
        std::string text = ui.t("outcome.not_possible");
        if (visit.cause()) {
            text += ": " + failure_kind_text(ui.t, visit.cause()->kind);
            if (visit.cause()->kind == FailureCause::Kind::PrecheckNotMet) {
                const Precheck* p = visit.checklist().find_precheck(visit.cause()->precheck_id);
                text += " \u2013 " + (p ? p->title : visit.cause()->precheck_id);
            }
        }
        ui.banner(text, Tone::Danger);
    } else {
        ui.banner(ui.t("outcome.completed"), Tone::Good);
    }
    ui.title(a.customer_name);
    ui.text(a.address);
    ui.muted(visit.checklist().title);
    ui.spacing();
    if (visit.outcome() == Outcome::Completed) {
        const SurveyStatus survey = visit.survey_status();
        ui.text(ui.t("summary.survey") + ": " +
                ui.t(survey == SurveyStatus::Submitted ? Key("summary.survey_submitted")
                     : survey == SurveyStatus::OnPhone ? Key("summary.survey_on_phone")
                                                       : Key("summary.survey_not_filled_in")));
    }
    int answered = 0;
    const auto shown = visit.shown_steps();
    for (const int i : shown) answered += visit.step_answer(visit.checklist().steps[static_cast<std::size_t>(i)].id) ? 1 : 0;
    ui.text(ui.t("summary.steps_answered", {{"answered", std::to_string(answered)}, {"count", std::to_string(shown.size())}}));
    ui.spacing();
    todo(ui, visit);
    const std::string message = customer_message(visit, contact).text();
    if (!message.empty()) message_box(ui, message);
    ui.spacing();
    if (ui.practice()) ui.colored(ui.t("summary.practice_nothing_saved"), Tone::Warning);
    else if (visit.sealed()) ui.muted(ui.t("summary.sealed") + " \u00B7 SHA-256 " + visit.seal().substr(0, 16) + "\u2026");
    ui.end_body();
    if (ui.button(ui.t(ui.practice() ? Key("practice.end") : Key("common.back_to_today")), "done", ui.full_width(), Tone::Primary)) {
        out = intent::LeaveVisit{};
    }
    return out;
}

}  // namespace

Intent draw_close(TouchUi& ui, const Visit& visit, CloseUi& state, const CompanyContact& contact) {
    ui.begin_screen("close");
    const bool closed = visit.phase() == VisitPhase::Closed;
    Intent out;
    if (closed) {
        ui.header(ui.t("summary.title") + " \u00B7 " + visit.assignment().customer_name);
        out = summary(ui, visit, contact);
    } else {
        ui.header(ui.t("close.title") + " \u00B7 " + visit.assignment().customer_name);
        out = choose_cause(ui, visit, state, contact);
    }
    ui.end_screen();
    return out;
}

}  // namespace fc
