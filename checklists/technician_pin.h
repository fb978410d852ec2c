#pragma once
// TechnicianPin: a salted hash of the PIN that takes the device back from the customer.
#include <string>

#include "expected.h"

namespace fc {

struct TechnicianPin {
    std::string salt_hex;
    std::string hash_hex;  // SHA-256(salt || pin), lowercase hex

    // PINs are 4 to 8 digits; anything else is refused with a message.
    static Expected<TechnicianPin> create(const std::string& pin, const std::string& salt_hex);
    bool matches(const std::string& entered) const;  // constant-time compare
};

}  // namespace fc
