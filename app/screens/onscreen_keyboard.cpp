#include "app/screens/onscreen_keyboard.h"

#include <cmath>

#include <imgui_internal.h>

#include "app/screens/keyboard_layout.h"
#include "app/screens/touch_ui.h"

namespace fc {
namespace {

// Why 2.2 em: 48.4 px with the 22 px body font, the 48 px a gloved finger needs at scale 1, and the
// lowest that leaves the field above the keyboard at 1024x600; in font units, so it scales.
constexpr float kKeyboardKeyEm = 2.2f;
constexpr int kRows = 5;
// Why a gap narrower than the screens' spacing: at 1024x600 the 5-em text area must fit above the
// keyboard, so the rows give up spacing instead of the keys giving up size.
constexpr float kGapEm = 0.2f;
// Every row is 11 units wide: ten number keys and backspace.
constexpr float kRowUnits = 11.0f;
// The held backspace deletes again after this long, then at this pace (a phone's rhythm).
constexpr std::int64_t kRepeatDelayMs = 500;
constexpr std::int64_t kRepeatEveryMs = 80;

enum class Action { Type, Back, Shift, Enter, Space, Hide, ToLetters, ToAccents, ToSymbols };

// KeyCap: one key as drawn: what it shows, its hit-target id, its width in row units and what it does.
struct KeyCap {
    std::string label;
    std::string id;
    float units = 1.0f;
    Action action = Action::Type;
    std::string text;  // for Action::Type
    bool selected = false;
};

KeyCap type_key(const std::string& text) { return KeyCap{text, "kb:" + text, 1.0f, Action::Type, text, false}; }

std::vector<std::vector<KeyCap>> keyboard_rows(const TouchUi& ui, const KeyboardUi& kb) {
    using Layer = KeyboardUi::Layer;
    const bool shift = kb.shift != KeyboardUi::Shift::Off;
    const KeyRows& chars = key_rows(ui.t.lang(), kb.layer);
    std::vector<std::vector<KeyCap>> rows(kRows);
    for (const std::string& n : number_keys()) rows[0].push_back(type_key(n));
    rows[0].push_back(KeyCap{"\u2190", "kb:back", 1.0f, Action::Back, {}, false});
    for (std::size_t r = 0; r < chars.size(); ++r) {
        for (const std::string& c : chars[r]) rows[r + 1].push_back(type_key(shift ? shifted_key(c) : c));
    }
    const std::string enter = kb.multiline ? ui.t("keyboard.new_line") : ui.t("keyboard.done");
    rows[2].push_back(KeyCap{enter, "kb:enter", 2.0f, Action::Enter, {}, false});
    const std::string shift_label = kb.shift == KeyboardUi::Shift::Locked ? "\u2191\u2191" : "\u2191";
    rows[3].insert(rows[3].begin(), KeyCap{shift_label, "kb:shift", 2.0f, Action::Shift, {}, shift});
    // The two layer keys: each leads to a layer that is not showing, and back to the letters.
    if (kb.layer == Layer::Symbols) rows[4].push_back(KeyCap{"abc", "kb:abc", 2.0f, Action::ToLetters, {}, false});
    else rows[4].push_back(KeyCap{"123", "kb:123", 2.0f, Action::ToSymbols, {}, false});
    if (kb.layer == Layer::Accents) rows[4].push_back(KeyCap{"abc", "kb:abc", 2.0f, Action::ToLetters, {}, false});
    else rows[4].push_back(KeyCap{"\u00e1\u00e9\u00f6", "kb:accents", 2.0f, Action::ToAccents, {}, false});
    rows[4].push_back(KeyCap{ui.t("keyboard.space"), "kb:space", 5.0f, Action::Space, {}, false});
    rows[4].push_back(KeyCap{ui.t("keyboard.hide") + " \u2193", "kb:hide", 2.0f, Action::Hide, {}, false});
    return rows;
}

void insert(KeyboardUi& kb, const std::string& text) {
    kb.pending.push_back(KeyPress{KeyPress::Kind::Insert, text});
    if (kb.shift == KeyboardUi::Shift::Once) kb.shift = KeyboardUi::Shift::Off;
    kb.scroll_frames = 2;  // the field may have scrolled away under a finger; typing brings it back
}

// The backspace deletes when it goes down, and again while held: after the delay, then at the pace.
void backspace(KeyboardUi& kb, Clock& clock) {
    const std::int64_t now = clock.now().mono_ms;
    if (ImGui::IsItemActivated()) {
        kb.pending.push_back(KeyPress{KeyPress::Kind::Delete, {}});
        kb.back_held = true;
        kb.back_down_ms = now;
        kb.back_repeats = 0;
    }
    if (!ImGui::IsItemActive()) {
        kb.back_held = false;
        return;
    }
    const std::int64_t held = now - kb.back_down_ms;
    const int due = held < kRepeatDelayMs ? 0 : 1 + static_cast<int>((held - kRepeatDelayMs) / kRepeatEveryMs);
    for (; kb.back_repeats < due; ++kb.back_repeats) kb.pending.push_back(KeyPress{KeyPress::Kind::Delete, {}});
}

void press(KeyboardUi& kb, const KeyCap& key) {
    using Shift = KeyboardUi::Shift;
    switch (key.action) {
        case Action::Type: insert(kb, key.text); break;
        case Action::Space: insert(kb, " "); break;
        case Action::Back: break;  // on the way down, in backspace()
        case Action::Enter:
            if (kb.multiline) insert(kb, "\n");
            else close_keyboard(kb);
            break;
        case Action::Hide: close_keyboard(kb); break;
        // One tap: the next letter is a capital; a second: capitals until a third tap.
        case Action::Shift: kb.shift = kb.shift == Shift::Off ? Shift::Once : kb.shift == Shift::Once ? Shift::Locked : Shift::Off; break;
        case Action::ToLetters: kb.layer = KeyboardUi::Layer::Letters; break;
        case Action::ToAccents: kb.layer = KeyboardUi::Layer::Accents; break;
        case Action::ToSymbols: kb.layer = KeyboardUi::Layer::Symbols; break;
    }
}

// Returns true when a key was tapped: what it changed (a capital, another layer) shows next frame.
bool draw_keys(TouchUi& ui, KeyboardUi& kb, Clock& clock) {
    const float gap = kGapEm * ui.em();
    // Whole pixels, so the last key of a row never pokes a fraction past the edge and gets clipped.
    const float unit = std::floor((ImGui::GetContentRegionAvail().x - (kRowUnits - 1) * gap) / kRowUnits);
    const float height = kKeyboardKeyEm * ui.em();
    bool any = false;
    for (const std::vector<KeyCap>& row : keyboard_rows(ui, kb)) {
        bool first = true;
        for (const KeyCap& key : row) {
            if (!first) ImGui::SameLine();
            first = false;
            const float width = key.units * unit + (key.units - 1) * gap;
            const Tone tone = key.action == Action::Hide || key.action == Action::Enter ? Tone::Primary : Tone::Plain;
            const bool tapped = ui.button(key.label, key.id, ImVec2(width, height), tone, key.selected);
            if (key.action == Action::Back) backspace(kb, clock);
            else if (tapped) press(kb, key);
            any = any || tapped;
            if (!kb.open()) return true;  // hide or done: the rest is not drawn
        }
    }
    return any;
}

// A tap (not a drag) that went down outside both the keyboard and its field closes the keyboard;
// the tap still does what it tapped. Judged where the finger went down, as things were then: the
// body scrolls under the finger when the keyboard opens.
void close_on_tap_outside(KeyboardUi& kb, const ImRect& panel) {
    const ImGuiIO& io = ImGui::GetIO();
    if (io.MouseClicked[0]) {
        const ImVec2 at = io.MouseClickedPos[0];
        kb.down_outside = !kb.just_opened && !panel.Contains(at) && !ImRect(kb.field_min, kb.field_max).Contains(at);
    }
    kb.just_opened = false;
    const bool dragged = io.MouseDragMaxDistanceSqr[0] > io.MouseDragThreshold * io.MouseDragThreshold;
    if (io.MouseReleased[0] && kb.down_outside && !dragged) close_keyboard(kb);
}

}  // namespace

void open_keyboard(KeyboardUi& kb, const std::string& field, bool multiline) {
    if (kb.field != field) kb.pending.clear();
    kb.field = field;
    kb.multiline = multiline;
    kb.scroll_frames = 3;
    kb.just_opened = true;
    kb.down_outside = false;
}

void close_keyboard(KeyboardUi& kb) {
    kb.field.clear();
    kb.pending.clear();
    kb.back_held = false;
    kb.shift = KeyboardUi::Shift::Off;
    kb.layer = KeyboardUi::Layer::Letters;
    kb.scroll_frames = 0;
}

float onscreen_keyboard_height(const TouchUi& ui) {
    const float gap = kGapEm * ui.em();
    return kRows * kKeyboardKeyEm * ui.em() + (kRows - 1) * gap + 2 * gap;
}

void delete_last_code_point(std::string& value) {
    if (value.empty()) return;
    std::size_t at = value.size() - 1;
    // UTF-8 continuation bytes are 10xxxxxx: step back over them to the code point's first byte.
    while (at > 0 && (static_cast<unsigned char>(value[at]) & 0xC0) == 0x80) --at;
    value.erase(at);
}

bool apply_key_presses(KeyboardUi& kb, std::string& value) {
    if (kb.pending.empty()) return false;
    const std::string before = value;
    for (const KeyPress& p : kb.pending) {
        if (p.kind == KeyPress::Kind::Insert) value += p.text;
        else delete_last_code_point(value);
    }
    kb.pending.clear();
    return value != before;
}

bool draw_onscreen_keyboard(TouchUi& ui, KeyboardUi& kb, Clock& clock) {
    if (!kb.open()) return false;
    // Its field is gone (another screen, step or phase): so is the keyboard.
    if (!kb.field_drawn) {
        close_keyboard(kb);
        return false;
    }
    kb.field_drawn = false;
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    const float height = onscreen_keyboard_height(ui);
    const ImVec2 pos(viewport->WorkPos.x, viewport->WorkPos.y + viewport->WorkSize.y - height);
    const ImVec2 size(viewport->WorkSize.x, height);
    ImGui::SetNextWindowPos(pos);
    ImGui::SetNextWindowSize(size);
    ImGui::PushStyleColor(ImGuiCol_WindowBg, palette::kHeader);
    const float gap = kGapEm * ui.em();
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(gap, gap));
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoScrollbar |
                                   ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoNav |
                                   // Focusing it as it appears would take ImGui's focus off the field,
                                   // and a hardware keyboard would type into nothing.
                                   ImGuiWindowFlags_NoFocusOnAppearing;
    ImGui::Begin("##onscreen-keyboard", nullptr, flags);
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(gap, gap));
    // Tests check that the field being typed into stays above this.
    ui.mark("keyboard", pos, ImVec2(pos.x + size.x, pos.y + size.y));
    const bool tapped = draw_keys(ui, kb, clock);
    ImGui::PopStyleVar();
    ImGui::End();
    if (kb.open()) close_on_tap_outside(kb, ImRect(pos, ImVec2(pos.x + size.x, pos.y + size.y)));
    return tapped || !kb.pending.empty() || kb.back_held;
}

}  // namespace fc
