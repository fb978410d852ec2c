#include "app/screens/pin_setup_screen.h"

#include <algorithm>

#include <imgui.h>

#include "app/screens/numeric_keypad.h"
#include "app/screens/touch_ui.h"

namespace fc {

Intent draw_pin_setup(TouchUi& ui, PinSetupUi& state) {
    Intent out;
    ui.begin_screen("pin-setup");
    if (ui.header(ui.t("pin.set"), {ui.t("common.back_to_today"), "back"}) == TouchUi::kBackTapped) {
        state = {};
        out = intent::Show{Screen::Today};
    }
    ui.begin_body("pin-setup-body", 0);
    ui.text(ui.t(state.confirming ? Key("pin.type_again") : Key("pin.choose")));
    std::string& entry = state.confirming ? state.second : state.first;
    ImGui::PushFont(ui.fonts.digits);
    std::string masked = entry.empty() ? std::string("\u2013") : std::string();
    for (std::size_t i = 0; i < entry.size(); ++i) masked += "\u2022 ";
    ui.text(masked);
    ImGui::PopFont();
    const float width = std::min(ImGui::GetContentRegionAvail().x, 24 * ui.em());
    const KeypadOptions keys{false, false, 8, "pin"};
    ImGui::BeginChild("pin-setup-keys", ImVec2(width, numeric_keypad_height(ui, keys)), false,
                      ImGuiWindowFlags_NoScrollbar);
    draw_numeric_keypad(ui, entry, keys);
    ImGui::EndChild();
    if (ui.button(ui.t(state.confirming ? Key("pin.save") : Key("common.next")), "pin-ok", ImVec2(width, 0), Tone::Primary)) {
        if (!state.confirming) {
            state.confirming = true;
        } else if (state.first != state.second) {
            state = {};
            out = intent::Notice{"pin.differ"};
        } else {
            out = intent::SetPin{state.first};
            state = {};
        }
    }
    ui.end_body();
    ui.end_screen();
    return out;
}

}  // namespace fc
