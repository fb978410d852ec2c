#include "app/screens/practice_picker_screen.h"

#include <imgui.h>

#include "app/screens/touch_ui.h"

namespace fc {

Intent draw_practice_picker(TouchUi& ui, const std::vector<TemplateRef>& templates) {
    Intent out;
    ui.begin_screen("practice-picker");
    if (ui.header(ui.t(S::PracticeTitle), {ui.t(S::BackToToday), "back"}) == TouchUi::kBackTapped) {
        out = intent::Show{Screen::Today};
    }
    ui.begin_body("practice-list", 0);
    ui.muted(ui.t(S::PracticeExplained));
    if (templates.empty()) ui.colored(ui.t(S::NoTemplates), Tone::Warning);
    for (const TemplateRef& t : templates) {
        ui.begin_card("template:" + t.id + ":" + std::to_string(t.version));
        ImGui::PushFont(ui.fonts.title);
        ImGui::TextUnformatted(t.title.c_str());
        ImGui::PopFont();
        ImGui::PushStyleColor(ImGuiCol_Text, palette::kMuted);
        ImGui::Text("%s \u00B7 v%d \u00B7 %s", t.id.c_str(), t.version, t.language.c_str());
        ImGui::PopStyleColor();
        if (ui.end_card()) out = intent::StartPractice{t.id, t.version};
    }
    ui.end_body();
    ui.end_screen();
    return out;
}

}  // namespace fc
