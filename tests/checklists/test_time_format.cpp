// time_format: the one place times become text; outputs pinned byte for byte (exports, logs, ids).
#include <doctest/doctest.h>

#include <cstdlib>
#include <ctime>
#include <optional>
#include <string>

#include "checklists/time_format.h"

using namespace fc;

namespace {

// Sets TZ for one test and puts the old value back; the local-time cases need a known zone.
class ZoneForTest {
public:
    explicit ZoneForTest(const char* zone) {
        if (const char* old = std::getenv("TZ")) before_ = old;
        ::setenv("TZ", zone, 1);
        ::tzset();
    }
    ~ZoneForTest() {
        if (before_) ::setenv("TZ", before_->c_str(), 1);
        else ::unsetenv("TZ");
        ::tzset();
    }
    ZoneForTest(const ZoneForTest&) = delete;
    ZoneForTest& operator=(const ZoneForTest&) = delete;

private:
    std::optional<std::string> before_;
};

// Amsterdam's rules written out, so the test needs no tzdata: CET, CEST from the last Sunday of
// March 02:00 to the last Sunday of October 03:00.
constexpr const char* kAmsterdam = "CET-1CEST,M3.5.0,M10.5.0/3";

}  // namespace

TEST_CASE("UTC stamps: the epoch, milliseconds always three digits, and the seconds form") {
    CHECK(utc_iso8601(0) == "1970-01-01T00:00:00.000Z");
    CHECK(utc_iso8601(1) == "1970-01-01T00:00:00.001Z");
    CHECK(utc_iso8601(1'700'000'000'123) == "2023-11-14T22:13:20.123Z");
    CHECK(utc_iso8601_seconds(0) == "1970-01-01T00:00:00Z");
    CHECK(utc_iso8601_seconds(1'700'000'000'999) == "2023-11-14T22:13:20Z");  // cut, not rounded
}

TEST_CASE("UTC stamps before 1970 are floored to the moment before, not truncated toward zero") {
    CHECK(utc_iso8601(-1) == "1969-12-31T23:59:59.999Z");
    CHECK(utc_iso8601(-1000) == "1969-12-31T23:59:59.000Z");
    CHECK(utc_iso8601(-1001) == "1969-12-31T23:59:58.999Z");
    CHECK(utc_iso8601_seconds(-1) == "1969-12-31T23:59:59Z");
    CHECK(utc_iso8601_seconds(-86'400'000) == "1969-12-31T00:00:00Z");
}

TEST_CASE("UTC stamps on leap days and across a year end") {
    CHECK(utc_iso8601(951'782'400'000) == "2000-02-29T00:00:00.000Z");    // 2000: divisible by 400
    CHECK(utc_iso8601(1'709'251'199'999) == "2024-02-29T23:59:59.999Z");  // the last ms of a leap day
    CHECK(utc_iso8601(1'709'251'200'000) == "2024-03-01T00:00:00.000Z");
    CHECK(utc_iso8601_seconds(1'735'689'599'000) == "2024-12-31T23:59:59Z");
    CHECK(utc_iso8601_seconds(1'735'689'600'000) == "2025-01-01T00:00:00Z");
}

TEST_CASE("local dates, times and weekdays follow the machine's time zone") {
    ZoneForTest zone(kAmsterdam);
    const std::int64_t t = 1'700'000'000'000;  // 22:13:20 UTC, 23:13:20 in Amsterdam (winter time)
    const LocalTime l = local_time(t);
    CHECK(l.year == 2023);
    CHECK(l.month == 11);
    CHECK(l.day == 14);
    CHECK(l.hour == 23);
    CHECK(l.minute == 13);
    CHECK(l.second == 20);
    CHECK(l.weekday == 2);  // Tuesday
    CHECK(local_hh_mm(t) == "23:13");
    CHECK(local_compact_date(t) == "20231114");
    CHECK(local_compact_date(t + 3'600'000) == "20231115");  // past local midnight, still the 14th in UTC
}

TEST_CASE("local dates on a leap day and before 1970") {
    ZoneForTest zone("UTC0");
    CHECK(local_compact_date(1'709'164'800'000) == "20240229");
    CHECK(local_time(1'709'164'800'000).weekday == 4);  // Thursday
    CHECK(local_compact_date(-1) == "19691231");
    CHECK(local_hh_mm(-1) == "23:59");
    CHECK(local_hh_mm(0) == "00:00");
}

TEST_CASE("local midnight is the start of the local day, also on the days the clocks change") {
    ZoneForTest zone(kAmsterdam);
    // 2024-03-31: clocks go forward at 02:00; midnight is still CET (+01:00) = 23:00 UTC the day before.
    const std::int64_t spring_noon = 1'711'886'400'000;  // 2024-03-31T12:00:00Z
    CHECK(utc_iso8601(local_day_start_ms(spring_noon)) == "2024-03-30T23:00:00.000Z");
    // 2024-10-27: clocks go back at 03:00; midnight is CEST (+02:00) = 22:00 UTC the day before.
    const std::int64_t autumn_noon = 1'730'030'400'000;  // 2024-10-27T12:00:00Z
    CHECK(utc_iso8601(local_day_start_ms(autumn_noon)) == "2024-10-26T22:00:00.000Z");
    // The start of a day is its own start, and the last ms before it belongs to the day before.
    const std::int64_t start = local_day_start_ms(spring_noon);
    CHECK(local_day_start_ms(start) == start);
    CHECK(local_day_start_ms(start - 1) == start - 24 * 3'600'000);
}

TEST_CASE("the UTC offset a receipt seals is the machine's at that moment, summer time included") {
    {
        ZoneForTest zone(kAmsterdam);
        CHECK(local_utc_offset_minutes(1'700'000'000'000) == 60);   // November: CET
        CHECK(local_utc_offset_minutes(1'719'835'200'000) == 120);  // 2024-07-01: CEST
    }
    {
        ZoneForTest zone("UTC0");
        CHECK(local_utc_offset_minutes(1'700'000'000'000) == 0);
    }
    {
        ZoneForTest zone("<-0330>3:30");  // west of Greenwich: local = UTC - 3:30
        CHECK(local_utc_offset_minutes(1'700'000'000'000) == -210);
    }
}
