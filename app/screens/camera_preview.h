#pragma once
// The camera's live picture inside a screen: a texture from the app's hook, or (headless, or before
// the first frame) a placeholder box of the same size; recorded as a mark either way.
#include <string>

namespace fc {

class TouchUi;
class Viewfinder;

// Draws the preview `height_em` tall (at most the row's width at 4:3) and records it as `mark_id`.
void draw_camera_preview(TouchUi& ui, const Viewfinder& viewfinder, const std::string& mark_id, float height_em = 14.0f);

// The camera's problem for `owner` (a step id, "enroll") as the catalogue words it, with a mark
// "camera-problem"; false when there is none.
bool draw_camera_problem(TouchUi& ui, const Viewfinder& viewfinder, const std::string& owner);

}  // namespace fc
