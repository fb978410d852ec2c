#include "app/screens/numeric_keypad.h"

#include <imgui.h>

#include <algorithm>

#include "app/screens/touch_ui.h"

namespace fc {
namespace {

bool press_digit(std::string& entry, char key, const KeypadOptions& o) {
    if (entry.size() >= o.max_length) return false;
    if (key == '.') {
        if (entry.find('.') != std::string::npos) return false;
        if (entry.empty() || entry == "-") entry += '0';
    }
    if (key == '0' && (entry == "0" || entry == "-0")) return false;  // no leading zeros
    if (key != '.' && (entry == "0" || entry == "-0")) entry.pop_back();
    entry += key;
    return true;
}

// Why 3 em: a digit key is wider than a button row is tall, and taller keys are easier to hit with
// gloves; the height below and the keys use it.
constexpr float kKeypadKeyEm = 3.0f;
// Why shorter on a low screen: at 1024x600 four rows of 3 em keys and the screen around them do not
// fit, and a key scrolled out of sight is a key the technician cannot find; never below 2.2 em (48 px
// at scale 1, the smallest target the layout tests allow).
constexpr float kMinKeypadKeyEm = 2.2f;
constexpr float kDisplayRowsPerKey = 12.0f;

float key_height(const TouchUi& ui) {
    const float fitted = ImGui::GetIO().DisplaySize.y / kDisplayRowsPerKey;
    return std::clamp(fitted, kMinKeypadKeyEm * ui.em(), kKeypadKeyEm * ui.em());
}

}  // namespace

float numeric_keypad_height(const TouchUi& ui, const KeypadOptions& o) {
    const float spacing = ImGui::GetStyle().ItemSpacing.y;
    float height = 4 * key_height(ui) + 3 * spacing;
    if (o.decimal) height += spacing + ui.touch();  // the Clear / Delete row
    return height;
}

bool draw_numeric_keypad(TouchUi& ui, std::string& entry, const KeypadOptions& o) {
    const std::string prefix = std::string(o.id_prefix) + ":";
    const ImGuiStyle& style = ImGui::GetStyle();
    const float width = ImGui::GetContentRegionAvail().x;
    const float key_w = (width - 2 * style.ItemSpacing.x) / 3;
    const ImVec2 key(key_w, key_height(ui));
    bool changed = false;
    ImGui::PushFont(ui.fonts.digits);
    const char* rows[3] = {"789", "456", "123"};
    for (const char* row : rows) {
        for (int i = 0; i < 3; ++i) {
            if (i > 0) ImGui::SameLine();
            const std::string label(1, row[i]);
            if (ui.button(label, prefix + label, key)) changed |= press_digit(entry, row[i], o);
        }
    }
    // Bottom row: sign or clear, zero, decimal point or delete.
    if (o.sign) {
        if (ui.button("\u00B1", prefix + "sign", key)) {
            if (!entry.empty() && entry[0] == '-') entry.erase(0, 1);
            else if (entry.size() < o.max_length) entry = "-" + entry;
            changed = true;
        }
    } else {
        ImGui::PopFont();
        if (ui.button(ui.t("keypad.clear"), prefix + "clear", key)) {
            changed = !entry.empty();
            entry.clear();
        }
        ImGui::PushFont(ui.fonts.digits);
    }
    ImGui::SameLine();
    if (ui.button("0", prefix + "0", key)) changed |= press_digit(entry, '0', o);
    ImGui::SameLine();
    if (o.decimal) {
        if (ui.button(".", prefix + ".", key)) changed |= press_digit(entry, '.', o);
    } else {
        if (ui.button("\u2190", prefix + "back", key) && !entry.empty()) {
            entry.pop_back();
            changed = true;
        }
    }
    ImGui::PopFont();
    if (o.decimal) {
        const float half = (width - style.ItemSpacing.x) / 2;
        if (ui.button(ui.t("keypad.clear"), prefix + "clear", ImVec2(half, 0))) {
            changed = !entry.empty();
            entry.clear();
        }
        ImGui::SameLine();
        if (ui.button("\u2190 " + ui.t("keypad.delete"), prefix + "back", ImVec2(half, 0)) && !entry.empty()) {
            entry.pop_back();
            changed = true;
        }
    }
    return changed;
}

}  // namespace fc
