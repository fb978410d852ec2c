#include "app/screens/smiley.h"

#include <algorithm>

#include <imgui.h>

#include "app/screens/touch_ui.h"

namespace fc {
namespace {

// Red to green, dark enough to carry a black outline in daylight.
ImU32 face_color(int score, bool selected) {
    static constexpr ImU32 kStrong[] = {IM_COL32(215, 48, 39, 255), IM_COL32(244, 130, 45, 255),
                                        IM_COL32(250, 200, 40, 255), IM_COL32(145, 200, 70, 255),
                                        IM_COL32(40, 160, 70, 255)};
    static constexpr ImU32 kPale[] = {IM_COL32(250, 222, 220, 255), IM_COL32(252, 232, 214, 255),
                                      IM_COL32(253, 243, 208, 255), IM_COL32(230, 243, 214, 255),
                                      IM_COL32(214, 238, 219, 255)};
    const int i = std::clamp(score, 1, 5) - 1;
    return selected ? kStrong[i] : kPale[i];
}

}  // namespace

bool smiley_button(TouchUi& ui, const std::string& id, int score, bool selected, float diameter) {
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const bool pressed = ImGui::InvisibleButton(id.c_str(), ImVec2(diameter, diameter));
    ui.record(id, selected);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float r = diameter * 0.5f;
    const ImVec2 c(origin.x + r, origin.y + r);
    const float face = r * 0.86f;
    const ImU32 ink = selected ? palette::kInk : palette::kMuted;
    if (selected) dl->AddCircle(c, r - 2.0f, palette::kInk, 48, 4.0f);  // the ring says "this one"
    dl->AddCircleFilled(c, face, face_color(score, selected), 48);
    dl->AddCircle(c, face, ink, 48, selected ? 3.0f : 2.0f);
    const float eye_dx = face * 0.33f;
    const float eye_y = c.y - face * 0.25f;
    dl->AddCircleFilled(ImVec2(c.x - eye_dx, eye_y), face * 0.09f, ink, 16);
    dl->AddCircleFilled(ImVec2(c.x + eye_dx, eye_y), face * 0.09f, ink, 16);
    // The mouth bends from a frown (1) through straight (3) to a smile (5).
    const float bend = static_cast<float>(score - 3) / 2.0f;
    const float mouth_y = c.y + face * 0.35f - bend * face * 0.08f;
    const float half_w = face * 0.45f;
    const ImVec2 left(c.x - half_w, mouth_y);
    const ImVec2 right(c.x + half_w, mouth_y);
    const float ctrl_y = mouth_y + bend * face * 0.35f;
    dl->AddBezierCubic(left, ImVec2(c.x - half_w * 0.5f, ctrl_y), ImVec2(c.x + half_w * 0.5f, ctrl_y), right, ink,
                       std::max(2.0f, face * 0.08f), 24);
    return pressed;
}

}  // namespace fc
