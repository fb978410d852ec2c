#include "device_token.h"

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/rand.h>

#include <array>

#include "checklists/sha256.h"

namespace fc {

Expected<std::string> generate_device_token() {
    std::array<unsigned char, kDeviceTokenBytes> bytes{};
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
        const unsigned long code = ERR_get_error();
        std::array<char, 256> reason{};
        ERR_error_string_n(code, reason.data(), reason.size());
        return make_error(ErrorCode::no_randomness, std::string("could not draw 256 random bits for a device token: ") + reason.data());
    }
    static constexpr char kHex[] = "0123456789abcdef";
    std::string token;
    token.reserve(bytes.size() * 2);
    for (unsigned char b : bytes) {
        token.push_back(kHex[b >> 4]);
        token.push_back(kHex[b & 0x0F]);
    }
    OPENSSL_cleanse(bytes.data(), bytes.size());
    return token;
}

std::string device_token_hash(std::string_view token) { return sha256_hex(token); }

bool is_device_token(std::string_view token) { return is_sha256_hex(token); }

bool constant_time_equal(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace fc
