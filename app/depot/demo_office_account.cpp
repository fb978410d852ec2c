// The demo's back-office account: `serve --demo` on a depot without any account makes one admin,
// "demo", with a random password, written once to <data>/demo-office-password (0600) and printed, so
// the README's first command ends with a back office one can log in to. A depot that has accounts is
// left alone: the demo never adds a known password to a real depot.
#include <sys/stat.h>

#include <cstdio>
#include <fstream>

#include "serve_demo.h"
#include "sync/depot/office/office_password.h"
#include "sync/wire/device_token.h"

namespace fc {

bool ensure_demo_office_account(DepotStore& store, Clock& clock) {
    const std::filesystem::path file = store.dir() / "demo-office-password";
    auto users = store.office_users();
    if (!users) {
        std::fprintf(stderr, "fieldcheck-depot serve: %s\n", users.error().message.c_str());
        return false;
    }
    if (!users->empty()) {
        if (std::filesystem::exists(file)) std::fprintf(stderr, "demo: back office: log in as demo (password in %s)\n", file.c_str());
        return true;
    }
    auto token = generate_device_token();
    if (!token) {
        std::fprintf(stderr, "fieldcheck-depot serve: %s\n", token.error().message.c_str());
        return false;
    }
    const std::string password = token->substr(0, 16);
    auto hash = hash_password(password);
    auto user = hash ? store.add_office_user("demo", OfficeRole::Admin, Lang::En, *hash, clock.now().wall_ms) : Expected<OfficeUser>(hash.error());
    if (!user) {
        std::fprintf(stderr, "fieldcheck-depot serve: the demo's back-office account: %s\n", user.error().message.c_str());
        return false;
    }
    {
        std::ofstream out(file, std::ios::trunc);
        out << password << "\n";
    }
    ::chmod(file.c_str(), 0600);
    std::fprintf(stderr, "demo: back office: log in as demo with password %s (kept in %s)\n", password.c_str(), file.c_str());
    return true;
}

}  // namespace fc
