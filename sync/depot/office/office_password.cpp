#include "sync/depot/office/office_password.h"

#include <sodium.h>

namespace fc {
namespace {

// Why interactive limits: a login waits for one hash (~0.1 s, 64 MiB on a depot); the login
// throttle, not the hash cost alone, is what holds a guesser back.
constexpr unsigned long long kOps = crypto_pwhash_OPSLIMIT_INTERACTIVE;
constexpr std::size_t kMem = crypto_pwhash_MEMLIMIT_INTERACTIVE;

}  // namespace

Expected<std::string> hash_password(std::string_view password) {
    if (password.size() < kMinPasswordBytes || password.size() > kMaxPasswordBytes) {
        return make_error(ErrorCode::weak_password, "a password is " + std::to_string(kMinPasswordBytes) + " to " +
                                                        std::to_string(kMaxPasswordBytes) + " bytes long")
            .with("min", std::to_string(kMinPasswordBytes))
            .with("max", std::to_string(kMaxPasswordBytes));
    }
    if (sodium_init() < 0) return make_error(ErrorCode::no_randomness, "libsodium could not start");
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(out, password.data(), password.size(), kOps, kMem, crypto_pwhash_ALG_ARGON2ID13) != 0) {
        return make_error(ErrorCode::internal, "the password could not be hashed (out of memory)");
    }
    return std::string(out);
}

bool password_matches(const std::string& hash, std::string_view password) {
    if (sodium_init() < 0 || password.size() > kMaxPasswordBytes) return false;
    return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

void spend_password_check(std::string_view password) {
    static const std::string dummy = hash_password("fieldcheck: nobody's password").value();
    (void)password_matches(dummy, password);
}

}  // namespace fc
