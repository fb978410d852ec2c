#pragma once
// Practice picker: the trainer chooses any template to walk without a customer.
#include <vector>

#include "app/tablet/intent.h"
#include "sync/store/device_store.h"

namespace fc {

class TouchUi;

Intent draw_practice_picker(TouchUi& ui, const std::vector<TemplateRef>& templates);

}  // namespace fc
