#pragma once
// The permanent PRACTICE stripe on every screen of a practice walk (nothing is saved or synced).
namespace fc {

class TouchUi;

void draw_practice_banner(TouchUi& ui);

}  // namespace fc
