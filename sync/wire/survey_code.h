#pragma once
// SurveyCode: the one-time code of a visit's phone survey, an HMAC of the visit id under the device's
// survey key: made offline on the tablet, checked by the depot with the keys it holds for the visit's
// technician. The QR code the customer scans carries it in `{public url}/s/{visit}/{code}`.
#include <string>
#include <string_view>

#include "checklists/expected.h"

namespace fc {

inline constexpr std::size_t kSurveyKeyBytes = 32;

// A fresh random survey key (32 bytes), made once per device.
std::string new_survey_key();
// The first 16 bytes of HMAC-SHA-256(key, "fieldcheck-survey/1\n" + visit_id), base64url without
// padding: 22 characters, safe in a URL path.
std::string survey_code(std::string_view survey_key, std::string_view visit_id);
// True when `code` is the code of `visit_id` under `survey_key` (compared in constant time).
bool survey_code_matches(std::string_view survey_key, std::string_view visit_id, std::string_view code);
// What the depot and the tablet carry the key as: standard base64; `bad_key` unless exactly 32 bytes.
Expected<std::string> survey_key_from_base64(std::string_view text);

}  // namespace fc
