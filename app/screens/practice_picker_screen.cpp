#include "app/screens/practice_picker_screen.h"

#include <imgui.h>

#include "app/screens/touch_ui.h"

namespace fc {

Intent draw_practice_picker(TouchUi& ui, const std::vector<TemplateRef>& templates, bool help_open) {
    Intent out;
    ui.begin_screen("practice-picker");
    if (ui.header(ui.t("practice.title"), {ui.t("common.back_to_today"), "back"}) == TouchUi::kBackTapped) {
        out = intent::Show{Screen::Today};
    }
    ui.begin_body("practice-list", 0);
    ui.muted(ui.t("practice.explained"));
    const std::string mark = help_open ? "\u2713 " : "";
    if (ui.button(mark + ui.t("practice.help_open"), "practice-help-open", ui.full_width(), Tone::Plain, help_open)) {
        out = intent::SetPracticeHelp{!help_open};
    }
    if (templates.empty()) ui.colored(ui.t("practice.no_templates"), Tone::Warning);
    for (const TemplateRef& t : templates) {
        ui.begin_card("template:" + t.id + ":" + std::to_string(t.version));
        ImGui::PushFont(ui.fonts.title);
        ui.label(t.title);
        ImGui::PopFont();
        ImGui::PushStyleColor(ImGuiCol_Text, palette::kMuted);
        ui.label(t.id + " \u00B7 v" + std::to_string(t.version) + " \u00B7 " + t.language);
        ImGui::PopStyleColor();
        if (ui.end_card()) out = intent::StartPractice{t.id, t.version};
    }
    ui.end_body();
    ui.end_screen();
    return out;
}

}  // namespace fc
