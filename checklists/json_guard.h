#pragma once
// JsonGuard: cheap pre-checks (size, UTF-8, nesting depth) run before any JSON parser sees bytes.
#include <cstddef>
#include <string_view>

#include "expected.h"

namespace fc {

// Returns an Error with code "too_large", "not_utf8" (message names the byte offset) or
// "too_deep"; never recurses, never allocates in proportion to the input.
Status check_json_bounds(std::string_view bytes, std::size_t max_bytes, int max_depth);

// Length of the longest prefix of `bytes` that is well-formed UTF-8 (RFC 3629): the byte offset of
// the first bad byte, or bytes.size() when there is none. Lets a caller turn the "not_utf8" offset
// into a line and column.
std::size_t valid_utf8_prefix(std::string_view bytes);

}  // namespace fc
