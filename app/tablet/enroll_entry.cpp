#include "app/tablet/enroll_entry.h"

#include "sync/wire/enrollment_code.h"

namespace fc {

std::optional<intent::Enroll> enrollment_from_entry(const EnrollUi& state) {
    auto code = normalized_enrollment_code(state.code);
    if (!code || state.depot_url.empty()) return std::nullopt;
    return intent::Enroll{state.depot_url, *code};
}

std::optional<intent::Enroll> enrollment_from_scan(std::string_view text, EnrollUi& state) {
    auto scanned = parse_enrollment_qr_text(text);
    if (!scanned) return std::nullopt;
    if (!scanned->depot_url.empty()) state.depot_url = scanned->depot_url;
    state.code = scanned->code;
    return enrollment_from_entry(state);
}

}  // namespace fc
