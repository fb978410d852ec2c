#pragma once
// Where the tablet keeps its data: the XDG data directory, private to the user.
#include <filesystem>
#include <string>

namespace fc {

// $XDG_DATA_HOME/fieldcheck, else $HOME/.local/share/fieldcheck (XDG Base Directory spec).
std::filesystem::path default_data_dir();

// Creates `dir` and any missing parents, each mode 0700 regardless of the umask, and makes `dir`
// itself mode 0700; "" on success, else what failed.
std::string ensure_private_dir(const std::filesystem::path& dir);

}  // namespace fc
