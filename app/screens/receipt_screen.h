#pragma once
// Receipt screen: the customer's receipt of a sealed visit in large type, as Receipt words it (the
// title, the facts, what was done, the customer's to-do list first and prominent), the QR code of
// its link to scan or photograph, and the seal's short form; never a survey score. Shown to the
// customer after the survey, and to whoever holds the tablet after a decline or a close as not possible.
#include <string>
#include <vector>

#include "app/tablet/intent.h"
#include "receipt/receipt.h"

namespace fc {

class TouchUi;

// ReceiptView: what the screen shows, made by the app from the model.
struct ReceiptView {
    const Receipt* receipt = nullptr;  // nullptr: none could be made (problem says why)
    bool customer_holds = false;       // the customer has the tablet: the button hands it back (with the PIN)
    std::string problem;               // why the receipt or its PDF could not be made; "" when fine
};

// Intents out: intent::HandBack when the receipt has been read.
Intent draw_receipt(TouchUi& ui, const ReceiptView& view);

}  // namespace fc
