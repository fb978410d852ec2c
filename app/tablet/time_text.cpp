#include "app/tablet/time_text.h"

#include <cstdio>
#include <ctime>

namespace fc {
namespace {

std::tm local(std::int64_t wall_ms) {
    const std::time_t t = static_cast<std::time_t>(wall_ms / 1000);
    std::tm tm{};
    localtime_r(&t, &tm);
    return tm;
}

// Indexed by std::tm's tm_wday and tm_mon; the names come from the catalogue like every word.
constexpr Key kWeekdays[] = {"date.weekday.sun", "date.weekday.mon", "date.weekday.tue", "date.weekday.wed",
                             "date.weekday.thu", "date.weekday.fri", "date.weekday.sat"};
constexpr Key kMonths[] = {"date.month.jan", "date.month.feb", "date.month.mar", "date.month.apr",
                           "date.month.may", "date.month.jun", "date.month.jul", "date.month.aug",
                           "date.month.sep", "date.month.oct", "date.month.nov", "date.month.dec"};

}  // namespace

std::string clock_text(std::int64_t wall_ms) {
    const std::tm tm = local(wall_ms);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d:%02d", tm.tm_hour, tm.tm_min);
    return buf;
}

std::string window_text(std::int64_t start_ms, std::int64_t end_ms) {
    return clock_text(start_ms) + "\u2013" + clock_text(end_ms);
}

std::string date_text(std::int64_t wall_ms, Lang lang) {
    const std::tm tm = local(wall_ms);
    const Strings t(lang);
    return t("date.format", {{"weekday", t(kWeekdays[tm.tm_wday % 7])},
                             {"day", std::to_string(tm.tm_mday)},
                             {"month", t(kMonths[tm.tm_mon % 12])},
                             {"year", std::to_string(tm.tm_year + 1900)}});
}

std::string date_time_text(std::int64_t wall_ms, Lang lang) {
    return date_text(wall_ms, lang) + " " + clock_text(wall_ms);
}

std::int64_t local_day_start_ms(std::int64_t wall_ms) {
    std::tm tm = local(wall_ms);
    tm.tm_hour = 0;
    tm.tm_min = 0;
    tm.tm_sec = 0;
    tm.tm_isdst = -1;
    return static_cast<std::int64_t>(std::mktime(&tm)) * 1000;
}

}  // namespace fc
