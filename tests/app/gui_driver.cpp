#include "gui_driver.h"

#include <cmath>
#include <stdexcept>

#include "platform/theme.h"

namespace fc::test {
namespace {

std::vector<std::string> code_points(const std::string& utf8) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < utf8.size();) {
        std::size_t n = 1;
        while (i + n < utf8.size() && (static_cast<unsigned char>(utf8[i + n]) & 0xC0) == 0x80) ++n;
        out.push_back(utf8.substr(i, n));
        i += n;
    }
    return out;
}

std::string key_id(const std::string& character) {
    if (character == " ") return "kb:space";
    if (character == "\n") return "kb:enter";
    return "kb:" + character;
}

}  // namespace

GuiDriver::GuiDriver(ImVec2 display, float scale) {
    context_ = ImGui::CreateContext();
    ImGui::SetCurrentContext(context_);
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.LogFilename = nullptr;
    io.DisplaySize = display;
    io.DeltaTime = 1.0f / 60.0f;
    const FontLoad loaded = load_fonts(*io.Fonts, scale);
    if (!loaded.error.empty()) throw std::runtime_error(loaded.error);
    fonts_ = loaded.fonts;
    io.FontDefault = fonts_.body;
    apply_daylight_theme(ImGui::GetStyle(), scale);
}

GuiDriver::~GuiDriver() { ImGui::DestroyContext(context_); }

// Every entry point makes this driver's context current: a test may hold two (two content scales).

void GuiDriver::set_display(ImVec2 size) {
    ImGui::SetCurrentContext(context_);
    ImGui::GetIO().DisplaySize = size;
}

void GuiDriver::frame(int count) {
    ImGui::SetCurrentContext(context_);
    for (int i = 0; i < count; ++i) {
        ImGui::NewFrame();
        if (app_) app_->frame(fonts_);
        ImGui::Render();
        if (app_) {
            for (const HitTarget& t : app_->targets()) {
                if (t.tappable && t.visible) seen_.push_back(t);
            }
            seen_texts_.insert(app_->drawn_texts().begin(), app_->drawn_texts().end());
        }
    }
}

const HitTarget* GuiDriver::find(const std::string& id) const {
    if (!app_) return nullptr;
    for (const HitTarget& t : app_->targets()) {
        if (t.id == id) return &t;
    }
    return nullptr;
}

bool GuiDriver::visible(const std::string& id) const {
    const HitTarget* t = find(id);
    return t && t->visible;
}

bool GuiDriver::selected(const std::string& id) const {
    const HitTarget* t = find(id);
    return t && t->selected;
}

std::vector<const HitTarget*> GuiDriver::with_prefix(const std::string& prefix) const {
    std::vector<const HitTarget*> out;
    if (!app_) return out;
    for (const HitTarget& t : app_->targets()) {
        if (t.id.rfind(prefix, 0) == 0) out.push_back(&t);
    }
    return out;
}

bool GuiDriver::tap(const std::string& id) {
    ImGui::SetCurrentContext(context_);
    // Like a person, wait until the item stops moving (scroll clamping settles a frame late).
    ImGui::GetIO().MouseDown[0] = false;
    for (int i = 0; i < 8; ++i) {
        const HitTarget* before = find(id);
        if (!before) break;
        const ImVec2 min = before->full_min;
        frame();
        const HitTarget* now = find(id);
        if (now && now->full_min.x == min.x && now->full_min.y == min.y) break;
    }
    const HitTarget* t = find(id);
    if (!t) {
        problem_ = "no item '" + id + "' on the screen";
        return false;
    }
    if (!t->visible || !t->tappable) {
        problem_ = "item '" + id + "' is not visible";
        return false;
    }
    ImGuiIO& io = ImGui::GetIO();
    const ImVec2 at((t->min.x + t->max.x) / 2, (t->min.y + t->max.y) / 2);
    io.MousePos = at;
    io.MouseDown[0] = false;
    frame();
    io.MouseDown[0] = true;
    frame();
    io.MouseDown[0] = false;
    frame();
    frame();  // the screen the intent led to
    problem_.clear();
    return true;
}

bool GuiDriver::tap_scrolled(const std::string& id) { return scroll_to(id) && tap(id); }

bool GuiDriver::scroll_to(const std::string& id) {
    ImGui::SetCurrentContext(context_);
    for (int attempt = 0; attempt < 40; ++attempt) {
        const HitTarget* t = find(id);
        if (t) {
            const bool whole = t->visible && std::fabs(t->min.y - t->full_min.y) < 0.5f &&
                               std::fabs(t->max.y - t->full_max.y) < 0.5f;
            if (whole) return true;
        }
        // A long list draws only the lines near its view: an item not drawn is looked for further
        // down first, then back up.
        if (!t && attempt >= 30) break;
        // Drag the body from its middle: up to bring lower items into view, down for higher ones.
        const float direction =
            t ? (t->full_min.y > ImGui::GetIO().DisplaySize.y / 2 ? -1.0f : 1.0f) : (attempt < 15 ? -1.0f : 1.0f);
        ImGuiIO& io = ImGui::GetIO();
        // Start the drag in the target's own column, on empty space if there is any (as a finger
        // would), so the right list scrolls and no text field takes focus.
        const float column_x = t ? (t->full_min.x + t->full_max.x) / 2 : io.DisplaySize.x / 2;
        ImVec2 start(column_x, io.DisplaySize.y / 2);
        // From the middle outwards: the middle is inside the scrolling body even when fixed rows
        // (a search field, a header) fill the top third.
        for (int step = 0; step < static_cast<int>(io.DisplaySize.y * 0.4f / 8); ++step) {
            const float y = io.DisplaySize.y / 2 + static_cast<float>(step % 2 == 0 ? step / 2 : -(step + 1) / 2) * 8;
            bool free = true;
            for (const HitTarget& other : app_->targets()) {
                free = free && !(column_x >= other.min.x && column_x <= other.max.x && y >= other.min.y && y <= other.max.y);
            }
            if (free) {
                start.y = y;
                break;
            }
        }
        io.MousePos = start;
        io.MouseDown[0] = false;
        frame();
        io.MouseDown[0] = true;
        frame();
        for (int s = 1; s <= 6; ++s) {
            io.MousePos = ImVec2(start.x, start.y + direction * 25.0f * static_cast<float>(s));
            frame();
        }
        io.MouseDown[0] = false;
        frame(2);
    }
    problem_ = "item '" + id + "' could not be scrolled into view";
    return false;
}

bool GuiDriver::drag(const std::string& from_id, float dx, float dy, int steps) {
    ImGui::SetCurrentContext(context_);
    const HitTarget* t = find(from_id);
    if (!t || !t->visible) {
        problem_ = "no visible item '" + from_id + "' to drag from";
        return false;
    }
    ImGuiIO& io = ImGui::GetIO();
    const ImVec2 start((t->min.x + t->max.x) / 2, (t->min.y + t->max.y) / 2);
    io.MousePos = start;
    io.MouseDown[0] = false;
    frame();
    io.MouseDown[0] = true;
    frame();
    for (int s = 1; s <= steps; ++s) {
        const float f = static_cast<float>(s) / static_cast<float>(steps);
        io.MousePos = ImVec2(start.x + dx * f, start.y + dy * f);
        frame();
    }
    io.MouseDown[0] = false;
    frame(2);
    return true;
}

void GuiDriver::type(const std::string& utf8) {
    ImGui::SetCurrentContext(context_);
    ImGui::GetIO().AddInputCharactersUTF8(utf8.c_str());
    frame(2);
}

}  // namespace fc::test

namespace fc::test {

bool GuiDriver::type_on_keyboard(const std::string& utf8) {
    for (const std::string& character : code_points(utf8)) {
        if (!tap_key_(key_id(character))) return false;
    }
    return true;
}

// Like a person looking for a key: on this layer, then shifted, then on each other layer.
bool GuiDriver::tap_key_(const std::string& id) {
    static const char* const layers[] = {"", "kb:abc", "kb:accents", "kb:123"};
    for (const char* layer : layers) {
        if (*layer != '\0' && (!visible(layer) || !tap(layer))) continue;
        if (visible(id)) return tap(id);
        tap("kb:shift");  // a capital next
        if (visible(id)) return tap(id);
        tap("kb:shift");  // caps lock, then off again
        tap("kb:shift");
    }
    problem_ = "no key '" + id + "' on the on-screen keyboard";
    return false;
}

bool GuiDriver::press(const std::string& id) {
    ImGui::SetCurrentContext(context_);
    const HitTarget* t = find(id);
    if (!t || !t->visible) {
        problem_ = "no visible item '" + id + "' to press";
        return false;
    }
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2((t->min.x + t->max.x) / 2, (t->min.y + t->max.y) / 2);
    io.MouseDown[0] = false;
    frame();
    io.MouseDown[0] = true;
    frame();
    return true;
}

void GuiDriver::release() {
    ImGui::SetCurrentContext(context_);
    ImGui::GetIO().MouseDown[0] = false;
    frame(2);
}

}  // namespace fc::test
