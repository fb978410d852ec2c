#include "error_code.h"

#include <array>
#include <utility>

namespace fc {
namespace {

#define FC_ERROR_CODE_ENTRY(name) std::pair<ErrorCode, std::string_view>{ErrorCode::name, #name},
constexpr std::array kNames{FC_ERROR_CODES(FC_ERROR_CODE_ENTRY)};
#undef FC_ERROR_CODE_ENTRY

}  // namespace

std::string to_string(ErrorCode code) {
    // The list is in enum order, so the code is its own index.
    return std::string(kNames[static_cast<std::size_t>(code)].second);
}

std::optional<ErrorCode> error_code_from_name(std::string_view name) {
    for (const auto& [code, text] : kNames) {
        if (text == name) return code;
    }
    return std::nullopt;
}

}  // namespace fc
