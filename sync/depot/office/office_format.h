#pragma once
// How the back office writes dates, times, weeks and numbers for a person in their language (the
// depot's time zone; Dutch: 7-12-2026 and 3,5; English: 7 Dec 2026 and 3.5). Every page uses these,
// so one account sees one style everywhere. Parsing of the filters' dates is here too.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "catalogue/lang.h"

namespace fc {

std::string office_date(Lang lang, std::int64_t wall_ms);       // "7-12-2026" | "7 Dec 2026"
std::string office_date_time(Lang lang, std::int64_t wall_ms);  // "7-12-2026 14:05" | "7 Dec 2026 14:05"
// A number with `decimals` digits after the separator and, when given, its unit after a space ("3,5 dB").
std::string office_number(Lang lang, double value, int decimals, std::string_view unit = {});

// The ISO week a moment falls in, as a sortable key (2026 * 100 + 49) and as a label ("2026-W49").
int iso_week_key(std::int64_t wall_ms);
std::string iso_week_label(int week_key);
// Local midnight starting ISO week `week_key` (its Monday), in ms.
std::int64_t iso_week_start_ms(int week_key);

// A filter's date "2026-12-07" (what <input type="date"> sends) as local midnight; nullopt otherwise.
std::optional<std::int64_t> parse_filter_date(std::string_view text);

}  // namespace fc
