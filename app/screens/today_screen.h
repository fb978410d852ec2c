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

// TodayView: what Today draws; `day` is arrange_day over `rows` with the search in TodayUi.
struct TodayView {
    const std::vector<TodayRow>& rows;
    const DayList& day;
    bool pin_set = false;
    int outbox_waiting = 0;  // sealed visits not yet received by the depot
    std::int64_t now_ms = 0;
};

// TodayUi: what the technician typed in the search field.
struct TodayUi {
    std::string search;
};

// The words of the mark on a visit the planner cancelled or moved after it was started here
// (VisitSummary::withdrawn); "" for a visit without it. One place, for every screen that lists visits.
std::string withdrawn_mark_text(const Strings& t, const VisitSummary& s);

Intent draw_today(TouchUi& ui, const TodayView& view, TodayUi& state);

}  // namespace fc
