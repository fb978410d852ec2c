#pragma once
// SigningKey: an Ed25519 key pair (libsodium) that a tablet or the depot signs with; PublicKey is its
// public half, what the other side pins and verifies with. Also the few byte tools signing needs:
// base64 (RFC 4648, with padding, as RFC 9421 and RFC 9530 carry bytes), HMAC-SHA-256, SHA-256 and
// random bytes. Nothing here touches a file or a socket.
#include <array>
#include <string>
#include <string_view>

#include "checklists/expected.h"

namespace fc {

inline constexpr std::size_t kPublicKeyBytes = 32;
inline constexpr std::size_t kSignatureBytes = 64;
inline constexpr std::size_t kKeySeedBytes = 32;

// PublicKey: the 32 bytes that verify a SigningKey's signatures.
struct PublicKey {
    std::array<unsigned char, kPublicKeyBytes> bytes{};

    std::string base64() const;
    // 44 base64 characters of exactly 32 bytes; anything else is `bad_key`.
    static Expected<PublicKey> from_base64(std::string_view text);
    friend bool operator==(const PublicKey&, const PublicKey&) = default;
};

class SigningKey {
public:
    static SigningKey generate();
    // The 32-byte seed a key is kept as (in a 0600 file); the same seed gives the same key.
    static Expected<SigningKey> from_seed(std::string_view seed);
    std::string seed() const;
    PublicKey public_key() const;
    // The 64-byte Ed25519 signature of `message` (raw bytes; base64 it for a header).
    std::string sign(std::string_view message) const;

    SigningKey(const SigningKey&) = default;
    SigningKey& operator=(const SigningKey&) = default;
    ~SigningKey();

private:
    SigningKey() = default;
    std::array<unsigned char, 64> secret_{};  // libsodium's form: seed followed by the public key
};

// True only for a 64-byte signature of exactly `message` under `key`.
bool verify_signature(const PublicKey& key, std::string_view message, std::string_view signature);

std::string base64_encode(std::string_view bytes);
// Standard alphabet with padding, no whitespace; anything else is `malformed`.
Expected<std::string> base64_decode(std::string_view text);

std::string sha256_bytes(std::string_view message);                          // 32 raw bytes
std::string hmac_sha256_bytes(std::string_view key, std::string_view message);  // 32 raw bytes
std::string random_bytes(std::size_t n);                                     // from the OS's generator
// Compares in time independent of where the first difference is (for codes and MACs).
bool equal_in_constant_time(std::string_view a, std::string_view b);

}  // namespace fc
