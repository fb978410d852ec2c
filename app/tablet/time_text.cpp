#include "app/tablet/time_text.h"

#include <cstdio>

namespace fc {
namespace {

const char* const kDaysEn[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
const char* const kDaysNl[] = {"zo", "ma", "di", "wo", "do", "vr", "za"};
const char* const kMonthsEn[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
const char* const kMonthsNl[] = {"jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"};

}  // namespace

std::string clock_text(std::int64_t wall_ms) { return local_hh_mm(wall_ms); }

std::string window_text(std::int64_t start_ms, std::int64_t end_ms) {
    return clock_text(start_ms) + "\u2013" + clock_text(end_ms);
}

std::string date_text(std::int64_t wall_ms, Lang lang) {
    const LocalTime t = local_time(wall_ms);
    const bool nl = lang == Lang::Nl;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s %d %s %d", (nl ? kDaysNl : kDaysEn)[t.weekday % 7], t.day,
                  (nl ? kMonthsNl : kMonthsEn)[(t.month - 1) % 12], t.year);
    return buf;
}

std::string date_time_text(std::int64_t wall_ms, Lang lang) {
    return date_text(wall_ms, lang) + " " + clock_text(wall_ms);
}

}  // namespace fc
