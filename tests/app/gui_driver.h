#pragma once
// GuiDriver: a headless Dear ImGui context (fonts built, no renderer) and a finger that taps the
// real screens of a TabletApp by the ids they record for each tappable item.
#include <set>
#include <string>
#include <vector>

#include <imgui.h>

#include "app/tablet/tablet_app.h"
#include "platform/fonts.h"

namespace fc::test {

class GuiDriver {
public:
    explicit GuiDriver(ImVec2 display = ImVec2(1280, 800), float scale = 1.0f);
    ~GuiDriver();
    GuiDriver(const GuiDriver&) = delete;
    GuiDriver& operator=(const GuiDriver&) = delete;

    void attach(TabletApp& app) {
        app_ = &app;
        app.record_drawn_texts(true);
    }
    const FontSet& fonts() const { return fonts_; }
    void set_display(ImVec2 size);

    void frame(int count = 1);  // draws the attached app `count` times with the current input
    const HitTarget* find(const std::string& id) const;  // from the last frame; nullptr when absent
    bool visible(const std::string& id) const;
    bool selected(const std::string& id) const;
    std::vector<const HitTarget*> with_prefix(const std::string& prefix) const;

    // Taps the item like a finger: move there, press, release, let the app settle. Returns false
    // (and says why in last_problem()) when the item is not on screen.
    bool tap(const std::string& id);
    // Scrolls the body (by dragging) until `id` is fully visible, then taps it.
    bool tap_scrolled(const std::string& id);
    bool scroll_to(const std::string& id);  // the scrolling alone
    // Presses on `from_id` and moves the finger by (dx, dy) in steps before lifting it.
    bool drag(const std::string& from_id, float dx, float dy, int steps = 8);
    void type(const std::string& utf8);  // into the focused text field, as a hardware keyboard
    // Types on the on-screen keyboard by taps alone: each character's key ("kb:a", "kb:space",
    // "kb:enter"), switching shift and layers (accents, 123) until the key shows. False (and
    // last_problem()) when a character has no key.
    bool type_on_keyboard(const std::string& utf8);
    // Puts the finger down on `id` and keeps it there (a held backspace); release() lifts it.
    bool press(const std::string& id);
    void release();
    const std::string& last_problem() const { return problem_; }

    // Every tappable target seen in any frame, for the 48 px rule.
    const std::vector<HitTarget>& seen() const { return seen_; }
    // Every string drawn in any frame since the last clear, for the language checks.
    const std::set<std::string>& seen_texts() const { return seen_texts_; }
    void clear_seen_texts() { seen_texts_.clear(); }

private:
    bool tap_key_(const std::string& id);

    TabletApp* app_ = nullptr;
    ImGuiContext* context_ = nullptr;
    FontSet fonts_;
    std::string problem_;
    std::vector<HitTarget> seen_;
    std::set<std::string> seen_texts_;
};

}  // namespace fc::test
