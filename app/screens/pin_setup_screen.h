#pragma once
// PIN setup: the technician chooses the PIN that takes the device back from the customer.
#include <string>

#include "app/tablet/intent.h"

namespace fc {

class TouchUi;

struct PinSetupUi {
    std::string first;
    std::string second;
    bool confirming = false;  // typing it a second time
};

Intent draw_pin_setup(TouchUi& ui, PinSetupUi& state);

}  // namespace fc
