#pragma once
// Times as text, written in one place: UTC stamps for the depot's exports, logs and admin lists,
// and the local calendar a technician reads (dates on the tablet, the demo day's visit ids).
#include <cstdint>
#include <string>

namespace fc {

// "2023-11-14T22:13:20.000Z": milliseconds since the epoch, UTC, always three decimals. A
// negative count is a moment before 1970 (floored: -1 ms is 23:59:59.999 on 1969-12-31).
std::string utc_iso8601(std::int64_t wall_ms);
// "2023-11-14T22:13:20Z": the same, cut to whole seconds (floored).
std::string utc_iso8601_seconds(std::int64_t wall_ms);
// RFC 9110 IMF-fixdate ("Sun, 06 Dec 2026 20:30:00 GMT"), for an HTTP Date header.
std::string http_date(std::int64_t wall_ms);

// LocalTime: the fields of a moment on this machine's wall calendar (its time zone, TZ).
struct LocalTime {
    int year = 1970;
    int month = 1;    // 1..12
    int day = 1;      // 1..31
    int hour = 0;
    int minute = 0;
    int second = 0;
    int weekday = 4;  // 0 = Sunday .. 6 = Saturday
};
LocalTime local_time(std::int64_t wall_ms);
// This machine's offset from UTC at `wall_ms`, in minutes (local = UTC + offset; +60 in Amsterdam's
// winter, +120 in its summer): sealed with a receipt so the depot prints the times the tablet showed.
int local_utc_offset_minutes(std::int64_t wall_ms);

std::string local_compact_date(std::int64_t wall_ms);  // "20231114"
std::string local_iso_date(std::int64_t wall_ms);      // "2023-11-14": the depot's admin texts
std::string local_hh_mm(std::int64_t wall_ms);          // "08:30"
// Local midnight of the day holding `wall_ms`, in ms (a DST day is 23 or 25 hours long).
std::int64_t local_day_start_ms(std::int64_t wall_ms);

}  // namespace fc
