#pragma once
// The on-screen keyboard: a tablet without a hardware keyboard types every text field with it,
// gloves on. It takes the bottom of the screen; TouchUi's text fields open it and take its keys.
#include <cstdint>
#include <string>
#include <vector>

#include <imgui.h>

#include "checklists/clock.h"

namespace fc {

class TouchUi;

// KeyPress: one key tapped on the keyboard, applied to its field when that field is next drawn.
struct KeyPress {
    enum class Kind { Insert, Delete };
    Kind kind = Kind::Insert;
    std::string text;  // UTF-8, for Insert
};

// KeyboardUi: the keyboard's state, owned by TabletApp: the field it types into, its layer and
// shift, the held backspace, and the presses its field has not taken yet.
struct KeyboardUi {
    enum class Layer { Letters, Accents, Symbols };
    enum class Shift { Off, Once, Locked };

    std::string field;  // the text field's id; empty while the keyboard is closed
    bool multiline = false;
    Layer layer = Layer::Letters;
    Shift shift = Shift::Off;
    std::vector<KeyPress> pending;

    // The held backspace: when it went down and how many repeats it has deleted since.
    bool back_held = false;
    std::int64_t back_down_ms = 0;
    int back_repeats = 0;

    // Frames left in which the field is scrolled into view above the keyboard (the body shrinks a
    // frame after the keyboard opens, so one frame is not enough).
    int scroll_frames = 0;

    // The finger went down outside the keyboard and its field (a tap there closes it); the press
    // that opened it does not count.
    bool down_outside = false;
    bool just_opened = false;

    // Filled while the screen draws, read when the keyboard is drawn after it.
    bool field_drawn = false;
    ImVec2 field_min{0, 0};
    ImVec2 field_max{0, 0};

    bool open() const { return !field.empty(); }
};

void open_keyboard(KeyboardUi& kb, const std::string& field, bool multiline);
void close_keyboard(KeyboardUi& kb);

// The keyboard's height as drawn at the current font size: the body reserves it.
float onscreen_keyboard_height(const TouchUi& ui);

// Applies the pending presses to `value` (whole UTF-8 code points deleted); true when it changed.
bool apply_key_presses(KeyboardUi& kb, std::string& value);
void delete_last_code_point(std::string& value);

// Draws the keyboard at the bottom of the screen in the UI's language, after the screen was drawn,
// and closes it when its field was not drawn or a tap landed outside both. Returns true while it
// needs another frame (a key just tapped, a press not yet applied, the backspace held).
bool draw_onscreen_keyboard(TouchUi& ui, KeyboardUi& kb, Clock& clock);

}  // namespace fc
