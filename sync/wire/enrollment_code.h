#pragma once
// EnrollmentCode: the one-time code the depot prints and the tablet types on its numeric keypad
// (16 digits, shown in groups of four), its stored hash, and the text a QR code of it carries.
#include <optional>
#include <string>
#include <string_view>

namespace fc {

inline constexpr std::size_t kEnrollmentCodeDigits = 16;  // 10^16 > 2^53: guessing one is hopeless at 429 speed
inline constexpr std::string_view kEnrollScheme = "fieldcheck-enroll:";

// A new code from the OS's generator: 16 digits, uniformly drawn (no modulo bias).
std::string new_enrollment_code();
// The 16 digits of `typed`, with spaces and dashes between groups dropped; nullopt for anything else.
std::optional<std::string> normalized_enrollment_code(std::string_view typed);
// "1234 5678 9012 3456": how people read it out and type it.
std::string grouped_enrollment_code(std::string_view code);
// The hex SHA-256 the depot keeps instead of the code.
std::string enrollment_code_hash(std::string_view code);

// What the depot's QR code says: `fieldcheck-enroll:<depot-url>#<code>`, or the code alone when the
// depot does not know its URL.
std::string enrollment_qr_text(const std::string& depot_url, const std::string& code);
// ScannedEnrollment: what a scanned (or pasted) QR text gives the tablet; `depot_url` may be empty.
struct ScannedEnrollment {
    std::string depot_url;
    std::string code;
};
std::optional<ScannedEnrollment> parse_enrollment_qr_text(std::string_view text);

}  // namespace fc
