#pragma once
// fitted_text: one line of a name that may be long (customer, address, job, template title) made to
// fit its place with "…", cut at whole UTF-8 characters; badges next to it keep their room.
#include <string>

namespace fc {

class TouchUi;

// `text` when it fits `max_width` in the current font, else its longest start that fits with "…".
std::string ellipsized(const std::string& text, float max_width);

// A label on one line no wider than the space left on it (less `reserve` for what follows).
// Returns true when the text was cut.
bool fitted_label(TouchUi& ui, const std::string& text, float reserve = 0);

}  // namespace fc
