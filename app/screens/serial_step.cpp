#include "app/screens/serial_step.h"

#include <imgui.h>

#include "app/screens/camera_preview.h"
#include "app/screens/touch_ui.h"
#include "app/tablet/viewfinder.h"
#include "checklists/serial_number.h"

namespace fc {
namespace {

// Red with the reason, or green: the technician sees why before tapping save.
void serial_verdict(TouchUi& ui, const std::optional<Error>& refusal, const std::string& value) {
    if (value.empty()) return;
    if (refusal) {
        ui.colored(error_text(*refusal, ui.t, value), Tone::Danger);
        ui.record("serial-refused", false, false);
    } else {
        ui.colored("\u2713 " + ui.t("serial.passes"), Tone::Good);
        ui.record("serial-passes", false, false);
    }
}

}  // namespace

void draw_serial_step(TouchUi& ui, const Step& step, std::string& text, Viewfinder& viewfinder, Intent& out) {
    const bool scanning = viewfinder.owner() == step.id && viewfinder.use() == ViewfinderUse::Scan;
    const float scan_w = ui.label_width(ui.t("serial.scan"));
    ui.text_field("serial-answer", text, nullptr, ImGui::GetContentRegionAvail().x - scan_w - ImGui::GetStyle().ItemSpacing.x);
    ImGui::SameLine();
    if (ui.button(ui.t("serial.scan"), "scan", ImVec2(scan_w, 0), Tone::Primary, scanning)) {
        if (scanning) viewfinder.close();
        else viewfinder.open(ViewfinderUse::Scan, step.id);
    }
    bool scanned = false;
    if (scanning) {
        if (auto code = viewfinder.scan_if_due()) {
            text = *code;
            scanned = true;
        } else {
            ui.muted(ui.t("serial.scanning"));
            draw_camera_preview(ui, viewfinder, "scanner-preview", 10.0f);
            if (ui.button(ui.t("camera.close"), "close-camera", ui.full_width())) viewfinder.close();
        }
    }
    draw_camera_problem(ui, viewfinder, step.id);
    // The engine's own rule (the depot's replay applies it too), so the screen never disagrees.
    const std::string value = trim_serial(text);
    const Status checked = check_serial(step, value);
    const std::optional<Error> refusal = checked ? std::nullopt : std::optional<Error>(checked.error());
    serial_verdict(ui, refusal, value);
    if (ui.button(ui.t("serial.save"), "save-serial", ui.full_width(), Tone::Primary) || (scanned && !refusal)) {
        if (refusal) out = intent::Refuse{*refusal, value};
        else out = intent::AnswerStep{step.id, Answer::serial(value)};
    }
}

}  // namespace fc
