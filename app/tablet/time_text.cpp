#include "app/tablet/time_text.h"

#include <cstdio>

namespace fc {
namespace {

// Indexed by LocalTime's weekday (0 = Sunday) and month - 1; the names come from the catalogue.
constexpr Key kWeekdays[] = {"date.weekday.sun", "date.weekday.mon", "date.weekday.tue", "date.weekday.wed",
                             "date.weekday.thu", "date.weekday.fri", "date.weekday.sat"};
constexpr Key kMonths[] = {"date.month.jan", "date.month.feb", "date.month.mar", "date.month.apr",
                           "date.month.may", "date.month.jun", "date.month.jul", "date.month.aug",
                           "date.month.sep", "date.month.oct", "date.month.nov", "date.month.dec"};

}  // namespace

std::string clock_text(std::int64_t wall_ms) { return local_hh_mm(wall_ms); }

std::string window_text(std::int64_t start_ms, std::int64_t end_ms) {
    return clock_text(start_ms) + "\u2013" + clock_text(end_ms);
}

std::string date_text(std::int64_t wall_ms, Lang lang) {
    const LocalTime local = local_time(wall_ms);
    const Strings t(lang);
    return t("date.format", {{"weekday", t(kWeekdays[local.weekday % 7])},
                             {"day", std::to_string(local.day)},
                             {"month", t(kMonths[(local.month - 1) % 12])},
                             {"year", std::to_string(local.year)}});
}

std::string date_time_text(std::int64_t wall_ms, Lang lang) {
    return date_text(wall_ms, lang) + " " + clock_text(wall_ms);
}

// Rounded up: a countdown that shows 0:00 while the wait still runs would be a lie.
std::string countdown_text(std::int64_t ms) {
    const std::int64_t total = ms > 0 ? (ms + 999) / 1000 : 0;
    char out[32];
    const long long h = total / 3600, m = total / 60 % 60, s = total % 60;
    if (h > 0) std::snprintf(out, sizeof out, "%lld:%02lld:%02lld", h, m, s);
    else std::snprintf(out, sizeof out, "%lld:%02lld", m, s);
    return out;
}

}  // namespace fc
