#pragma once
// Step runner: one step at a time, big Back / Next, progress, help one tap away, an answer per kind.
#include <string>

#include "app/screens/photo_step.h"
#include "app/screens/signature_pad.h"
#include "app/tablet/intent.h"
#include "app/tablet/step_typing.h"
#include "checklists/visit.h"

namespace fc {

class TouchUi;
class Viewfinder;

// StepRunnerUi: what the technician is typing on the current step, before it becomes an answer.
struct StepRunnerUi {
    std::string step_id;  // the step the fields below belong to; a new step resets them
    bool help_open = false;
    std::string entry;    // measure value on the keypad
    std::string note;     // measure note, or the reason a check is not applicable
    bool reason_open = false;
    std::string text;
    PhotoStepUi photo;
    SignaturePadUi signature;
    // Leaving the step with a value that could not be saved asks first: the value as asked about
    // ("12.5 dBm"; "" when not asking) and where the technician was going.
    std::string discard_value;
    Intent after_discard;
};

// Shows `step` in the fields with `typed` in them (its stored answer, or a draft typed over it).
void open_step_fields(StepRunnerUi& state, const std::string& step_id, const StepTyping& typed);
StepTyping typing_of(const StepRunnerUi& state);

// `viewfinder`: the app's camera, opened by photo and serial steps and closed when the step is left.
Intent draw_step_runner(TouchUi& ui, const Visit& visit, StepRunnerUi& state, Viewfinder& viewfinder);

// An answer as one line for the technician ("-18.5 dBm", "Not applicable: no socket").
std::string answer_text(const TouchUi& ui, const Step& step, const Answer& answer);

}  // namespace fc
