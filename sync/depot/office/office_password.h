#pragma once
// The back office's passwords: hashed with Argon2id (libsodium's crypto_pwhash_str, the salt and the
// cost in the string), checked in constant time; a name nobody has costs a login as much as one that exists.
#include <string>
#include <string_view>

#include "checklists/expected.h"

namespace fc {

inline constexpr std::size_t kMinPasswordBytes = 10;
inline constexpr std::size_t kMaxPasswordBytes = 1024;

// weak_password for one shorter than kMinPasswordBytes or longer than kMaxPasswordBytes.
Expected<std::string> hash_password(std::string_view password);
bool password_matches(const std::string& hash, std::string_view password);
// Spends what a check of a real hash spends, for a name that has none.
void spend_password_check(std::string_view password);

}  // namespace fc
