#include "sync/wire/enrollment_code.h"

#include <cstdint>
#include <cstring>

#include "sync/wire/signing_key.h"

namespace fc {
namespace {

constexpr std::uint64_t kCodeSpace = 10'000'000'000'000'000ULL;  // 10^16
// The largest multiple of 10^16 that fits in 64 bits: draws at or above it are redrawn, so each
// code is equally likely.
constexpr std::uint64_t kFairLimit = (UINT64_MAX / kCodeSpace) * kCodeSpace;

std::uint64_t random_u64() {
    const std::string bytes = random_bytes(8);
    std::uint64_t v = 0;
    std::memcpy(&v, bytes.data(), sizeof v);
    return v;
}

}  // namespace

std::string new_enrollment_code() {
    std::uint64_t v = random_u64();
    while (v >= kFairLimit) v = random_u64();
    v %= kCodeSpace;
    std::string code(kEnrollmentCodeDigits, '0');
    for (std::size_t i = kEnrollmentCodeDigits; i-- > 0; v /= 10) code[i] = static_cast<char>('0' + v % 10);
    return code;
}

std::optional<std::string> normalized_enrollment_code(std::string_view typed) {
    std::string digits;
    for (char c : typed) {
        if (c >= '0' && c <= '9') {
            digits += c;
        } else if (c != ' ' && c != '-') {
            return std::nullopt;
        }
        if (digits.size() > kEnrollmentCodeDigits) return std::nullopt;
    }
    if (digits.size() != kEnrollmentCodeDigits) return std::nullopt;
    return digits;
}

std::string grouped_enrollment_code(std::string_view code) {
    std::string out;
    for (std::size_t i = 0; i < code.size(); ++i) {
        if (i > 0 && i % 4 == 0) out += ' ';
        out += code[i];
    }
    return out;
}

std::string enrollment_code_hash(std::string_view code) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    for (unsigned char byte : sha256_bytes(code)) {
        hex += kHex[byte >> 4];
        hex += kHex[byte & 15];
    }
    return hex;
}

std::string enrollment_qr_text(const std::string& depot_url, const std::string& code) {
    if (depot_url.empty()) return code;
    return std::string(kEnrollScheme) + depot_url + "#" + code;
}

std::optional<ScannedEnrollment> parse_enrollment_qr_text(std::string_view text) {
    if (text.rfind(kEnrollScheme, 0) != 0) {
        auto code = normalized_enrollment_code(text);
        if (!code) return std::nullopt;
        return ScannedEnrollment{"", *code};
    }
    text.remove_prefix(kEnrollScheme.size());
    const std::size_t hash = text.rfind('#');
    if (hash == std::string_view::npos || hash == 0) return std::nullopt;
    auto code = normalized_enrollment_code(text.substr(hash + 1));
    if (!code) return std::nullopt;
    return ScannedEnrollment{std::string(text.substr(0, hash)), *code};
}

}  // namespace fc
