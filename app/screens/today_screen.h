#pragma once
// Today: the technician's assigned visits with a precheck badge each, and the way into practice.
#include <cstdint>
#include <string>
#include <vector>

#include "app/tablet/intent.h"
#include "app/tablet/tablet_model.h"

namespace fc {

class TouchUi;

struct TodayView {
    const std::vector<TodayRow>& rows;
    bool pin_set = false;
    int outbox_waiting = 0;  // sealed visits not yet received by the depot
    std::int64_t now_ms = 0;
};

Intent draw_today(TouchUi& ui, const TodayView& view);

// The words of the mark on a visit the planner cancelled or moved after it was started here
// (VisitSummary::withdrawn); "" for a visit without it. One place, for every screen that lists visits.
std::string withdrawn_mark_text(const Strings& t, const VisitSummary& s);


}  // namespace fc
