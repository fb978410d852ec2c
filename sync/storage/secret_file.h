#pragma once
// Secret files: a private key kept on disk only its owner may read (0600), written durably, and
// refused when read back if anyone else could have read it too.
#include <filesystem>
#include <string>
#include <string_view>

#include "checklists/expected.h"

namespace fc {

// Written as write_file_durably writes (temp, fsync, rename), created 0600.
Status write_secret_file(const std::filesystem::path& path, std::string_view bytes);

// The file's bytes; `not_found` when there is none, `bad_key` when its mode lets group or others read
// or write it (a key others could copy is no longer this device's alone: make a new one).
Expected<std::string> read_secret_file(const std::filesystem::path& path);

}  // namespace fc
