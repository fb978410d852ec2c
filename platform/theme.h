#pragma once
// The light, high-contrast theme that reads in daylight, with every size scaled for touch.
struct ImGuiStyle;

namespace fc {

// Why these numbers: frames get enough padding that a one-line button or text field is at least
// 48 px tall at scale 1 with the 22 px body font; `scale` is the monitor's content scale.
void apply_daylight_theme(ImGuiStyle& style, float scale);

}  // namespace fc
