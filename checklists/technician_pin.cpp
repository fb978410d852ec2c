#include "technician_pin.h"

#include <openssl/crypto.h>

#include "sha256.h"

namespace fc {
namespace {

bool is_pin(const std::string& pin) {
    if (pin.size() < 4 || pin.size() > 8) return false;
    for (char c : pin) {
        if (c < '0' || c > '9') return false;
    }
    return true;
}

bool is_hex(const std::string& s) {
    for (char c : s) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    return true;
}

// The salt is hex text; hashing its decoded bytes keeps SHA-256(salt || pin) meaning what it says.
std::string unhex(const std::string& hex) {
    const auto nibble = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
    std::string out;
    out.reserve(hex.size() / 2);
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
        out.push_back(static_cast<char>((nibble(hex[i]) & 0x0F) << 4 | (nibble(hex[i + 1]) & 0x0F)));
    }
    return out;
}

}  // namespace

Expected<TechnicianPin> TechnicianPin::create(const std::string& pin, const std::string& salt_hex) {
    if (!is_pin(pin)) {
        return make_error(ErrorCode::invalid_pin, "a technician PIN is 4 to 8 digits (0-9), nothing else");
    }
    if (salt_hex.size() < 16 || salt_hex.size() % 2 != 0 || !is_hex(salt_hex)) {
        return make_error(ErrorCode::invalid_salt, "the PIN salt must be at least 8 bytes written as lowercase hex");
    }
    return TechnicianPin{salt_hex, sha256_hex(unhex(salt_hex) + pin)};
}

bool TechnicianPin::matches(const std::string& entered) const {
    // Every entry is hashed, well-formed or not, so the time taken says nothing about the PIN.
    const std::string candidate = sha256_hex(unhex(salt_hex) + entered);
    if (candidate.size() != hash_hex.size()) return false;
    return is_pin(entered) && CRYPTO_memcmp(candidate.data(), hash_hex.data(), candidate.size()) == 0;
}

}  // namespace fc
