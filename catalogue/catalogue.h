#pragma once
// The message catalogue: every text a person reads, by stable key ("today.title"), in each Lang.
// Sources are catalogue/po/<lang>.po; see docs/messages.md.
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "catalogue/lang.h"

namespace fc {

// Params: the values of a message's {placeholders} by name (the same shape as Error::params).
using Params = std::vector<std::pair<std::string, std::string>>;

// What a failed lookup puts on screen: "[[today.titel]]" for an unknown key, "[[{step}]]" for a
// placeholder without a value. Visible on purpose, and tests fail on any text that contains it.
inline constexpr std::string_view kLookupFault = "[[";

// The message `key` in `lang` with its {placeholders} filled from `params` (extra params are fine).
// Why the language is an argument: the tablet shows the technician's language and the customer's
// at once, and the depot answers several languages on worker threads. Pure; safe from any thread.
std::string text(Lang lang, std::string_view key, const Params& params = {});

// The message as written in the .po file, placeholders unfilled; nothing for an unknown key.
std::optional<std::string_view> pattern(Lang lang, std::string_view key);
bool has_key(std::string_view key);
// Every key, sorted.
std::vector<std::string_view> message_keys();

}  // namespace fc
