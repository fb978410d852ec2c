#pragma once
// OfficeUser: a back-office account as the pages see it (never its password hash);
// OfficeSession: a logged-in browser, found by its cookie; OfficeLogin: what a login checks.
#include <cstdint>
#include <string>

#include "catalogue/lang.h"
#include "sync/depot/office/office_role.h"

namespace fc {

struct OfficeUser {
    std::int64_t id = 0;
    std::string name;
    OfficeRole role = OfficeRole::Helpdesk;
    Lang lang = Lang::Nl;
    std::int64_t created_ms = 0;
    std::int64_t disabled_ms = 0;  // 0 = may log in
};

struct OfficeSession {
    OfficeUser user;
    std::string csrf;  // the token every form of this session carries (64 hex digits)
    std::int64_t expires_ms = 0;
};

struct OfficeLogin {
    OfficeUser user;
    std::string password_hash;  // libsodium's Argon2id string
};

// A session ends this long after login, or after this long without a request, whichever is first.
inline constexpr std::int64_t kOfficeSessionMs = 12LL * 3600 * 1000;
inline constexpr std::int64_t kOfficeIdleMs = 2LL * 3600 * 1000;

}  // namespace fc
