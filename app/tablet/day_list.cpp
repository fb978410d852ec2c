#include "app/tablet/day_list.h"

#include <algorithm>
#include <map>

#include "app/tablet/search_text.h"
#include "checklists/time_format.h"

namespace fc {
namespace {

bool is_blank(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); });
}

// What a search looks through, folded once per row.
std::string searchable(const Assignment& a) {
    return search_folded(a.customer_name + "\n" + a.address + "\n" + a.visit_id + "\n" + a.job_id);
}

}  // namespace

bool still_to_do(const TodayRow& row) { return row.summary.phase != VisitPhase::Closed || row.unsent; }

DayList arrange_day(const std::vector<TodayRow>& rows, std::int64_t now_ms, std::string_view search) {
    DayList out;
    out.searching = !is_blank(search);
    const std::int64_t today = local_day_start_ms(now_ms);
    // Keyed by local midnight, so the map's order is the calendar's.
    std::map<std::int64_t, std::vector<std::size_t>> days;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const Assignment& a = rows[i].summary.assignment;
        if (out.searching && !search_matches(search, searchable(a))) continue;
        const std::int64_t day = local_day_start_ms(a.window_start_ms);
        // A finished day stays off the list; a search still finds its visits.
        if (day < today && !out.searching && !still_to_do(rows[i])) continue;
        days[day].push_back(i);
    }
    DayGroup today_group{DayWhen::Today, today, {}};
    std::vector<DayGroup> earlier;
    std::vector<DayGroup> upcoming;
    for (auto& [day, indices] : days) {
        std::stable_sort(indices.begin(), indices.end(), [&](std::size_t x, std::size_t y) {
            return rows[x].summary.assignment.window_start_ms < rows[y].summary.assignment.window_start_ms;
        });
        out.shown += indices.size();
        if (day == today) today_group.rows = std::move(indices);
        else if (day < today) earlier.push_back(DayGroup{DayWhen::Earlier, day, std::move(indices)});
        else upcoming.push_back(DayGroup{DayWhen::Upcoming, day, std::move(indices)});
    }
    // An empty today still gets its heading and "no visits today", unless a search narrowed it.
    if (!today_group.rows.empty() || !out.searching) out.groups.push_back(std::move(today_group));
    for (DayGroup& g : earlier) out.groups.push_back(std::move(g));
    for (DayGroup& g : upcoming) out.groups.push_back(std::move(g));
    return out;
}

std::vector<DayLine> day_lines(const DayList& day, bool headings) {
    std::vector<DayLine> lines;
    lines.reserve(day.shown + 2 * day.groups.size());
    std::size_t counts[3] = {0, 0, 0};
    const auto add = [&](DayLine::Kind kind, std::size_t group, std::size_t row) {
        DayLine line{kind, group, row, {counts[0], counts[1], counts[2]}};
        lines.push_back(line);
        ++counts[kind];
    };
    for (std::size_t g = 0; g < day.groups.size(); ++g) {
        const DayGroup& group = day.groups[g];
        if (headings) add(DayLine::Heading, g, 0);
        const bool earlier_note = headings && group.when == DayWhen::Earlier && !day.searching;
        if (group.rows.empty() || earlier_note) add(DayLine::Note, g, 0);
        for (const std::size_t row : group.rows) add(DayLine::Card, g, row);
    }
    return lines;
}

}  // namespace fc
