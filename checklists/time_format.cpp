#include "time_format.h"

#include <cstdio>
#include <ctime>

namespace fc {
namespace {

// Why floored: C's division truncates toward zero, which would put -1 ms one second late (00:00:00).
std::int64_t floor_seconds(std::int64_t ms) { return ms / 1000 - (ms % 1000 < 0 ? 1 : 0); }
int millis_of_second(std::int64_t ms) { return static_cast<int>(((ms % 1000) + 1000) % 1000); }

std::tm utc_fields(std::int64_t ms) {
    const std::time_t t = static_cast<std::time_t>(floor_seconds(ms));
    std::tm tm{};
    gmtime_r(&t, &tm);
    return tm;
}

std::tm local_fields(std::int64_t ms) {
    const std::time_t t = static_cast<std::time_t>(floor_seconds(ms));
    std::tm tm{};
    localtime_r(&t, &tm);
    return tm;
}

std::string seconds_text(const std::tm& tm) {
    char buf[40];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    return buf;
}

}  // namespace

std::string utc_iso8601(std::int64_t wall_ms) {
    char millis[8];
    std::snprintf(millis, sizeof millis, ".%03dZ", millis_of_second(wall_ms));
    return seconds_text(utc_fields(wall_ms)) + millis;
}

std::string utc_iso8601_seconds(std::int64_t wall_ms) { return seconds_text(utc_fields(wall_ms)) + "Z"; }

std::string http_date(std::int64_t wall_ms) {
    // By hand, not strftime's %a and %b: those follow the locale, and the header's names are English.
    static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const std::tm tm = utc_fields(wall_ms);
    char text[40];
    std::snprintf(text, sizeof text, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[tm.tm_wday % 7], tm.tm_mday,
                  kMonths[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
    return text;
}

LocalTime local_time(std::int64_t wall_ms) {
    const std::tm tm = local_fields(wall_ms);
    return LocalTime{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, tm.tm_wday};
}

int local_utc_offset_minutes(std::int64_t wall_ms) {
    // tm_gmtoff (glibc, BSD) is the offset localtime_r applied to this very moment, DST included.
    return static_cast<int>(local_fields(wall_ms).tm_gmtoff / 60);
}

std::string local_compact_date(std::int64_t wall_ms) {
    const std::tm tm = local_fields(wall_ms);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y%m%d", &tm);
    return buf;
}

std::string local_iso_date(std::int64_t wall_ms) {
    const std::tm tm = local_fields(wall_ms);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

std::string local_hh_mm(std::int64_t wall_ms) {
    const std::tm tm = local_fields(wall_ms);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d:%02d", tm.tm_hour, tm.tm_min);
    return buf;
}

std::int64_t local_day_start_ms(std::int64_t wall_ms) {
    std::tm tm = local_fields(wall_ms);
    tm.tm_hour = 0;
    tm.tm_min = 0;
    tm.tm_sec = 0;
    tm.tm_isdst = -1;  // midnight may fall in the other half of the year's clock than `wall_ms`
    return static_cast<std::int64_t>(std::mktime(&tm)) * 1000;
}

}  // namespace fc
