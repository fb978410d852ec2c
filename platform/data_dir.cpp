#include "platform/data_dir.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <system_error>

namespace fc {

std::filesystem::path default_data_dir() {
    const char* xdg = std::getenv("XDG_DATA_HOME");
    // The spec says a relative XDG_DATA_HOME is invalid and must be ignored.
    if (xdg && xdg[0] == '/') return std::filesystem::path(xdg) / "fieldcheck";
    const char* home = std::getenv("HOME");
    if (home && home[0] != '\0') return std::filesystem::path(home) / ".local" / "share" / "fieldcheck";
    return std::filesystem::current_path() / "fieldcheck-data";
}

std::string ensure_private_dir(const std::filesystem::path& dir) {
    std::error_code ec;
    // Every directory made here is 0700 whatever the umask (the XDG spec asks this of the
    // directories an app creates), so no parent is briefly readable by others.
    std::filesystem::path made;
    for (const auto& part : dir) {
        made /= part;
        if (std::filesystem::exists(made, ec)) continue;
        if (::mkdir(made.c_str(), 0700) != 0 && errno != EEXIST) {
            const std::string why = std::strerror(errno);
            if (made == dir) return "cannot create the data directory " + dir.string() + ": " + why;
            return "cannot create the data directory " + dir.string() + " (at " + made.string() + "): " + why;
        }
    }
    if (!std::filesystem::is_directory(dir, ec)) return dir.string() + " exists but is not a directory";
    if (::chmod(dir.c_str(), 0700) != 0) {
        return "cannot make " + dir.string() + " private (chmod 0700): " + std::strerror(errno);
    }
    return {};
}

}  // namespace fc
