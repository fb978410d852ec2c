#include "app/screens/customer_mode_screen.h"

#include <algorithm>

#include <imgui.h>

#include "app/screens/customer_handover.h"
#include "app/screens/numeric_keypad.h"
#include "app/tablet/time_text.h"
#include "app/screens/qr_code.h"
#include "app/screens/smiley.h"
#include "app/screens/touch_ui.h"

namespace fc {
namespace {

void smiley_question(TouchUi& ui, const Visit& visit, const SurveyQuestion& q, Intent& out) {
    ImGui::PushFont(ui.fonts.title);
    ui.text(q.title);
    ImGui::PopFont();
    const auto a = visit.survey_answer(q.id);
    const int chosen = a && a->kind == Answer::Kind::Score ? static_cast<int>(a->number) : 0;
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const float avail = ImGui::GetContentRegionAvail().x;
    const float diameter = std::clamp((avail - 4 * spacing) / 5, ui.touch(), 5.2f * ui.em());
    const float row = 5 * diameter + 4 * spacing;
    const float left = ImGui::GetCursorPosX() + std::max(0.0f, (avail - row) / 2);
    ImGui::SetCursorPosX(left);
    for (int score = 1; score <= 5; ++score) {
        if (score > 1) ImGui::SameLine();
        if (smiley_button(ui, "smiley:" + q.id + ":" + std::to_string(score), score, chosen == score, diameter)) {
            out = intent::AnswerSurvey{q.id, Answer::score(score)};
        }
    }
    // Captions at the two ends only: five words would not fit under the faces in portrait.
    const std::string low = ui.t("survey.very_unhappy");
    const std::string high = ui.t("survey.very_happy");
    ImGui::SetCursorPosX(left);
    ImGui::PushStyleColor(ImGuiCol_Text, palette::kMuted);
    ui.label(low);
    ImGui::SameLine(left + row - ImGui::CalcTextSize(high.c_str()).x);
    ui.label(high);
    ImGui::PopStyleColor();
    ui.spacing(0.6f);
}

Intent pin_pad(TouchUi& ui, const Visit& visit, CustomerModeUi& state) {
    Intent out;
    ui.title(ui.t("survey.pin_title"));
    const VisitPhase phase = visit.phase();
    ui.muted(ui.t(phase == VisitPhase::Closed     ? Key("survey.pin_to_take_back")
                  : phase == VisitPhase::Handover ? Key("survey.pin_to_pause")
                                                  : Key("survey.pin_to_leave")));
    ImGui::PushFont(ui.fonts.digits);
    const std::string dots = state.pin.empty() ? std::string("\u2013") : std::string();
    std::string masked = dots;
    for (std::size_t i = 0; i < state.pin.size(); ++i) masked += "\u2022 ";
    ui.text(masked);
    ImGui::PopFont();
    const float width = std::min(ImGui::GetContentRegionAvail().x, 24 * ui.em());
    ImGui::BeginGroup();
    ImGui::PushItemWidth(width);
    const KeypadOptions keys{false, false, 8, "pin"};
    ImGui::BeginChild("pin-keys", ImVec2(width, numeric_keypad_height(ui, keys)), false,
                      ImGuiWindowFlags_NoScrollbar);
    draw_numeric_keypad(ui, state.pin, keys);
    ImGui::EndChild();
    ImGui::PopItemWidth();
    const float half = (width - ImGui::GetStyle().ItemSpacing.x) / 2;
    // While the wait runs the OK key is still drawn but sends nothing: the model would refuse
    // anyway, and a customer learns nothing from trying.
    const bool waiting = state.pin_wait_ms > 0;
    if (waiting) ui.colored(ui.t("survey.pin_wait", {{"time", countdown_text(state.pin_wait_ms)}}), Tone::Danger);
    if (ui.button(ui.t("common.cancel"), "pin-cancel", ImVec2(half, 0))) {
        state.pin_open = false;
        state.pin.clear();
    }
    ImGui::SameLine();
    if (ui.button(ui.t("common.ok"), "pin-ok", ImVec2(half, 0), Tone::Primary) && !waiting) {
        // Only the survey can be declined; during the customer's handover the PIN only takes the tablet back.
        if (phase == VisitPhase::CustomerSurvey) out = intent::DeclineSurvey{state.pin};
        else out = intent::ReturnToTechnician{state.pin};
        state.pin.clear();  // never kept after an attempt
    }
    ImGui::EndGroup();
    return out;
}

// Template format 2: the handover in the customer's hands, with the technician's PIN button below.
Intent customer_handover(TouchUi& ui, const Visit& visit, CustomerModeUi& state) {
    Intent out = draw_customer_handover(ui, visit, state.signature);
    if (ui.button(ui.t("survey.technician"), "technician", ImVec2(ImGui::GetContentRegionAvail().x / 3, 0))) {
        state.pin_open = true;
        state.pin.clear();
    }
    return out;
}

// What the survey promises about the answers: where they go, and that the technician does not see
// them, as survey practice asks, so a customer answers for the office and not for the person present.
void answers_promise(TouchUi& ui, AnswerRoute route) {
    switch (route) {
        case AnswerRoute::Practice: ui.muted(ui.t("survey.route.practice")); break;
        case AnswerRoute::Connected: ui.muted(ui.t("survey.route.connected")); break;
        case AnswerRoute::Offline: ui.muted(ui.t("survey.route.offline")); break;
    }
    ui.muted(ui.t("survey.private"));
}

// The customer's own phone: the QR code of the link, and the two ways on. The visit seals only when
// the customer says the page is open, so a customer who cannot scan still answers here.
Intent phone_choice(TouchUi& ui, CustomerModeUi& state, const std::string& link) {
    Intent out;
    ui.begin_body("phone-body", 1);
    ui.text(ui.t("survey.on_phone_scan"));
    const float side = std::min(ImGui::GetContentRegionAvail().x, 18 * ui.em());
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (ImGui::GetContentRegionAvail().x - side) / 2);
    draw_qr_code(link, side);
    ui.record("phone-qr", false, false);
    ui.end_body();
    const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2;
    if (ui.button(ui.t("survey.on_phone_back"), "phone-back", ImVec2(half, 0))) state.phone_open = false;
    ImGui::SameLine();
    if (ui.button(ui.t("survey.on_phone_done"), "phone-done", ImVec2(-FLT_MIN, 0), Tone::Good)) {
        out = intent::AnswerOnPhone{};
    }
    return out;
}

}  // namespace

Intent draw_customer_mode(TouchUi& ui, const Visit& visit, CustomerModeUi& state, AnswerRoute route,
                          const std::optional<std::string>& phone_link) {
    Intent out;
    ui.begin_screen("customer");
    std::vector<TouchUi::Action> actions;
    if (ui.practice()) actions.push_back({ui.t("practice.end"), "end-practice"});
    const bool handover = visit.phase() == VisitPhase::Handover;
    if (ui.header(ui.t(handover ? Key("handover.title") : Key("survey.title")), {}, actions) == 0) out = intent::LeaveVisit{};

    if (state.pin_open) {
        ui.begin_body("pin-body", 0);
        Intent pin = pin_pad(ui, visit, state);
        if (!is_none(pin)) out = pin;
        ui.end_body();
        ui.end_screen();
        return out;
    }

    if (handover) {
        const Intent tapped = customer_handover(ui, visit, state);
        if (!is_none(tapped)) out = tapped;
        ui.end_screen();
        return out;
    }

    const bool submitted = visit.phase() == VisitPhase::Closed;
    if (!submitted && state.phone_open && phone_link && !visit.has_survey_answers()) {
        const Intent chosen = phone_choice(ui, state, *phone_link);
        if (!is_none(chosen)) out = chosen;
        ui.end_screen();
        return out;
    }
    ui.begin_body("survey-body", 1);
    if (submitted) {
        ui.spacing(2.0f);
        ui.title(ui.t("survey.thank_you"));
        ui.record("thank-you", false, false);
        if (visit.survey_status() == SurveyStatus::OnPhone) ui.text(ui.t("survey.on_phone_closed"));
        // Nothing of a practice visit is kept, so its customer is not told the answers are saved.
        ui.text(ui.t(route == AnswerRoute::Practice ? Key("survey.hand_back_practice") : Key("survey.hand_back")));
    } else {
        ui.text(ui.t("survey.intro"));
        answers_promise(ui, route);
        // Offered before any face is tapped: answers begun here stay here.
        const bool phone_offered = phone_link && visit.format() >= kFirstPhoneSurveyFormat && !visit.has_survey_answers();
        if (phone_offered && ui.button(ui.t("survey.on_phone"), "on-phone", ImVec2(-FLT_MIN, 0))) state.phone_open = true;
        ui.spacing(0.4f);
        for (const SurveyQuestion& q : visit.checklist().survey) {
            if (q.kind == SurveyKind::Smiley) {
                smiley_question(ui, visit, q, out);
            } else {
                ImGui::PushFont(ui.fonts.title);
                ui.text(q.title);
                ImGui::PopFont();
                ui.muted(ui.t("survey.optional"));
                ui.text_area("comment:" + q.id, state.comments[q.id], 4.0f);
            }
        }
    }
    ui.end_body();

    const float third = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 3;
    if (ui.button(ui.t("survey.technician"), "technician", ImVec2(third, 0))) {
        state.pin_open = true;
        state.pin.clear();
    }
    if (!submitted) {
        ImGui::SameLine();
        if (ui.button(ui.t("survey.send") + " \u2192", "submit", ImVec2(-FLT_MIN, 0), Tone::Good)) {
            out = intent::SubmitSurvey{state.comments};
        }
    }
    ui.end_screen();
    return out;
}

}  // namespace fc
