#pragma once
// The planning page (GET /planning) as the sheet upload's POST answers it too: PlanningOutcome is what
// became of the sheet: what changed, or every problem (nothing stored).
#include <httplib.h>

#include <string>
#include <vector>

#include "sync/depot/office/office_context.h"

namespace fc {

// One problem of a sheet: its line and column when the checker named them (0 and "" otherwise).
struct SheetProblem {
    int line = 0;
    std::string column;
    std::string sentence;
};

struct PlanningOutcome {
    std::string notice;                 // "" = no upload on this page
    std::vector<SheetProblem> problems;  // nothing was stored
};

// Renders and sends the page: the outcome, the upload form, the open conflicts and set-aside reports.
void send_planning_page(const OfficeContext& ctx, httplib::Response& res, int status, const PlanningOutcome& outcome);

}  // namespace fc
