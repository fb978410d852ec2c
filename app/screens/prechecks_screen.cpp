#include "app/screens/prechecks_screen.h"

#include <imgui.h>

#include "app/screens/touch_ui.h"
#include "app/tablet/time_text.h"
#include "catalogue/customer_message.h"

namespace fc {
namespace {

void confirm_not_met(TouchUi& ui, const Visit& visit, const Precheck& p, PrechecksUi& state, const CompanyContact& contact,
                     Intent& out) {
    ui.banner(ui.t("prechecks.not_met_explained"), Tone::Danger, "confirm-not-met-banner");
    ui.text(ui.t("close.message_to_customer") + ":");
    ui.muted(customer_message(FailureCause{FailureCause::Kind::PrecheckNotMet, p.id, {}}, visit.checklist(), contact).text());
    const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2;
    if (ui.button(ui.t("common.cancel"), "cancel-not-met", ImVec2(half, 0))) state.confirm_not_met.clear();
    ImGui::SameLine();
    if (ui.button(ui.t("prechecks.confirm_not_met"), "confirm-not-met", ImVec2(half, 0), Tone::Danger)) {
        out = intent::RecordPrecheck{p.id, false};
        state.confirm_not_met.clear();
    }
}

void precheck_row(TouchUi& ui, const Visit& visit, const Precheck& p, PrechecksUi& state, const CompanyContact& contact,
                  Intent& out) {
    ImGui::PushFont(ui.fonts.title);
    ui.text(p.title);
    ImGui::PopFont();
    if (p.blocking) ui.pill(ui.t("prechecks.blocking"), Tone::Danger);
    if (!p.help.empty()) ui.muted(p.help);
    // Story 000: who confirmed it before the visit, so the technician knows what the green stands on.
    if (const auto c = visit.intake_confirmation(p.id)) {
        ui.colored(ui.t("prechecks.confirmed_by", {{"who", c->by}, {"when", date_time_text(c->at_ms, ui.t.lang())}}), Tone::Good);
        ui.record("intake:" + p.id, false, false);
    }
    const auto a = visit.precheck_answer(p.id);
    const bool met = a && a->kind == Answer::Kind::Met;
    const bool not_met = a && a->kind == Answer::Kind::NotMet;
    const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2;
    if (ui.button(ui.t("prechecks.met"), "met:" + p.id, ImVec2(half, 0), met ? Tone::Good : Tone::Plain, met)) {
        out = intent::RecordPrecheck{p.id, true};
    }
    ImGui::SameLine();
    const bool confirming = state.confirm_not_met == p.id;
    if (ui.button(ui.t("prechecks.not_met"), "not-met:" + p.id, ImVec2(half, 0), not_met || confirming ? Tone::Danger : Tone::Plain,
                  not_met || confirming)) {
        if (p.blocking) state.confirm_not_met = p.id;
        else out = intent::RecordPrecheck{p.id, false};
    }
    if (confirming) confirm_not_met(ui, visit, p, state, contact, out);
    ImGui::Separator();
}

}  // namespace

Intent draw_prechecks(TouchUi& ui, const Visit& visit, PrechecksUi& state, const CompanyContact& contact) {
    Intent out;
    const ChecklistTemplate& t = visit.checklist();
    ui.begin_screen("prechecks");
    const int tapped = ui.header(ui.t("prechecks.title") + " \u00B7 " + visit.assignment().customer_name,
                                 {ui.t("common.back_to_today"), "back"}, {{ui.t("common.not_possible"), "not-possible", Tone::Danger}});
    if (tapped == TouchUi::kBackTapped) out = intent::LeaveVisit{};
    if (tapped == 0) out = intent::PrepareNotPossible{};
    ui.begin_body("prechecks-body", 1);
    for (const PrecheckMoment moment : {PrecheckMoment::BeforeDeparture, PrecheckMoment::OnArrival}) {
        bool any = false;
        for (const Precheck& p : t.prechecks) any = any || p.moment == moment;
        if (!any) continue;
        ui.title(ui.t(moment == PrecheckMoment::BeforeDeparture ? Key("prechecks.before_departure") : Key("prechecks.on_arrival")));
        for (const Precheck& p : t.prechecks) {
            if (p.moment == moment) precheck_row(ui, visit, p, state, contact, out);
        }
        ui.spacing();
    }
    if (t.prechecks.empty()) ui.muted(ui.t("prechecks.none"));
    ui.end_body();
    if (ui.button(ui.t("prechecks.begin_steps"), "begin-steps", ui.full_width(), Tone::Primary)) out = intent::BeginSteps{};
    ui.end_screen();
    return out;
}

}  // namespace fc
