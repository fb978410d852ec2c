#include "signing_key.h"

#include <sodium.h>

#include <cstdlib>
#include <cstring>
#include <mutex>

namespace fc {
namespace {

// libsodium must be initialised once before its generator is used; it is thread-safe after.
void ensure_sodium() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (sodium_init() < 0) std::abort();  // no usable randomness: nothing may be signed
    });
}

const unsigned char* bytes_of(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

}  // namespace

std::string PublicKey::base64() const {
    return base64_encode(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

Expected<PublicKey> PublicKey::from_base64(std::string_view text) {
    auto raw = base64_decode(text);
    if (!raw || raw->size() != kPublicKeyBytes) {
        return make_error(ErrorCode::bad_key, "a public key is 32 bytes in base64 (44 characters)");
    }
    PublicKey k;
    std::memcpy(k.bytes.data(), raw->data(), kPublicKeyBytes);
    return k;
}

SigningKey SigningKey::generate() {
    ensure_sodium();
    SigningKey k;
    std::array<unsigned char, crypto_sign_PUBLICKEYBYTES> pk{};
    crypto_sign_keypair(pk.data(), k.secret_.data());
    return k;
}

Expected<SigningKey> SigningKey::from_seed(std::string_view seed) {
    if (seed.size() != kKeySeedBytes) return make_error(ErrorCode::bad_key, "a signing key's seed is 32 bytes");
    ensure_sodium();
    SigningKey k;
    std::array<unsigned char, crypto_sign_PUBLICKEYBYTES> pk{};
    crypto_sign_seed_keypair(pk.data(), k.secret_.data(), bytes_of(seed));
    return k;
}

SigningKey::~SigningKey() { sodium_memzero(secret_.data(), secret_.size()); }

std::string SigningKey::seed() const {
    return std::string(reinterpret_cast<const char*>(secret_.data()), kKeySeedBytes);
}

PublicKey SigningKey::public_key() const {
    PublicKey k;
    std::memcpy(k.bytes.data(), secret_.data() + kKeySeedBytes, kPublicKeyBytes);
    return k;
}

std::string SigningKey::sign(std::string_view message) const {
    std::string sig(crypto_sign_BYTES, '\0');
    crypto_sign_detached(reinterpret_cast<unsigned char*>(sig.data()), nullptr, bytes_of(message), message.size(),
                         secret_.data());
    return sig;
}

bool verify_signature(const PublicKey& key, std::string_view message, std::string_view signature) {
    if (signature.size() != crypto_sign_BYTES) return false;
    ensure_sodium();
    return crypto_sign_verify_detached(bytes_of(signature), bytes_of(message), message.size(), key.bytes.data()) == 0;
}

std::string base64_encode(std::string_view bytes) {
    ensure_sodium();
    const std::size_t size = sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL);
    std::string out(size, '\0');
    sodium_bin2base64(out.data(), out.size(), bytes_of(bytes), bytes.size(), sodium_base64_VARIANT_ORIGINAL);
    out.resize(std::strlen(out.c_str()));
    return out;
}

Expected<std::string> base64_decode(std::string_view text) {
    ensure_sodium();
    std::string out(text.size() / 4 * 3 + 3, '\0');
    std::size_t len = 0;
    const char* end = nullptr;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr,
                          &len, &end, sodium_base64_VARIANT_ORIGINAL) != 0 ||
        end != text.data() + text.size()) {
        return make_error(ErrorCode::malformed, "not base64 (standard alphabet, padded)");
    }
    out.resize(len);
    return out;
}

std::string sha256_bytes(std::string_view message) {
    ensure_sodium();
    std::string out(crypto_hash_sha256_BYTES, '\0');
    crypto_hash_sha256(reinterpret_cast<unsigned char*>(out.data()), bytes_of(message), message.size());
    return out;
}

std::string hmac_sha256_bytes(std::string_view key, std::string_view message) {
    ensure_sodium();
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init(&state, bytes_of(key), key.size());
    crypto_auth_hmacsha256_update(&state, bytes_of(message), message.size());
    std::string out(crypto_auth_hmacsha256_BYTES, '\0');
    crypto_auth_hmacsha256_final(&state, reinterpret_cast<unsigned char*>(out.data()));
    return out;
}

std::string random_bytes(std::size_t n) {
    ensure_sodium();
    std::string out(n, '\0');
    randombytes_buf(out.data(), n);
    return out;
}

bool equal_in_constant_time(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    ensure_sodium();
    return a.empty() || sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace fc
