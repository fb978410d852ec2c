#include "platform/theme.h"

#include <imgui.h>

#include "platform/fonts.h"

namespace fc {

void apply_daylight_theme(ImGuiStyle& style, float scale) {
    style = ImGuiStyle();
    ImGui::StyleColorsLight(&style);
    const float em = kBodyFontPx;
    style.WindowPadding = ImVec2(0.7f * em, 0.6f * em);
    style.FramePadding = ImVec2(0.6f * em, 0.7f * em);
    style.ItemSpacing = ImVec2(0.5f * em, 0.45f * em);
    style.ItemInnerSpacing = ImVec2(0.4f * em, 0.3f * em);
    style.TouchExtraPadding = ImVec2(0, 0);
    style.ScrollbarSize = 0.8f * em;
    style.GrabMinSize = 1.0f * em;
    style.WindowRounding = 0;
    style.ChildRounding = 0;
    style.FrameRounding = 0.3f * em;
    style.GrabRounding = 0.3f * em;
    style.ScrollbarRounding = 0.4f * em;
    style.WindowBorderSize = 0;
    style.ChildBorderSize = 0;
    style.FrameBorderSize = 2.0f;
    style.PopupBorderSize = 2.0f;
    style.AntiAliasedLines = true;
    style.AntiAliasedFill = true;

    ImVec4* c = style.Colors;
    const ImVec4 ink(0.05f, 0.05f, 0.07f, 1.0f);
    const ImVec4 paper(1.0f, 1.0f, 1.0f, 1.0f);
    c[ImGuiCol_Text] = ink;
    c[ImGuiCol_TextDisabled] = ImVec4(0.35f, 0.35f, 0.38f, 1.0f);
    c[ImGuiCol_WindowBg] = paper;
    c[ImGuiCol_ChildBg] = paper;
    c[ImGuiCol_PopupBg] = paper;
    c[ImGuiCol_Border] = ImVec4(0.25f, 0.25f, 0.30f, 1.0f);
    c[ImGuiCol_BorderShadow] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_FrameBg] = ImVec4(0.96f, 0.96f, 0.97f, 1.0f);
    c[ImGuiCol_FrameBgHovered] = ImVec4(0.96f, 0.96f, 0.97f, 1.0f);  // no hover-only cues on touch
    c[ImGuiCol_FrameBgActive] = ImVec4(0.90f, 0.93f, 1.0f, 1.0f);
    c[ImGuiCol_Button] = ImVec4(0.88f, 0.89f, 0.92f, 1.0f);
    c[ImGuiCol_ButtonHovered] = ImVec4(0.88f, 0.89f, 0.92f, 1.0f);
    c[ImGuiCol_ButtonActive] = ImVec4(0.70f, 0.76f, 0.90f, 1.0f);
    c[ImGuiCol_Header] = ImVec4(0.85f, 0.90f, 1.0f, 1.0f);
    c[ImGuiCol_HeaderHovered] = ImVec4(0.85f, 0.90f, 1.0f, 1.0f);
    c[ImGuiCol_HeaderActive] = ImVec4(0.70f, 0.80f, 1.0f, 1.0f);
    c[ImGuiCol_ScrollbarBg] = ImVec4(0.94f, 0.94f, 0.95f, 1.0f);
    c[ImGuiCol_ScrollbarGrab] = ImVec4(0.55f, 0.55f, 0.60f, 1.0f);
    c[ImGuiCol_ScrollbarGrabHovered] = ImVec4(0.55f, 0.55f, 0.60f, 1.0f);
    c[ImGuiCol_ScrollbarGrabActive] = ImVec4(0.35f, 0.35f, 0.40f, 1.0f);
    c[ImGuiCol_PlotHistogram] = ImVec4(0.10f, 0.35f, 0.75f, 1.0f);
    c[ImGuiCol_Separator] = ImVec4(0.60f, 0.60f, 0.65f, 1.0f);
    c[ImGuiCol_TextSelectedBg] = ImVec4(0.60f, 0.75f, 1.0f, 1.0f);
    c[ImGuiCol_NavHighlight] = ImVec4(0.10f, 0.35f, 0.75f, 1.0f);

    style.ScaleAllSizes(scale);
}

}  // namespace fc
