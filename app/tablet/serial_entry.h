#pragma once
// serial_refusal: why a serial step would refuse a value, for the field's live red/green line and
// for refusing `save-serial` with the same words before the engine is asked.
#include <optional>
#include <string>

#include "checklists/checklist_template.h"
#include "checklists/expected.h"

namespace fc {

// nullopt when `value` passes the step's length, pattern and check digit; else the catalogue's error
// (serial_too_long, serial_pattern_mismatch, serial_check_failed, invalid_pattern), subject = value.
std::optional<Error> serial_refusal(const Step& step, const std::string& value);

}  // namespace fc
