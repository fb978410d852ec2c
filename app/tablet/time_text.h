#pragma once
// Times and dates as the technician reads them: local time, in the UI language.
#include <cstdint>
#include <string>

#include "app/tablet/strings.h"
#include "checklists/time_format.h"  // local_day_start_ms: the day the tablet shows

namespace fc {

std::string clock_text(std::int64_t wall_ms);                                   // "08:30"
std::string window_text(std::int64_t start_ms, std::int64_t end_ms);            // "08:00–10:00"
std::string date_text(std::int64_t wall_ms, Lang lang);                         // "Fri 14 Mar 2025"
std::string date_time_text(std::int64_t wall_ms, Lang lang);                    // "Fri 14 Mar 2025 08:30"
std::string countdown_text(std::int64_t ms);                                    // "4:05", "1:00:00"; rounded up

}  // namespace fc
