#include "app/screens/practice_banner.h"

#include <imgui.h>

#include "app/screens/touch_ui.h"

namespace fc {

void draw_practice_banner(TouchUi& ui) {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float width = ImGui::GetContentRegionAvail().x;
    const float height = 1.8f * ui.em();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    // The band runs from edge to edge and from the very top, so no strip of the screen escapes it.
    const ImVec2 window = ImGui::GetWindowPos();
    const ImVec2 band_min(window.x, window.y);
    const ImVec2 band_max(window.x + ImGui::GetWindowWidth(), p.y + height);
    dl->AddRectFilled(band_min, band_max, palette::kPractice);
    const std::string label = ui.t("practice.banner");
    ImGui::PushFont(ui.fonts.title);
    const ImVec2 size = ImGui::CalcTextSize(label.c_str());
    const float scale = ImGui::GetFontSize() > 0 ? ui.em() * 1.1f / ImGui::GetFontSize() : 1.0f;
    ui.draw_text(ImVec2(p.x + (width - size.x * scale) / 2, p.y + (height - ImGui::GetFontSize() * scale) / 2),
                 IM_COL32_WHITE, label, ImGui::GetFontSize() * scale);
    ImGui::PopFont();
    ImGui::Dummy(ImVec2(width, height));
    ui.mark("practice-banner", band_min, band_max);
}

}  // namespace fc
