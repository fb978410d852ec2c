#pragma once
// TouchUi: the touch-sized widgets every screen draws with; records each tappable item by id and,
// for tests, each string it draws. Screens draw text only through it.
#include <string>
#include <vector>

#include <imgui.h>

#include "app/tablet/strings.h"
#include "platform/fonts.h"

namespace fc {

struct KeyboardUi;

// HitTarget: one tappable item drawn this frame, by a language-independent id ("next",
// "met:patch"), with its visible rectangle; headless tests tap these like a finger would.
struct HitTarget {
    std::string id;
    ImVec2 min;
    ImVec2 max;
    bool selected = false;  // drawn as the chosen answer
    bool visible = true;    // false when scrolled out of sight
    bool tappable = true;   // false for marks: banners and badges tests look for
    ImVec2 full_min;        // the whole item, before clipping
    ImVec2 full_max;
};

enum class Tone { Plain, Primary, Good, Danger, Warning };

// Colours with a contrast ratio of at least 7:1 against white, for text in daylight.
namespace palette {
inline constexpr ImU32 kInk = IM_COL32(13, 13, 18, 255);
inline constexpr ImU32 kMuted = IM_COL32(80, 80, 90, 255);
inline constexpr ImU32 kRed = IM_COL32(170, 15, 15, 255);
inline constexpr ImU32 kGreen = IM_COL32(0, 100, 40, 255);
inline constexpr ImU32 kBlue = IM_COL32(15, 70, 165, 255);
inline constexpr ImU32 kAmber = IM_COL32(150, 80, 0, 255);
inline constexpr ImU32 kPractice = IM_COL32(120, 20, 130, 255);
inline constexpr ImU32 kCard = IM_COL32(245, 246, 249, 255);
inline constexpr ImU32 kCardBorder = IM_COL32(120, 122, 135, 255);
inline constexpr ImU32 kHeader = IM_COL32(228, 232, 240, 255);
}  // namespace palette

ImU32 tone_color(Tone tone);
ImVec4 tone_color_vec(Tone tone);

// Why the 2.4: with the 22 px body font it gives 52.8 px at scale 1, above the 48 px minimum
// for a gloved finger; everything is in font units so the content scale scales it.
inline constexpr float kTouchEm = 2.4f;

// HeaderAction: a button in the top bar (back on the left, the others right-aligned).
struct HeaderAction {
    std::string label;
    std::string id;
    Tone tone = Tone::Plain;
};

class TouchUi {
public:
    TouchUi(const FontSet& fonts, const Strings& text, std::vector<HitTarget>& targets, bool practice,
            std::string& message, Tone& message_tone);

    const Strings& t;
    const FontSet& fonts;

    float em() const;
    float touch() const { return kTouchEm * em(); }
    ImVec2 full_width(float height_em = kTouchEm) const;
    float label_width(const std::string& label) const;  // a button's width for this label (>= touch)

    // One full-viewport window per screen; draws the practice banner and any message under it.
    void begin_screen(const char* name);
    void end_screen();
    // The top bar: an optional back button, the title (mark "title"), then `actions` right-aligned.
    // Returns kBackTapped, the index of the tapped action, or kNothingTapped.
    static constexpr int kNothingTapped = -1;
    static constexpr int kBackTapped = -2;
    using Action = HeaderAction;
    int header(const std::string& title, const Action& back = {}, const std::vector<Action>& actions = {});
    // Whether `title` fits between the back button and the actions without being cut off.
    bool header_fits(const std::string& title, const Action& back, const std::vector<Action>& actions) const;
    // Scrolling body that leaves `footer_rows` rows of buttons, plus `reserve_below` px for a panel,
    // below it; drag anywhere to scroll. `width` 0 fills the row; a side panel can follow on the same
    // line. `padded` keeps the window padding inside (for a panel with its own background).
    void begin_body(const char* id, int footer_rows, float width = 0, float reserve_below = 0, bool padded = false);
    void end_body();

    bool button(const std::string& label, const std::string& id, ImVec2 size = {}, Tone tone = Tone::Plain,
                bool selected = false);
    // A tappable card as tall as what is drawn between begin_card and end_card; end_card returns
    // true when it was tapped. Cards do not nest.
    void begin_card(const std::string& id, bool selected = false);
    bool end_card();
    // Inputs record what they show (the typed value, or the hint), like every other drawn string.
    // `width` 0 fills the row. A tap opens the on-screen keyboard (set_keyboard) on the field, and
    // the field takes its keys; a hardware keyboard types into it as well.
    bool text_field(const std::string& id, std::string& value, const char* hint = nullptr, float width = 0);
    bool text_area(const std::string& id, std::string& value, float height_em);

    void title(const std::string& text);  // bold, wrapped
    void text(const std::string& text);   // wrapped, as written
    void label(const std::string& text);  // one line in the current font and colour, not wrapped
    void muted(const std::string& text);
    void colored(const std::string& text, Tone tone);
    // Small filled label on the current line; with an id it is recorded as a mark.
    void pill(const std::string& text, Tone tone, const std::string& mark_id = {});
    // Full-width filled box with wrapped text; with an id it is recorded as a mark.
    void banner(const std::string& text, Tone tone, const std::string& mark_id = {});
    void spacing(float em = 0.5f);
    // A pill vertically centred on a touch-height row, then a button on the same line.
    bool pill_and_button(const std::string& pill_text, Tone pill_tone, const std::string& label, const std::string& id,
                         bool selected);

    // Text straight on the window's draw list, in the current font (at `font_size`, 0 = its own size).
    void draw_text(ImVec2 pos, ImU32 color, const std::string& text, float font_size = 0, float wrap_width = 0);
    // Records a string an ImGui widget drew by itself (an input's hint), for the same tests.
    void drew(const std::string& text);
    // Tests pass a list here to read every string drawn this frame; the app passes none.
    void record_texts_into(std::vector<std::string>* list) { drawn_ = list; }

    // Records the last ImGui item as tappable (for widgets drawn outside TouchUi).
    void record(const std::string& id, bool selected = false, bool tappable = true);
    // Records a mark for something drawn straight on the draw list (no ImGui item to take it from).
    void mark(const std::string& id, ImVec2 min, ImVec2 max);
    // The signature pad claims a drag so the body does not scroll while the customer signs.
    void claim_drag() { drag_claimed_ = true; }
    bool practice() const { return practice_; }
    // The app's on-screen keyboard: text fields open it, and bodies leave room for it while open.
    void set_keyboard(KeyboardUi* keyboard) { keyboard_ = keyboard; }
    // Set for the first frame of a new page: every scrolling body starts at its top.
    void set_new_page(bool new_page) { new_page_ = new_page; }

private:
    void practice_banner_();
    bool full_title_toggle_(const std::string& title_text, ImVec2 min, ImVec2 max);  // true: the full title shows
    void message_banner_();
    bool keyboard_types_(const std::string& id, std::string& value);
    void keyboard_follows_(const std::string& id, bool multiline);

    std::vector<HitTarget>& targets_;
    std::vector<std::string>* drawn_ = nullptr;
    bool practice_;
    std::string& message_;
    Tone& message_tone_;
    bool drag_claimed_ = false;
    bool new_page_ = false;
    KeyboardUi* keyboard_ = nullptr;
    struct Card {
        std::string id;
        ImVec2 origin;
        bool selected = false;
    };
    Card card_;
};

}  // namespace fc
