#include "serial_number.h"

#include <algorithm>
#include <regex>

#include "visit_internal.h"

namespace fc {

// Why __polynomial (a libstdc++ extension, the only standard library this project builds with):
// libstdc++'s default backtracking matcher takes seconds for (a*)*b on 12 characters, and the
// input bound alone does not help; the polynomial matcher simulates the automaton instead, so
// matching costs at most input length x automaton size. It refuses back-references, whose matching
// is exponential by nature, when the pattern is compiled.
constexpr auto kPatternSyntax = std::regex::ECMAScript | std::regex_constants::__polynomial;

class SerialPattern {
public:
    explicit SerialPattern(const std::string& pattern) : regex_(pattern, kPatternSyntax) {}
    bool matches_whole(const std::string& value) const {
        // libstdc++ may throw error_complexity or error_stack on a pathological pattern; the value is
        // then not one the step can accept, and nothing is thrown towards the GUI loop.
        try {
            return std::regex_match(value, regex_);
        } catch (const std::regex_error&) {
            return false;
        }
    }

private:
    std::regex regex_;
};

namespace {

bool all_digits(std::string_view s) {
    return s.size() >= 2 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// Both checks weigh the digits from the right, the check digit being the rightmost: Luhn doubles
// every second one (digit sums), GS1 weighs them 1 and 3 alternately; both want a sum divisible by 10.
int weighted_sum(std::string_view digits, bool luhn) {
    int sum = 0;
    bool odd_from_right = true;  // the check digit itself is position 1
    for (auto it = digits.rbegin(); it != digits.rend(); ++it, odd_from_right = !odd_from_right) {
        int d = *it - '0';
        if (luhn && !odd_from_right) {
            d *= 2;
            if (d > 9) d -= 9;
        } else if (!luhn && !odd_from_right) {
            d *= 3;
        }
        sum += d;
    }
    return sum;
}

Expected<const SerialPattern*> pattern_of(const Step& step, std::shared_ptr<const SerialPattern>& local) {
    if (step.compiled_pattern) return step.compiled_pattern.get();
    // A Step built in code (tests, tools) has no compiled pattern; a template read from a file always does.
    auto compiled = compile_serial_pattern(step.pattern);
    if (!compiled) return compiled.error();
    local = std::move(*compiled);
    return local.get();
}

// The largest count in a {n} or {n,m} repetition, or 0: one above kMaxSerialBytes can never be met
// by a serial, and it makes the automaton large (its states are copied per count).
std::size_t largest_repeat_count(const std::string& pattern) {
    std::size_t largest = 0;
    const auto number_at = [&pattern](std::size_t& j) {
        std::size_t n = 0;
        for (; j < pattern.size() && pattern[j] >= '0' && pattern[j] <= '9'; ++j) {
            n = std::min<std::size_t>(n * 10 + static_cast<std::size_t>(pattern[j] - '0'), 1'000'000);
        }
        return n;
    };
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (pattern[i] == '\\') {
            ++i;  // an escaped character, e.g. \{, is no repetition
            continue;
        }
        if (pattern[i] != '{') continue;
        std::size_t j = i + 1;
        std::size_t n = number_at(j);
        if (j < pattern.size() && pattern[j] == ',') n = std::max(n, number_at(++j));
        largest = std::max(largest, n);
    }
    return largest;
}

}  // namespace

Expected<std::shared_ptr<const SerialPattern>> compile_serial_pattern(const std::string& pattern) {
    if (pattern.empty()) return std::shared_ptr<const SerialPattern>{};
    if (pattern.size() > kMaxSerialPatternBytes) {
        return make_error(ErrorCode::invalid_pattern, "the pattern is " + std::to_string(pattern.size()) +
                                                          " bytes; at most " + std::to_string(kMaxSerialPatternBytes) +
                                                          " are allowed")
            .with("limit", std::to_string(kMaxSerialPatternBytes));
    }
    if (largest_repeat_count(pattern) > kMaxSerialBytes) {
        return make_error(ErrorCode::invalid_pattern, "the pattern repeats something more than " +
                                                          std::to_string(kMaxSerialBytes) +
                                                          " times; a serial number has at most that many characters");
    }
    try {
        return std::shared_ptr<const SerialPattern>(std::make_shared<const SerialPattern>(pattern));
    } catch (const std::regex_error& e) {
        // std::regex reports a bad pattern only by throwing; it stops here, never reaching a caller.
        return make_error(ErrorCode::invalid_pattern, std::string("the pattern is not a valid ECMAScript regular "
                                                                  "expression: ") + e.what());
    }
}

bool luhn_valid(std::string_view digits) { return all_digits(digits) && weighted_sum(digits, true) % 10 == 0; }

bool gs1_valid(std::string_view digits) { return all_digits(digits) && weighted_sum(digits, false) % 10 == 0; }

std::string trim_serial(std::string_view scanned) {
    while (!scanned.empty() && is_space(scanned.front())) scanned.remove_prefix(1);
    while (!scanned.empty() && is_space(scanned.back())) scanned.remove_suffix(1);
    return std::string(scanned);
}

Status check_serial(const Step& step, const std::string& value) {
    const std::string where = "step " + visit_detail::quoted(step.title);
    const auto refuse = [&](ErrorCode code, const std::string& why) {
        return make_error(code, where + ": " + why).with("subject", step.title);
    };
    if (visit_detail::is_blank(value)) return refuse(ErrorCode::empty_text, "scan or type the serial number");
    if (value.size() > kMaxSerialBytes) {
        return refuse(ErrorCode::serial_too_long, "the serial number is " + std::to_string(value.size()) +
                                                      " bytes; at most " + std::to_string(kMaxSerialBytes) + " are kept")
            .with("limit", std::to_string(kMaxSerialBytes));
    }
    if (is_space(value.front()) || is_space(value.back())) {
        return refuse(ErrorCode::invalid_answer, "the serial number has spaces or a line break around it");
    }
    if (std::any_of(value.begin(), value.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; })) {
        return refuse(ErrorCode::invalid_answer, "the serial number holds a control character");
    }
    std::shared_ptr<const SerialPattern> local;
    auto pattern = pattern_of(step, local);
    if (!pattern) return refuse(ErrorCode::invalid_pattern, pattern.error().message);
    if (*pattern && !(*pattern)->matches_whole(value)) {
        return refuse(ErrorCode::serial_pattern_mismatch, "the serial number " + visit_detail::quoted(value) +
                                                              " does not have the form this step expects");
    }
    if (step.check == SerialCheck::Luhn && !luhn_valid(value)) {
        return refuse(ErrorCode::serial_check_failed, "the serial number " + visit_detail::quoted(value) +
                                                          " fails its Luhn check digit; scan or type it again");
    }
    if (step.check == SerialCheck::Gs1 && !gs1_valid(value)) {
        return refuse(ErrorCode::serial_check_failed, "the serial number " + visit_detail::quoted(value) +
                                                          " fails its GS1 check digit; scan or type it again");
    }
    return {};
}

}  // namespace fc
