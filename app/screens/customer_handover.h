#pragma once
// The customer's handover (template format 2): in customer mode, in the template's language, the
// customer confirms each item, signs the signature item and watches their to-do list grow.
#include "app/screens/signature_pad.h"
#include "app/tablet/intent.h"
#include "checklists/visit.h"

namespace fc {

class TouchUi;

// The bodies of the customer's screen while the visit is in the handover (the items, the to-do list
// beside or below them); `pad` holds the signature being drawn.
Intent draw_customer_handover(TouchUi& ui, const Visit& visit, SignaturePadUi& pad);

}  // namespace fc
