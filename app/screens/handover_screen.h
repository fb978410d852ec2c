#pragma once
// Handover: the technician explains each item, the customer confirms it, their to-do list builds up.
#include <functional>

#include "app/tablet/intent.h"
#include "checklists/visit.h"

namespace fc {

class TouchUi;

// `customer` speaks the template's language: the confirm buttons and the to-do list are the
// customer's to read, whatever language the technician's UI is in.
Intent draw_handover(TouchUi& ui, const Visit& visit, const Strings& customer);

// The customer's to-do list so far, in `customer`'s language.
void draw_todo_list(TouchUi& ui, const Visit& visit, const Strings& customer);
// The handover's bodies, shared by the technician's screen (format 1) and the customer's (format 2):
// `items` draws the items in a scrolling body; the to-do list stays in view beside or below it.
void draw_handover_bodies(TouchUi& ui, const Visit& visit, const Strings& customer, const std::function<void()>& items);

}  // namespace fc
