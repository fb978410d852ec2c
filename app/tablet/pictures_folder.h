#pragma once
// PicturesFolder: the user's pictures folder as the desktop names it (XDG user dirs), where the photo
// picker starts.
#include <filesystem>
#include <optional>
#include <string_view>

namespace fc {

// XDG_PICTURES_DIR from the text of user-dirs.dirs (`XDG_PICTURES_DIR="$HOME/Pictures"`), with $HOME
// replaced by `home`; nullopt when the line is absent, malformed, or names the home folder itself
// (which the XDG spec uses for "no such folder").
std::optional<std::filesystem::path> pictures_dir_from_user_dirs(std::string_view text, const std::filesystem::path& home);

// $XDG_PICTURES_DIR, else $XDG_CONFIG_HOME/user-dirs.dirs (~/.config/...), else ~/Pictures; each only
// when it is an existing folder. The home folder (or the current one) when none is.
std::filesystem::path pictures_folder();

}  // namespace fc
