#pragma once
// DayList: the day's list as the Today screen draws it: today's visits, then earlier days that still
// hold work (open, or sealed and not yet received by the depot), then the days ahead, each day under
// its own heading, narrowed by what the technician typed in the search field.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "app/tablet/tablet_model.h"

namespace fc {

enum class DayWhen { Today, Earlier, Upcoming };

// DayGroup: the visits of one local calendar day, in the order of their time windows.
struct DayGroup {
    DayWhen when = DayWhen::Today;
    std::int64_t day_start_ms = 0;  // local midnight of the day
    std::vector<std::size_t> rows;  // indices into the rows arrange_day was given
};

struct DayList {
    // Today's group always comes first (empty when the day has no visits) unless a search is typed;
    // then earlier days, oldest first; then upcoming days, soonest first.
    std::vector<DayGroup> groups;
    bool searching = false;  // a non-blank search was typed
    std::size_t shown = 0;   // rows in all groups together
};

// Pure: the same rows, moment and search always give the same list. `now_ms` is the tablet's Clock
// (its local calendar decides which day is today). Without a search, earlier days show only visits
// that still need the technician or the depot; a search looks through every visit on the tablet,
// by customer name, address, visit id and job id.
DayList arrange_day(const std::vector<TodayRow>& rows, std::int64_t now_ms, std::string_view search);

// DayLine: one line of the list as Today draws it, top to bottom: a day's heading, a note under it
// ("no visits today" under an empty today, why an earlier day is still listed), or a visit's card. `before` counts the lines of each kind above
// it, so the screen finds the line at a scroll position by a binary search, without walking the list.
struct DayLine {
    enum Kind { Heading = 0, Note = 1, Card = 2 };
    Kind kind = Card;
    std::size_t group = 0;  // index into DayList::groups
    std::size_t row = 0;    // Card: index into the rows arrange_day was given
    std::size_t before[3] = {0, 0, 0};
};

// The lines of `day` in drawing order; headings only when `headings` (today alone needs none).
// Made once per change of the list or the search, never per frame: the list may hold every visit.
std::vector<DayLine> day_lines(const DayList& day, bool headings);

// Whether the row needs its earlier day to stay on the list: not closed, or not yet received.
bool still_to_do(const TodayRow& row);

}  // namespace fc
