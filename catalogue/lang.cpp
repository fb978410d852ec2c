#include "catalogue/lang.h"

namespace fc {

std::optional<Lang> lang_from_code(std::string_view code) {
    for (std::size_t i = 0; i < kLangCount; ++i) {
        if (code == kLangCodes[i]) return static_cast<Lang>(i);
    }
    return std::nullopt;
}

}  // namespace fc
