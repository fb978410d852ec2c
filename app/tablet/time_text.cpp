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

const char* const kDaysEn[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
const char* const kDaysNl[] = {"zo", "ma", "di", "wo", "do", "vr", "za"};
const char* const kMonthsEn[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
const char* const kMonthsNl[] = {"jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"};

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
    const bool nl = lang == Lang::Nl;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s %d %s %d", (nl ? kDaysNl : kDaysEn)[tm.tm_wday % 7], tm.tm_mday,
                  (nl ? kMonthsNl : kMonthsEn)[tm.tm_mon % 12], tm.tm_year + 1900);
    return buf;
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
