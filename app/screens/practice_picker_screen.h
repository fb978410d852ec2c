#pragma once
// Practice picker: the trainer chooses any template to walk without a customer.
#include <vector>

#include "app/tablet/intent.h"
#include "sync/store/device_store.h"

namespace fc {

class TouchUi;

// `help_open`: the trainer's setting that opens every step's help in practice; a toggle above the list.
Intent draw_practice_picker(TouchUi& ui, const std::vector<TemplateRef>& templates, bool help_open);

}  // namespace fc
