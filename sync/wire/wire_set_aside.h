#pragma once
// SetAsideNotice: the body of PUT /api/v1/set-aside/{visit}, a tablet's word that the depot refused
// one of its sealed visits (any 4xx), so the planner sees a visit whose record was never stored.
#include <cstdint>
#include <string>
#include <string_view>

#include "checklists/expected.h"

namespace fc {

// Small and bounded: a report must never be the thing that fails to arrive.
inline constexpr std::size_t kMaxSetAsideBytes = 8 * 1024;
inline constexpr std::size_t kMaxSetAsideMessageBytes = 2 * 1024;

struct SetAsideNotice {
    std::string seal;   // the refused record's seal (64 hex digits)
    int status = 0;     // the HTTP status the depot answered, 400..499
    std::string error;  // the depot's error code name (1 to 64 letters, digits or '_')
    std::string message;

    friend bool operator==(const SetAsideNotice&, const SetAsideNotice&) = default;
};

std::string encode_set_aside(const SetAsideNotice& n);
// Refuses (malformed) a seal that is not 64 hex digits, a status outside 400..499, an error name
// that is no code name, a message over kMaxSetAsideMessageBytes; too_large over kMaxSetAsideBytes.
Expected<SetAsideNotice> decode_set_aside(std::string_view body);

}  // namespace fc
