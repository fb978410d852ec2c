#pragma once
// A smiley face drawn with ImDrawList (no emoji font): score 1 (very unhappy) to 5 (very happy).
#include <string>

namespace fc {

class TouchUi;

// A round tappable face `diameter` px wide; returns true when tapped. Drawn pale unless selected.
bool smiley_button(TouchUi& ui, const std::string& id, int score, bool selected, float diameter);

}  // namespace fc
