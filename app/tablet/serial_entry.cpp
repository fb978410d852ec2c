#include "app/tablet/serial_entry.h"

#include <regex>

#include "checklists/answer.h"

namespace fc {
namespace {

// Why here and not the engine's check_serial (checklists/serial_number.h, branch i12-engine): that
// branch had not landed when this screen was written; this is the same rule, to be replaced by a
// call to check_serial when merged so the depot's replay and the screen can never disagree.
bool digits_only(const std::string& v) {
    if (v.empty()) return false;
    for (char c : v) {
        if (c < '0' || c > '9') return false;
    }
    return true;
}

bool luhn_ok(const std::string& v) {
    int sum = 0;
    bool twice = false;
    for (auto it = v.rbegin(); it != v.rend(); ++it, twice = !twice) {
        int d = *it - '0';
        if (twice) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
        sum += d;
    }
    return sum % 10 == 0;
}

// GS1 mod-10 (EAN-13, GTIN): weights 3,1,3,... from the digit left of the check digit.
bool gs1_ok(const std::string& v) {
    int sum = 0;
    int weight = 3;
    for (auto it = v.rbegin() + 1; it != v.rend(); ++it) {
        sum += (*it - '0') * weight;
        weight = weight == 3 ? 1 : 3;
    }
    return (10 - sum % 10) % 10 == v.back() - '0';
}

}  // namespace

std::optional<Error> serial_refusal(const Step& step, const std::string& value) {
    if (value.size() > kMaxSerialBytes) {
        return make_error(ErrorCode::serial_too_long, "a serial number has at most 64 characters").with("subject", value);
    }
    if (!step.pattern.empty()) {
        try {
            if (!std::regex_match(value, std::regex(step.pattern, std::regex::ECMAScript))) {
                return make_error(ErrorCode::serial_pattern_mismatch, "the serial " + value + " does not match " + step.pattern)
                    .with("subject", value);
            }
        } catch (const std::regex_error&) {
            return make_error(ErrorCode::invalid_pattern, "the step's pattern does not compile: " + step.pattern);
        }
    }
    const bool checked = step.check == SerialCheck::Luhn || step.check == SerialCheck::Gs1;
    if (checked && !(digits_only(value) && (step.check == SerialCheck::Luhn ? luhn_ok(value) : gs1_ok(value)))) {
        return make_error(ErrorCode::serial_check_failed, "the check digit of " + value + " does not match").with("subject", value);
    }
    return std::nullopt;
}

}  // namespace fc
