#include "app/screens/touch_ui.h"

#include <algorithm>

#include <imgui_internal.h>
#include <imgui_stdlib.h>

#include "app/screens/fitted_text.h"
#include "app/screens/onscreen_keyboard.h"
#include "app/screens/practice_banner.h"

namespace fc {

ImU32 tone_color(Tone tone) {
    switch (tone) {
        case Tone::Primary: return palette::kBlue;
        case Tone::Good: return palette::kGreen;
        case Tone::Danger: return palette::kRed;
        case Tone::Warning: return palette::kAmber;
        case Tone::Plain: break;
    }
    return palette::kInk;
}

ImVec4 tone_color_vec(Tone tone) { return ImGui::ColorConvertU32ToFloat4(tone_color(tone)); }

namespace {

ImU32 darker(ImU32 c) {
    ImVec4 v = ImGui::ColorConvertU32ToFloat4(c);
    return ImGui::ColorConvertFloat4ToU32(ImVec4(v.x * 0.7f, v.y * 0.7f, v.z * 0.7f, 1.0f));
}

}  // namespace

TouchUi::TouchUi(const FontSet& fonts_in, const Strings& text_in, std::vector<HitTarget>& targets, bool practice,
                 std::string& message, Tone& message_tone)
    : t(text_in), fonts(fonts_in), targets_(targets), practice_(practice), message_(message),
      message_tone_(message_tone) {}

float TouchUi::em() const { return ImGui::GetFontSize(); }

ImVec2 TouchUi::full_width(float height_em) const { return ImVec2(-FLT_MIN, height_em * em()); }

float TouchUi::label_width(const std::string& label) const {
    const float w = ImGui::CalcTextSize(label.c_str(), nullptr, true).x + 2 * ImGui::GetStyle().FramePadding.x;
    return std::max(w, touch());
}

void TouchUi::record(const std::string& id, bool selected, bool tappable) {
    ImGuiWindow* window = ImGui::GetCurrentWindow();
    ImRect rect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    ImRect visible = rect;
    visible.ClipWithFull(window->ClipRect);
    HitTarget target;
    target.id = id;
    target.min = visible.Min;
    target.max = visible.Max;
    target.selected = selected;
    // A disabled item (inside ImGui::BeginDisabled) is drawn but cannot be tapped.
    target.tappable = tappable && (ImGui::GetCurrentContext()->LastItemData.InFlags & ImGuiItemFlags_Disabled) == 0;
    target.full_min = rect.Min;
    target.full_max = rect.Max;
    target.visible = ImGui::IsItemVisible() && visible.GetWidth() > 0 && visible.GetHeight() > 0;
    targets_.push_back(std::move(target));
}

void TouchUi::drew(const std::string& text_value) {
    if (drawn_ && !text_value.empty()) drawn_->push_back(text_value);
}

void TouchUi::draw_text(ImVec2 pos, ImU32 color, const std::string& text_value, float font_size, float wrap_width) {
    drew(text_value);
    ImGui::GetWindowDrawList()->AddText(ImGui::GetFont(), font_size > 0 ? font_size : ImGui::GetFontSize(), pos, color,
                                        text_value.c_str(), nullptr, wrap_width);
}

void TouchUi::mark(const std::string& id, ImVec2 min, ImVec2 max) {
    HitTarget target;
    target.id = id;
    target.min = min;
    target.max = max;
    target.full_min = min;
    target.full_max = max;
    target.tappable = false;
    targets_.push_back(std::move(target));
}

void TouchUi::begin_screen(const char* name) {
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->WorkPos);
    ImGui::SetNextWindowSize(viewport->WorkSize);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                   ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoSavedSettings |
                                   ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollbar |
                                   ImGuiWindowFlags_NoScrollWithMouse;
    ImGui::Begin(name, nullptr, flags);
    drag_claimed_ = false;
    if (practice_) practice_banner_();
}

void TouchUi::end_screen() {
    ImGui::End();
}

void TouchUi::practice_banner_() { draw_practice_banner(*this); }

void TouchUi::message_banner_() {
    if (message_.empty()) return;
    const std::string ok = t("common.ok");
    const float ok_width = label_width(ok);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 start = ImGui::GetCursorScreenPos();
    const float width = ImGui::GetContentRegionAvail().x;
    const float pad = 0.5f * em();
    const float wrap = width - ok_width - 3 * pad;
    const ImVec2 text_size = ImGui::CalcTextSize(message_.c_str(), nullptr, false, wrap);
    const float height = std::max(text_size.y + 2 * pad, touch() + 2 * pad);
    const ImU32 fill = message_tone_ == Tone::Good ? IM_COL32(225, 245, 230, 255)
                       : message_tone_ == Tone::Danger ? IM_COL32(253, 226, 226, 255)
                                                        : IM_COL32(255, 243, 215, 255);
    dl->AddRectFilled(start, ImVec2(start.x + width, start.y + height), fill, 0.3f * em());
    dl->AddRect(start, ImVec2(start.x + width, start.y + height), tone_color(message_tone_), 0.3f * em(), 0, 3.0f);
    draw_text(ImVec2(start.x + pad, start.y + (height - text_size.y) / 2), tone_color(message_tone_), message_, 0, wrap);
    ImGui::SetCursorScreenPos(ImVec2(start.x + width - ok_width - pad, start.y + (height - touch()) / 2));
    if (button(ok, "message-ok", ImVec2(ok_width, touch()))) message_.clear();
    ImGui::SetCursorScreenPos(ImVec2(start.x, start.y + height + ImGui::GetStyle().ItemSpacing.y));
    ImGui::Dummy(ImVec2(0, 0));
}

int TouchUi::header(const std::string& title_text, const Action& back, const std::vector<Action>& actions) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 start = ImGui::GetCursorScreenPos();
    const ImGuiStyle& style = ImGui::GetStyle();
    // The row height is taken in body-font units before the title font is pushed below.
    const float row = touch();
    const float height = row + 2 * style.ItemSpacing.y;
    const ImVec2 window_pos = ImGui::GetWindowPos();
    const float window_width = ImGui::GetWindowWidth();
    // At the top of the screen the bar reaches the edge; under the practice banner it starts below it.
    const bool at_top = start.y - window_pos.y <= style.WindowPadding.y + 0.5f;
    const float band_top = at_top ? window_pos.y : start.y - style.ItemSpacing.y;
    dl->AddRectFilled(ImVec2(window_pos.x, band_top),
                      ImVec2(window_pos.x + window_width, start.y + height - style.ItemSpacing.y), palette::kHeader);
    int tapped = kNothingTapped;
    float left = start.x;
    if (!back.label.empty()) {
        if (button(back.label, back.id, ImVec2(label_width(back.label), row), back.tone)) tapped = kBackTapped;
        left = ImGui::GetItemRectMax().x + style.ItemSpacing.x;
    }
    float right = window_pos.x + window_width - style.WindowPadding.x;
    for (std::size_t i = 0; i < actions.size(); ++i) {
        const float w = label_width(actions[i].label);
        right -= w;
        ImGui::SetCursorScreenPos(ImVec2(right, start.y));
        if (button(actions[i].label, actions[i].id, ImVec2(w, row), actions[i].tone)) tapped = static_cast<int>(i);
        right -= style.ItemSpacing.x;
    }
    // A long customer name ends in "…" before the buttons, and a tap on it shows it in full below.
    ImGui::PushFont(fonts.title);
    const float y = start.y + (row - ImGui::GetFontSize()) / 2;
    const std::string shown = ellipsized(title_text, right - left);
    // The mark is the title as drawn, so a test sees when it would run under the buttons.
    const float title_right = left + ImGui::CalcTextSize(shown.c_str()).x;
    ImGui::PushClipRect(ImVec2(left, start.y), ImVec2(right, start.y + row), true);
    draw_text(ImVec2(left, y), palette::kInk, shown);
    ImGui::PopClipRect();
    mark("title", ImVec2(left, y), ImVec2(title_right, y + ImGui::GetFontSize()));
    ImGui::PopFont();
    bool full_open = false;
    if (shown != title_text) full_open = full_title_toggle_(title_text, ImVec2(left, start.y), ImVec2(title_right, start.y + row));
    ImGui::SetCursorScreenPos(ImVec2(start.x, start.y + height));
    ImGui::Dummy(ImVec2(0, 0));
    if (full_open) banner(title_text, Tone::Primary, "title-full-text");
    message_banner_();
    return tapped;
}

// Open or closed per title, kept in ImGui's storage for the screen's window: a tap opens, a tap closes.
bool TouchUi::full_title_toggle_(const std::string& title_text, ImVec2 min, ImVec2 max) {
    ImGuiStorage* storage = ImGui::GetStateStorage();
    const ImGuiID key = ImGui::GetID(("title-full:" + title_text).c_str());
    ImGui::SetCursorScreenPos(min);
    if (ImGui::InvisibleButton("title-full", ImVec2(max.x - min.x, max.y - min.y))) storage->SetBool(key, !storage->GetBool(key));
    record("title-full", storage->GetBool(key));
    return storage->GetBool(key);
}

bool TouchUi::header_fits(const std::string& title_text, const Action& back, const std::vector<Action>& actions) const {
    const ImGuiStyle& style = ImGui::GetStyle();
    float used = 2 * style.WindowPadding.x;
    if (!back.label.empty()) used += label_width(back.label) + style.ItemSpacing.x;
    for (const Action& a : actions) used += label_width(a.label) + style.ItemSpacing.x;
    ImGui::PushFont(fonts.title);
    used += ImGui::CalcTextSize(title_text.c_str()).x;
    ImGui::PopFont();
    return used <= ImGui::GetWindowWidth();
}

void TouchUi::begin_body(const char* id, int footer_rows, float width, float reserve_below, bool padded) {
    const ImGuiStyle& style = ImGui::GetStyle();
    const float footer = (footer_rows > 0 ? footer_rows * (touch() + style.ItemSpacing.y) + style.ItemSpacing.y : 0.0f) +
                         reserve_below + (keyboard_ && keyboard_->open() ? onscreen_keyboard_height(*this) : 0.0f);
    // A new page (another step, visit or phase) starts at its top, not where the last one was left.
    if (new_page_) ImGui::SetNextWindowScroll(ImVec2(0.0f, 0.0f));
    ImGui::BeginChild(id, ImVec2(width, -footer), false, padded ? ImGuiWindowFlags_AlwaysUseWindowPadding : 0);
}

void TouchUi::end_body() {
    // Drag to scroll: a finger moving more than the drag threshold from where it went down inside
    // this region scrolls it, and the item it started on is released so the drag is not a tap.
    const ImGuiIO& io = ImGui::GetIO();
    ImGuiWindow* window = ImGui::GetCurrentWindow();
    const bool started_here = window->InnerRect.Contains(io.MouseClickedPos[0]);
    // The finger may leave the region while dragging; the list keeps following it.
    if (!drag_claimed_ && started_here && !io.WantTextInput && ImGui::IsMouseDragging(ImGuiMouseButton_Left)) {
        ImGui::SetScrollY(ImGui::GetScrollY() - io.MouseDelta.y);
        if (ImGui::GetActiveID() != 0) ImGui::ClearActiveID();
    }
    ImGui::EndChild();
}

bool TouchUi::button(const std::string& label, const std::string& id, ImVec2 size, Tone tone, bool selected) {
    if (size.y <= 0) size.y = touch();
    if (size.x == 0) size.x = label_width(label);
    if (size.x > 0) size.x = std::max(size.x, touch());
    int colors = 0;
    const bool filled = tone != Tone::Plain || selected;
    if (filled) {
        const ImU32 base = tone == Tone::Plain ? palette::kBlue : tone_color(tone);
        ImGui::PushStyleColor(ImGuiCol_Button, base);
        ImGui::PushStyleColor(ImGuiCol_ButtonHovered, base);
        ImGui::PushStyleColor(ImGuiCol_ButtonActive, darker(base));
        ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32_WHITE);
        colors = 4;
    }
    drew(label);
    const std::string imgui_label = label + "###" + id;
    const bool pressed = ImGui::Button(imgui_label.c_str(), size);
    if (colors) ImGui::PopStyleColor(colors);
    if (selected) {
        ImGui::GetWindowDrawList()->AddRect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), palette::kInk,
                                            ImGui::GetStyle().FrameRounding, 0, 4.0f);
    }
    record(id, selected);
    return pressed;
}

void TouchUi::begin_card(const std::string& id, bool selected) {
    card_ = Card{id, ImGui::GetCursorScreenPos(), selected};
    // Content goes on channel 1 now; the background is drawn under it on channel 0 once its height is known.
    ImGui::GetWindowDrawList()->ChannelsSplit(2);
    ImGui::GetWindowDrawList()->ChannelsSetCurrent(1);
    const float pad = 0.5f * em();
    ImGui::SetCursorScreenPos(ImVec2(card_.origin.x + pad, card_.origin.y + pad));
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(ImGui::GetContentRegionMax().x - pad);
}

bool TouchUi::end_card() {
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    const float pad = 0.5f * em();
    const float width = ImGui::GetContentRegionMax().x + ImGui::GetWindowPos().x - card_.origin.x;
    const float height = ImGui::GetItemRectMax().y - card_.origin.y + pad;
    ImGui::SetCursorScreenPos(card_.origin);
    const bool pressed = ImGui::InvisibleButton(card_.id.c_str(), ImVec2(width, std::max(height, touch())));
    record(card_.id, card_.selected);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->ChannelsSetCurrent(0);
    const ImVec2 max = ImGui::GetItemRectMax();
    dl->AddRectFilled(card_.origin, max, ImGui::IsItemActive() ? IM_COL32(214, 224, 245, 255) : palette::kCard, 0.3f * em());
    dl->AddRect(card_.origin, max, card_.selected ? palette::kInk : palette::kCardBorder, 0.3f * em(), 0,
                card_.selected ? 4.0f : 2.0f);
    dl->ChannelsMerge();
    return pressed;
}

bool TouchUi::text_field(const std::string& id, std::string& value, const char* hint, float width) {
    bool changed = keyboard_types_(id, value);
    ImGui::SetNextItemWidth(width > 0 ? width : -FLT_MIN);
    if (hint && value.empty()) drew(hint);
    drew(value);
    const std::string label = "##" + id;
    changed |= hint ? ImGui::InputTextWithHint(label.c_str(), hint, &value) : ImGui::InputText(label.c_str(), &value);
    record(id);
    keyboard_follows_(id, false);
    return changed;
}

bool TouchUi::text_area(const std::string& id, std::string& value, float height_em) {
    bool changed = keyboard_types_(id, value);
    const std::string label = "##" + id;
    drew(value);
    changed |= ImGui::InputTextMultiline(label.c_str(), &value, ImVec2(-FLT_MIN, height_em * em()));
    record(id);
    keyboard_follows_(id, true);
    return changed;
}

// The keys tapped since this field was last drawn; the key's tap took ImGui's focus off the field,
// so the string is not held by an active input and can be edited here.
bool TouchUi::keyboard_types_(const std::string& id, std::string& value) {
    return keyboard_ && keyboard_->field == id && apply_key_presses(*keyboard_, value);
}

void TouchUi::keyboard_follows_(const std::string& id, bool multiline) {
    if (!keyboard_) return;
    if (ImGui::IsItemActivated()) open_keyboard(*keyboard_, id, multiline);
    if (keyboard_->field != id) return;
    ImGuiWindow* window = ImGui::GetCurrentWindow();
    const ImRect rect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    ImRect visible = rect;
    visible.ClipWithFull(window->ClipRect);
    keyboard_->field_drawn = true;
    keyboard_->field_min = visible.Min;
    keyboard_->field_max = visible.Max;
    // Which field the keys go to, even while ImGui's own focus is on a key.
    ImGui::GetWindowDrawList()->AddRect(rect.Min, rect.Max, palette::kBlue, ImGui::GetStyle().FrameRounding, 0, 3.0f);
    // The body has just made room for the keyboard: bring the whole field into view above it, with
    // the row under it (its Save button) when both fit.
    if (keyboard_->scroll_frames > 0 && (window->Flags & ImGuiWindowFlags_ChildWindow)) {
        --keyboard_->scroll_frames;
        const float below = touch() + 2 * ImGui::GetStyle().ItemSpacing.y;
        const ImRect with_row(rect.Min, ImVec2(rect.Max.x, rect.Max.y + below));
        const ImRect& room = window->InnerClipRect;
        const ImRect& wanted = with_row.GetHeight() <= room.GetHeight() ? with_row : rect;
        if (!room.Contains(wanted)) {
            // Only the body scrolls: the screen's own window stays put.
            ImGui::ScrollToRect(window, wanted, ImGuiScrollFlags_KeepVisibleEdgeY | ImGuiScrollFlags_NoScrollParent);
        }
    }
}

void TouchUi::title(const std::string& text_value) {
    drew(text_value);
    ImGui::PushFont(fonts.title);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(text_value.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopFont();
}

void TouchUi::text(const std::string& text_value) {
    drew(text_value);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(text_value.c_str());
    ImGui::PopTextWrapPos();
}

void TouchUi::label(const std::string& text_value) {
    drew(text_value);
    ImGui::TextUnformatted(text_value.c_str());
}

void TouchUi::muted(const std::string& text_value) { colored(text_value, Tone::Plain); }

void TouchUi::colored(const std::string& text_value, Tone tone) {
    ImGui::PushStyleColor(ImGuiCol_Text, tone == Tone::Plain ? palette::kMuted : tone_color(tone));
    text(text_value);
    ImGui::PopStyleColor();
}

void TouchUi::pill(const std::string& text_value, Tone tone, const std::string& mark_id) {
    const ImVec2 size = ImGui::CalcTextSize(text_value.c_str());
    const float pad_x = 0.45f * em();
    const float pad_y = 0.15f * em();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(size.x + 2 * pad_x, size.y + 2 * pad_y));
    if (!mark_id.empty()) record(mark_id, false, false);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 fill = tone == Tone::Plain ? palette::kMuted : tone_color(tone);
    dl->AddRectFilled(p, ImVec2(p.x + size.x + 2 * pad_x, p.y + size.y + 2 * pad_y), fill, 0.5f * em());
    draw_text(ImVec2(p.x + pad_x, p.y + pad_y), IM_COL32_WHITE, text_value);
}

void TouchUi::banner(const std::string& text_value, Tone tone, const std::string& mark_id) {
    const float width = ImGui::GetContentRegionAvail().x;
    const float pad = 0.5f * em();
    const ImVec2 size = ImGui::CalcTextSize(text_value.c_str(), nullptr, false, width - 2 * pad);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(width, size.y + 2 * pad));
    if (!mark_id.empty()) record(mark_id, false, false);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p, ImVec2(p.x + width, p.y + size.y + 2 * pad), tone_color(tone), 0.3f * em());
    draw_text(ImVec2(p.x + pad, p.y + pad), IM_COL32_WHITE, text_value, 0, width - 2 * pad);
}

bool TouchUi::pill_and_button(const std::string& pill_text, Tone pill_tone, const std::string& label,
                              const std::string& id, bool selected) {
    const float y = ImGui::GetCursorPosY();
    const float pill_h = ImGui::GetFontSize() + 0.3f * em();
    ImGui::SetCursorPosY(y + (touch() - pill_h) / 2);
    pill(pill_text, pill_tone);
    ImGui::SameLine();
    ImGui::SetCursorPosY(y);
    return button(label, id, ImVec2(0, 0), Tone::Plain, selected);
}

void TouchUi::spacing(float amount_em) { ImGui::Dummy(ImVec2(0, amount_em * em())); }

}  // namespace fc
