#pragma once
// Lang: a language the catalogue has words in; every lookup names one, so two can be on screen at once.
#include <cstddef>
#include <optional>
#include <string_view>

namespace fc {

// Why the order matters: the generated table holds each key's texts in this order (one .po file per
// language, listed in catalogue/CMakeLists.txt in the same order; a static_assert there keeps them so).
enum class Lang { En, Nl };

inline constexpr const char* kLangCodes[] = {"en", "nl"};
inline constexpr std::size_t kLangCount = sizeof kLangCodes / sizeof kLangCodes[0];

constexpr const char* lang_code(Lang lang) { return kLangCodes[static_cast<std::size_t>(lang)]; }

// "nl" -> Lang::Nl; nothing for a code the catalogue has no words in.
std::optional<Lang> lang_from_code(std::string_view code);

}  // namespace fc
