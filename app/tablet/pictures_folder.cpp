#include "app/tablet/pictures_folder.h"

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

namespace fc {
namespace {

std::string env(const char* name) {
    const char* value = std::getenv(name);
    return value ? value : "";
}

bool is_folder(const std::filesystem::path& p) {
    std::error_code ec;
    return !p.empty() && std::filesystem::is_directory(p, ec);
}

}  // namespace

std::optional<std::filesystem::path> pictures_dir_from_user_dirs(std::string_view text, const std::filesystem::path& home) {
    constexpr std::string_view key = "XDG_PICTURES_DIR=";
    while (!text.empty()) {
        const std::size_t end = text.find('\n');
        std::string_view line = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
        while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
        if (!line.starts_with(key)) continue;
        line.remove_prefix(key.size());
        // The spec's only forms: "$HOME/relative" or "/absolute", in double quotes.
        if (line.size() < 2 || line.front() != '"' || line.find('"', 1) == std::string_view::npos) return std::nullopt;
        const std::string_view value = line.substr(1, line.find('"', 1) - 1);
        if (value.starts_with("$HOME/") && value.size() > 6) return home / std::string(value.substr(6));
        if (value.starts_with("/")) return std::filesystem::path(std::string(value));
        return std::nullopt;  // "$HOME" or "$HOME/" alone: no pictures folder
    }
    return std::nullopt;
}

std::filesystem::path pictures_folder() {
    const std::filesystem::path home = env("HOME");
    if (is_folder(env("XDG_PICTURES_DIR"))) return env("XDG_PICTURES_DIR");
    if (!home.empty()) {
        const std::string config = env("XDG_CONFIG_HOME");
        const std::filesystem::path dirs = (config.empty() ? home / ".config" : std::filesystem::path(config)) / "user-dirs.dirs";
        std::ifstream in(dirs);
        const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (const auto p = pictures_dir_from_user_dirs(text, home); p && is_folder(*p)) return *p;
        if (is_folder(home / "Pictures")) return home / "Pictures";
        if (is_folder(home)) return home;
    }
    std::error_code ec;
    return std::filesystem::current_path(ec);
}

}  // namespace fc
