#pragma once
// The technician PIN as kept in the device store's settings: "salt_hex:hash_hex", never the digits.
#include <string>

#include "checklists/expected.h"
#include "checklists/technician_pin.h"

namespace fc {

class DeviceStore;

inline constexpr const char* kPinSetting = "technician_pin";

Status store_technician_pin(DeviceStore& store, const std::string& pin);
Expected<TechnicianPin> stored_technician_pin(DeviceStore& store);  // code "pin_not_set" when none

}  // namespace fc
