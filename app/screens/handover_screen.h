#pragma once
// Handover: the technician explains each item, the customer confirms it, their to-do list builds up.
#include "app/tablet/intent.h"
#include "checklists/visit.h"

namespace fc {

class TouchUi;

// `customer` speaks the template's language: the confirm buttons and the to-do list are the
// customer's to read, whatever language the technician's UI is in.
Intent draw_handover(TouchUi& ui, const Visit& visit, const Strings& customer);

}  // namespace fc
