#include "sync/depot/office/office_format.h"

#include <cmath>
#include <cstdio>
#include <ctime>

#include "checklists/time_format.h"

namespace fc {
namespace {

constexpr const char* kMonthsEn[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm): week arithmetic without time zones.
std::int64_t days_from_civil(int y, int m, int d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// The Monday of ISO week 1 of `year`, in days since the epoch (week 1 holds the year's first Thursday).
std::int64_t iso_year_start_days(int year) {
    const std::int64_t jan4 = days_from_civil(year, 1, 4);
    const std::int64_t weekday = ((jan4 + 3) % 7 + 7) % 7;  // 0 = Monday (1970-01-01 was a Thursday)
    return jan4 - weekday;
}

}  // namespace

std::string office_date(Lang lang, std::int64_t wall_ms) {
    const LocalTime t = local_time(wall_ms);
    char buf[32];
    if (lang == Lang::Nl) std::snprintf(buf, sizeof buf, "%d-%d-%04d", t.day, t.month, t.year);
    else std::snprintf(buf, sizeof buf, "%d %s %04d", t.day, kMonthsEn[(t.month - 1) % 12], t.year);
    return buf;
}

std::string office_date_time(Lang lang, std::int64_t wall_ms) { return office_date(lang, wall_ms) + " " + local_hh_mm(wall_ms); }

std::string office_number(Lang lang, double value, int decimals, std::string_view unit) {
    if (!std::isfinite(value)) return "–";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
    std::string s = buf;
    if (lang == Lang::Nl) {
        for (char& c : s) c = c == '.' ? ',' : c;
    }
    if (!unit.empty()) s += " " + std::string(unit);
    return s;
}

int iso_week_key(std::int64_t wall_ms) {
    const LocalTime t = local_time(wall_ms);
    const std::int64_t days = days_from_civil(t.year, t.month, t.day);
    int year = t.year + 1;
    while (days < iso_year_start_days(year)) --year;
    const int week = static_cast<int>((days - iso_year_start_days(year)) / 7) + 1;
    return year * 100 + week;
}

std::string iso_week_label(int week_key) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-W%02d", week_key / 100, week_key % 100);
    return buf;
}

std::int64_t iso_week_start_ms(int week_key) {
    const std::int64_t monday = iso_year_start_days(week_key / 100) + static_cast<std::int64_t>(week_key % 100 - 1) * 7;
    // Local midnight of that Monday: noon UTC of the day is inside it in every real time zone.
    return local_day_start_ms(monday * 86'400'000 + 12 * 3'600'000);
}

std::optional<std::int64_t> parse_filter_date(std::string_view text) {
    int y = 0, m = 0, d = 0;
    if (text.size() != 10 || std::sscanf(std::string(text).c_str(), "%4d-%2d-%2d", &y, &m, &d) != 3) return std::nullopt;
    if (y < 2000 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
    const std::int64_t days = days_from_civil(y, m, d);
    return local_day_start_ms(days * 86'400'000 + 12 * 3'600'000);
}

}  // namespace fc
