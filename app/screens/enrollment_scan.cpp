#include "app/screens/enrollment_scan.h"

#include <imgui.h>

#include "app/screens/camera_preview.h"
#include "app/screens/touch_ui.h"
#include "app/tablet/viewfinder.h"

namespace fc {

void draw_enrollment_scan(TouchUi& ui, Viewfinder& viewfinder, EnrollUi& state, float width, Intent& out) {
    const bool scanning = viewfinder.owner() == kEnrollScanOwner && viewfinder.use() == ViewfinderUse::Scan;
    if (ui.button(ui.t("sync.scan_enrollment"), "scan-enrollment", ImVec2(width, 0), Tone::Plain, scanning)) {
        if (scanning) viewfinder.close();
        else viewfinder.open(ViewfinderUse::Scan, kEnrollScanOwner);
    }
    draw_camera_problem(ui, viewfinder, kEnrollScanOwner);
    if (!scanning) return;
    if (auto code = viewfinder.scan_if_due()) {
        const EnrollUi before = state;
        if (auto asked = enrollment_from_scan(*code, state)) {
            out = *asked;
        } else if (state.code == before.code && state.depot_url == before.depot_url) {
            out = intent::Notice{"sync.scan_not_enrollment"};
        }
        return;
    }
    ImGui::BeginChild("enroll-scanner", ImVec2(width, 11.0f * ui.em()), false, ImGuiWindowFlags_NoScrollbar);
    draw_camera_preview(ui, viewfinder, "scanner-preview", 10.0f);
    ImGui::EndChild();
}

}  // namespace fc
