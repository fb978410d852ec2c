#pragma once
// EnrollUi: what the Sync screen holds while a tablet is not enrolled (the depot's address, the
// one-time code typed on the keypad); enrollment_from_scan: the seam a camera scan (issue 12) uses.
#include <optional>
#include <string>
#include <string_view>

#include "app/tablet/intent.h"

namespace fc {

struct EnrollUi {
    std::string depot_url;
    std::string code;    // digits only, as typed on the keypad
    bool asked = false;  // an enrollment was handed to the sync worker; its outcome shows in SyncStatus
};

// The Enroll intent for what is typed, or nullopt until the address and all 16 digits are there.
std::optional<intent::Enroll> enrollment_from_entry(const EnrollUi& state);

// A scanned QR text (`fieldcheck-enroll:URL#CODE`, or the code alone): fills the screen's fields
// and gives the Enroll intent when the address is known too; nullopt for a text that is no code.
std::optional<intent::Enroll> enrollment_from_scan(std::string_view text, EnrollUi& state);

}  // namespace fc
