#pragma once
// Customer mode: full screen and the customer's alone: the survey (nothing pre-selected), submit;
// the technician takes the device back only with the PIN.
#include <map>
#include <string>

#include "app/tablet/answer_route.h"
#include "app/tablet/intent.h"
#include "checklists/visit.h"

namespace fc {

class TouchUi;

struct CustomerModeUi {
    std::map<std::string, std::string> comments;  // comment question id -> text typed
    bool pin_open = false;
    std::string pin;
};

// `route`: where the answers go from here, which the survey tells the customer as it is.
Intent draw_customer_mode(TouchUi& ui, const Visit& visit, CustomerModeUi& state, AnswerRoute route);

}  // namespace fc
