#pragma once
// Today: the technician's visits by day (today first, then earlier days with work left, then the
// days ahead), a search over them, a precheck badge each, and the way into practice.
#include <cstdint>
#include <string>
#include <vector>

#include "app/tablet/day_list.h"
#include "app/tablet/intent.h"
#include "app/tablet/tablet_model.h"

namespace fc {

class TouchUi;

// TodayView: what Today draws; `day` is arrange_day over `rows` with the search in TodayUi, and
// `lines` its day_lines, both made when the list or the search changed, not per frame.
struct TodayView {
    const std::vector<TodayRow>& rows;
    const DayList& day;
    const std::vector<DayLine>& lines;
    bool pin_set = false;
    int outbox_waiting = 0;  // sealed visits not yet received by the depot
    std::int64_t now_ms = 0;
};

// TodayUi: what the technician typed in the search field, and what the list learnt drawing itself.
struct TodayUi {
    std::string search;
    // The height of each kind of DayLine as first drawn at `measured_width` (0: not drawn yet): the
    // lines out of view are not drawn, so their place is reckoned from these.
    float line_height[3] = {0, 0, 0};
    float measured_width = 0;
    int lines_drawn = 0;  // by the last frame: the view and a few lines either side, never the whole list
};

// The words of the mark on a visit the planner cancelled or moved after it was started here
// (VisitSummary::withdrawn); "" for a visit without it. One place, for every screen that lists visits.
std::string withdrawn_mark_text(const Strings& t, const VisitSummary& s);

Intent draw_today(TouchUi& ui, const TodayView& view, TodayUi& state);

}  // namespace fc
