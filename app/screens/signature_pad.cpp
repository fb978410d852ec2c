#include "app/screens/signature_pad.h"

#include <algorithm>
#include <cmath>

#include <imgui.h>

#include "app/screens/touch_ui.h"

namespace fc {

void draw_signature_pad(TouchUi& ui, SignaturePadUi& pad, const std::string& id, float height_em) {
    const ImVec2 size(ImGui::GetContentRegionAvail().x, height_em * ui.em());
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton(id.c_str(), size);
    ui.record(id);
    const ImGuiIO& io = ImGui::GetIO();
    if (ImGui::IsItemActive()) {
        ui.claim_drag();
        const PadPoint p{std::clamp((io.MousePos.x - origin.x) / size.x, 0.0f, 1.0f),
                         std::clamp((io.MousePos.y - origin.y) / size.y, 0.0f, 1.0f)};
        if (ImGui::IsItemActivated() || pad.strokes.empty()) {
            pad.strokes.push_back({p});
        } else {
            const PadPoint last = pad.strokes.back().back();
            // Skip sub-pixel jitter: the PNG is 900 px wide, so 1/1000 of the pad is below a pixel.
            if (std::hypot(p.x - last.x, p.y - last.y) > 0.001f) pad.strokes.back().push_back(p);
        }
    }
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 max(origin.x + size.x, origin.y + size.y);
    dl->AddRectFilled(origin, max, IM_COL32_WHITE);
    dl->AddRect(origin, max, palette::kCardBorder, 0, 0, 2.0f);
    const float base_y = origin.y + size.y * 0.78f;
    dl->AddLine(ImVec2(origin.x + 0.05f * size.x, base_y), ImVec2(origin.x + 0.95f * size.x, base_y), palette::kMuted, 1.5f);
    ui.draw_text(ImVec2(origin.x + 0.05f * size.x, base_y - ui.em() * 1.2f), palette::kMuted, "\u00D7");
    if (pad.strokes.empty()) {
        const std::string hint = ui.t("signature.sign_here");
        const ImVec2 ts = ImGui::CalcTextSize(hint.c_str());
        ui.draw_text(ImVec2(origin.x + (size.x - ts.x) / 2, origin.y + 0.3f * size.y), palette::kMuted, hint);
    }
    const float thickness = std::max(2.0f, 0.14f * ui.em());
    std::vector<ImVec2> points;
    for (const SignatureStroke& stroke : pad.strokes) {
        points.clear();
        for (const PadPoint& p : stroke) points.emplace_back(origin.x + p.x * size.x, origin.y + p.y * size.y);
        if (points.size() == 1) dl->AddCircleFilled(points[0], thickness / 2, palette::kInk);
        else dl->AddPolyline(points.data(), static_cast<int>(points.size()), palette::kInk, 0, thickness);
    }
}

std::vector<SignatureStroke> practice_signature() {
    std::vector<SignatureStroke> strokes(2);
    for (int i = 0; i <= 20; ++i) {
        const float x = 0.1f + 0.04f * static_cast<float>(i);
        strokes[0].push_back({x, 0.5f + ((i % 2) != 0 ? 0.2f : -0.2f)});
        strokes[1].push_back({x, 0.8f});
    }
    return strokes;
}

}  // namespace fc
