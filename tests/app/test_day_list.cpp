// The day's list as a pure function: which day each visit falls under, in which order, what stays
// on it from earlier days, and what a search finds (any case, with or without accents).
#include <doctest/doctest.h>

#include "app/tablet/day_list.h"
#include "app/tablet/search_text.h"
#include "checklists/time_format.h"

#include "tablet_fixture.h"

namespace fc::test {
namespace {

constexpr std::int64_t kHour = 3600 * 1000;

// The demo day's midnight plus `days` local days and `hours` hours (days via local midnights, DST-safe).
std::int64_t at(int days, int hours) {
    std::int64_t day = demo_day_start_ms();
    for (int i = 0; i < days; ++i) day = local_day_start_ms(day + 36 * kHour);
    for (int i = 0; i > days; --i) day = local_day_start_ms(day - 12 * kHour);
    return day + hours * kHour;
}

TodayRow row(const std::string& visit, std::int64_t start, VisitPhase phase = VisitPhase::Assigned, bool unsent = false) {
    TodayRow r;
    r.summary.assignment.visit_id = visit;
    r.summary.assignment.job_id = "JOB-" + visit;
    r.summary.assignment.customer_name = "Customer " + visit;
    r.summary.assignment.address = "Street 1, Town";
    r.summary.assignment.window_start_ms = start;
    r.summary.assignment.window_end_ms = start + 2 * kHour;
    r.summary.phase = phase;
    r.unsent = unsent;
    return r;
}

std::vector<std::string> ids(const std::vector<TodayRow>& rows, const DayGroup& g) {
    std::vector<std::string> out;
    for (const std::size_t i : g.rows) out.push_back(rows[i].summary.assignment.visit_id);
    return out;
}

const std::int64_t kNow = at(0, 8) + 30 * 60 * 1000;  // 08:30 on the demo day

}  // namespace

TEST_CASE("today's visits come first in time order, then earlier days with work left, then the days ahead") {
    const std::vector<TodayRow> rows = {
        row("T-late", at(0, 14)),
        row("U-2", at(2, 9)),
        row("E-1-open", at(-1, 10), VisitPhase::Steps),
        row("T-early", at(0, 8)),
        row("U-1", at(1, 8)),
        row("E-3-unsent", at(-3, 9), VisitPhase::Closed, true),
        row("E-2-done", at(-2, 9), VisitPhase::Closed, false),
    };
    const DayList day = arrange_day(rows, kNow, "");
    REQUIRE(day.groups.size() == 5);
    CHECK(day.groups[0].when == DayWhen::Today);
    CHECK(day.groups[0].day_start_ms == at(0, 0));
    CHECK(ids(rows, day.groups[0]) == std::vector<std::string>{"T-early", "T-late"});
    // Earlier days, oldest first; a finished and received day is gone.
    CHECK(day.groups[1].when == DayWhen::Earlier);
    CHECK(ids(rows, day.groups[1]) == std::vector<std::string>{"E-3-unsent"});
    CHECK(day.groups[2].when == DayWhen::Earlier);
    CHECK(ids(rows, day.groups[2]) == std::vector<std::string>{"E-1-open"});
    CHECK(day.groups[3].when == DayWhen::Upcoming);
    CHECK(ids(rows, day.groups[3]) == std::vector<std::string>{"U-1"});
    CHECK(day.groups[4].day_start_ms == at(2, 0));
    CHECK(day.shown == 6);
    CHECK_FALSE(day.searching);
}

TEST_CASE("today is the tablet clock's local day: a visit just before midnight is yesterday's") {
    const std::vector<TodayRow> rows = {row("late-last-night", at(0, 0) - 60 * 1000, VisitPhase::Prechecks),
                                        row("just-after-midnight", at(0, 0))};
    const DayList day = arrange_day(rows, kNow, "");
    REQUIRE(day.groups.size() == 2);
    CHECK(ids(rows, day.groups[0]) == std::vector<std::string>{"just-after-midnight"});
    CHECK(day.groups[1].when == DayWhen::Earlier);
    CHECK(day.groups[1].day_start_ms == at(-1, 0));
    // The next morning the same visits are both earlier days'.
    const DayList next = arrange_day(rows, at(1, 8), "");
    CHECK(next.groups[0].rows.empty());
    CHECK(next.groups[0].when == DayWhen::Today);
}

TEST_CASE("an empty today keeps its heading, and a search drops it when nothing today matches") {
    const std::vector<TodayRow> rows = {row("U-1", at(1, 8))};
    const DayList plain = arrange_day(rows, kNow, "");
    REQUIRE(plain.groups.size() == 2);
    CHECK(plain.groups[0].when == DayWhen::Today);
    CHECK(plain.groups[0].rows.empty());
    const DayList searched = arrange_day(rows, kNow, "u-1");
    REQUIRE(searched.groups.size() == 1);
    CHECK(searched.groups[0].when == DayWhen::Upcoming);
}

TEST_CASE("search finds a visit by customer name, address, visit id or job id, in any case and without accents") {
    std::vector<TodayRow> rows = {row("V-1", at(0, 8)), row("V-2", at(0, 10)), row("V-3", at(1, 9))};
    rows[0].summary.assignment.customer_name = "Fam. Müller-Øster";
    rows[1].summary.assignment.address = "Coöperatieweg 12, Delft";
    rows[2].summary.assignment.job_id = "JOB-88412";
    const auto found = [&](const std::string& query) {
        std::vector<std::string> out;
        for (const DayGroup& g : arrange_day(rows, kNow, query).groups) {
            for (const std::string& id : ids(rows, g)) out.push_back(id);
        }
        return out;
    };
    CHECK(found("muller") == std::vector<std::string>{"V-1"});
    CHECK(found("MÜLLER oster") == std::vector<std::string>{"V-1"});
    CHECK(found("cooperatieweg") == std::vector<std::string>{"V-2"});
    CHECK(found("88412") == std::vector<std::string>{"V-3"});
    CHECK(found("v-2") == std::vector<std::string>{"V-2"});
    CHECK(found("delft 12") == std::vector<std::string>{"V-2"});  // every word, in any field, any order
    CHECK(found("delft 13").empty());
    CHECK(found("   ").size() == 3);  // blank is no search
    CHECK(arrange_day(rows, kNow, "nobody").shown == 0);
    CHECK(arrange_day(rows, kNow, "nobody").searching);
}

TEST_CASE("a search also finds finished visits of earlier days, which the plain list leaves off") {
    const std::vector<TodayRow> rows = {row("OLD-1", at(-5, 9), VisitPhase::Closed, false), row("T-1", at(0, 9))};
    CHECK(arrange_day(rows, kNow, "").shown == 1);
    const DayList searched = arrange_day(rows, kNow, "old-1");
    REQUIRE(searched.groups.size() == 1);
    CHECK(searched.groups[0].when == DayWhen::Earlier);
}

TEST_CASE("search folding: case and Latin accents go, other text stays, broken UTF-8 is kept byte for byte") {
    CHECK(search_folded("Ærø Straße") == "aero strasse");
    CHECK(search_folded("ÉÈÊËéèêë ÇçÑñ Ÿÿ Ĳsselmeer Łódź") == "eeeeeeee ccnn yy ijsselmeer lodz");
    CHECK(search_folded("e\xCC\x81") == "e");  // e + combining acute accent
    CHECK(search_folded("Ωmega 12") == "Ωmega 12");
    CHECK(search_folded("a\xFF" "b\xC3") == "a\xFF" "b\xC3");
    CHECK(search_matches("JANSEN", search_folded("Dhr. Jansen")));
    CHECK_FALSE(search_matches("jansen x", search_folded("Dhr. Jansen")));
}

}  // namespace fc::test
