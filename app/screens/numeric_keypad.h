#pragma once
// The large on-screen numeric keypad: measures and the PIN are typed with gloves on, not a keyboard.
#include <cstddef>
#include <string>

namespace fc {

class TouchUi;

struct KeypadOptions {
    bool decimal = true;        // a "." key (measures)
    bool sign = true;           // a "±" key (dBm values are negative)
    std::size_t max_length = 12;
    const char* id_prefix = "key";  // hit-target ids: "<prefix>:7", "<prefix>:back", ...
};

// The keypad's height as drawn, so a container can be sized to it exactly.
float numeric_keypad_height(const TouchUi& ui, const KeypadOptions& options);

// Edits `entry` by the key tapped this frame; returns true when it changed.
bool draw_numeric_keypad(TouchUi& ui, std::string& entry, const KeypadOptions& options);

}  // namespace fc
