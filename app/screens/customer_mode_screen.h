#pragma once
// Customer mode: full screen and the customer's alone: in template format 2 first the handover (confirm
// each item, sign), then the survey (nothing pre-selected), submit; the technician takes the device
// back only with the PIN.
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "app/screens/signature_pad.h"
#include "app/tablet/answer_route.h"
#include "app/tablet/intent.h"
#include "checklists/visit.h"

namespace fc {

class TouchUi;

struct CustomerModeUi {
    std::map<std::string, std::string> comments;  // comment question id -> text typed
    SignaturePadUi signature;                     // the handover's signature being drawn (format 2)
    bool phone_open = false;                      // the QR code of the survey link is shown
    bool pin_open = false;
    std::string pin;
    std::int64_t pin_wait_ms = 0;  // the app's, each frame the pad is open: the wait left after wrong PINs
};

// `route`: where the answers go from here, which the survey tells the customer as it is.
// `phone_link`: the survey link for the customer's own phone (record format 3), offered as a QR code;
// nullopt: the choice is not offered (practice, no public URL, the depot lacks this tablet's key).
Intent draw_customer_mode(TouchUi& ui, const Visit& visit, CustomerModeUi& state, AnswerRoute route,
                          const std::optional<std::string>& phone_link = std::nullopt);

}  // namespace fc
