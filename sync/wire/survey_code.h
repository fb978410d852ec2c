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
// The customer's receipt code (record format 5): the first 16 bytes of HMAC-SHA-256(key,
// "fieldcheck-receipt/1\n" + visit_id) in base64url, 22 characters. Made on the tablet at the seal;
// only its hash is sealed (ReceiptFacts::code_hash), and the depot, holding the technician's survey
// keys, makes the same code to mail the receipt and to check a receipt link before the visit arrives.
std::string receipt_code(std::string_view survey_key, std::string_view visit_id);
// The hash the record seals: SHA-256 hex of the code's 22 characters.
std::string receipt_code_hash(std::string_view code);
// True when `code` hashes to `code_hash` (compared in constant time).
bool receipt_code_matches(std::string_view code, std::string_view code_hash);
// What the depot and the tablet carry the key as: standard base64; `bad_key` unless exactly 32 bytes.
Expected<std::string> survey_key_from_base64(std::string_view text);

}  // namespace fc
