#pragma once
// WireIds: the shapes an id may have on the wire; anything else is refused before it reaches SQL,
// a file name or a log line.
#include <cstdint>
#include <optional>
#include <string_view>

namespace fc {

inline constexpr std::size_t kMaxIdLength = 64;

// Visit, technician, job and template ids: [A-Za-z0-9_-]{1,64}.
bool is_wire_id(std::string_view s);
// A template version or an assignment cursor: decimal digits, no sign, at most 18 of them.
std::optional<std::int64_t> parse_wire_number(std::string_view s);
// A device label for `token create --device`: 1..64 bytes of UTF-8 text ("tablet van Jörg"), no
// control characters (it is printed in `token list`, one line per token).
bool is_device_label(std::string_view s);

}  // namespace fc
