#pragma once
// The serial step: the field (typed, or filled by the scanner), a `scan` button that opens the camera
// as a scanner, and the value's check shown at once: red with the reason, or green.
#include <string>

#include "app/tablet/intent.h"
#include "checklists/checklist_template.h"

namespace fc {

class TouchUi;
class Viewfinder;

// `text`: the field's value (StepRunnerUi::text). A scanned value that passes is saved at once; one
// that fails stays in the field, red, and save-serial refuses it with the same words.
void draw_serial_step(TouchUi& ui, const Step& step, std::string& text, Viewfinder& viewfinder, Intent& out);

}  // namespace fc
