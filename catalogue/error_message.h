#pragma once
// error_message: an Error worded for a person in a chosen language, from its code and parameters
// alone; the engine's English `message` is for logs and never reaches a screen.
#include <string>
#include <string_view>

#include "catalogue/lang.h"
#include "checklists/expected.h"

namespace fc {

// The sentence "error.<code>" with the error's params; when the screen names what the error is
// about (`subject`: a step's title, a file's name) and the catalogue has "error.<code>.about", that
// sentence instead, with {subject} filled in. Store failures (disk_full, io_error, sqlite_error,
// busy, corrupt) always say that nothing was saved.
std::string error_message(Lang lang, const Error& e, std::string_view subject = {});

}  // namespace fc
