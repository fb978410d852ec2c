#include "app/screens/camera_preview.h"

#include <algorithm>

#include <imgui.h>

#include "app/screens/touch_ui.h"
#include "app/tablet/viewfinder.h"

namespace fc {

void draw_camera_preview(TouchUi& ui, const Viewfinder& viewfinder, const std::string& mark_id, float height_em) {
    const float w_avail = ImGui::GetContentRegionAvail().x;
    const auto& frame = viewfinder.frame();
    const float aspect = frame && frame->height > 0 ? static_cast<float>(frame->width) / static_cast<float>(frame->height) : 4.0f / 3.0f;
    const float w = std::min(w_avail, height_em * ui.em() * aspect);
    const float h = w / aspect;
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const ImVec2 q(p.x + w, p.y + h);
    const auto& upload = viewfinder.hooks().texture;
    if (frame && upload) {
        ImGui::Image(upload(*frame), ImVec2(w, h));
    } else {
        // No GL (headless) or no frame yet: the box keeps the layout the picture will have.
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->AddRectFilled(p, q, IM_COL32(40, 42, 50, 255), 0.3f * ui.em());
        if (!frame) ui.draw_text(ImVec2(p.x + ui.em(), p.y + ui.em()), IM_COL32_WHITE, ui.t("camera.waiting"));
        ImGui::Dummy(ImVec2(w, h));
    }
    ui.mark(mark_id, p, q);
}

bool draw_camera_problem(TouchUi& ui, const Viewfinder& viewfinder, const std::string& owner) {
    if (!viewfinder.problem() || viewfinder.owner() != owner) return false;
    ui.banner(error_text(*viewfinder.problem(), ui.t), Tone::Danger, "camera-problem");
    return true;
}

}  // namespace fc
