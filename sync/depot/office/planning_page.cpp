// GET /planning: the planner's desk: the planning sheet's upload form (the same CSV as `assign`, its
// columns named), and the to-do: visits a tablet set aside because the depot refused them, and
// visits carried out although they had been cancelled or moved.
#include <algorithm>
#include <string>

#include "catalogue/catalogue.h"
#include "sync/depot/depot_store.h"
#include "sync/depot/office/office_format.h"
#include "sync/depot/office/office_page.h"
#include "sync/depot/office/office_routes.h"
#include "sync/depot/office/page_words.h"
#include "sync/depot/office/planning_view.h"

namespace fc {
namespace {

// Each to-do list shows this many, newest first; the export has them all.
constexpr std::size_t kToDoRows = 200;

constexpr const char* kPlanningView = R"html({{#notice}}<p class="{{notice_class}}" role="status">{{notice}}</p>{{/notice}}
{{#has_problems}}<section class="problems" role="alert"><h2>{{problems_heading}}</h2>
<table class="wide"><thead><tr><th class="num">{{line_h}}</th><th>{{column_h}}</th><th>{{problem_h}}</th></tr></thead><tbody>
{{#problems}}<tr><td class="num">{{line}}</td><td><code>{{column}}</code></td><td>{{sentence}}</td></tr>
{{/problems}}</tbody></table></section>{{/has_problems}}
<section class="no-print"><h2>{{upload_heading}}</h2>
<p>{{upload_intro}}</p>
<p class="muted">{{columns}}</p>
<form method="post" action="/planning" enctype="multipart/form-data">
<input type="hidden" name="csrf" value="{{csrf}}">
<p><label>{{file_label}}<br><input type="file" name="sheet" accept=".csv,text/csv" required></label></p>
<p><button type="submit">{{upload_submit}}</button></p>
</form></section>
<h2>{{set_aside_heading}}</h2>
{{^set_aside}}<p>{{set_aside_none}}</p>{{/set_aside}}
{{#has_set_aside}}<table class="wide"><thead><tr><th>{{visit_h}}</th><th>{{technician_h}}</th><th>{{reported_h}}</th><th>{{why_h}}</th></tr></thead><tbody>
{{#set_aside}}<tr><td><code>{{visit}}</code></td><td>{{technician}}</td><td>{{reported}}</td><td><code>{{error}}</code> {{message}}</td></tr>
{{/set_aside}}</tbody></table>{{/has_set_aside}}
<h2>{{conflicts_heading}}</h2>
{{^conflicts}}<p>{{conflicts_none}}</p>{{/conflicts}}
{{#has_conflicts}}<table class="wide"><thead><tr><th>{{visit_h}}</th><th>{{technician_h}}</th><th>{{recorded_h}}</th><th>{{why_h}}</th></tr></thead><tbody>
{{#conflicts}}<tr><td><code>{{visit}}</code></td><td>{{technician}}</td><td>{{recorded}}</td><td>{{detail}}</td></tr>
{{/conflicts}}</tbody></table>{{/has_conflicts}}
)html";

PageData problem_rows(const std::vector<SheetProblem>& problems) {
    PageData rows{PageData::type::list};
    for (const SheetProblem& p : problems) {
        PageData r;
        r.set("line", p.line > 0 ? std::to_string(p.line) : std::string());
        r.set("column", p.column);
        r.set("sentence", p.sentence);
        rows.push_back(r);
    }
    return rows;
}

// Open reports only: a visit that arrived after all is no longer the planner's to do.
PageData set_aside_rows(Lang lang, const std::vector<SetAsideReport>& reports) {
    PageData rows{PageData::type::list};
    std::size_t shown = 0;
    for (const SetAsideReport& r : reports) {  // open ones come first
        if (r.resolved_ms != 0 || shown++ == kToDoRows) break;
        PageData row;
        row.set("visit", r.visit_id);
        row.set("technician", r.technician_id);
        row.set("reported", office_date_time(lang, r.reported_ms));
        row.set("error", r.error);
        row.set("message", r.message);
        rows.push_back(row);
    }
    return rows;
}

PageData conflict_rows(Lang lang, const std::vector<PlanningConflict>& conflicts) {
    PageData rows{PageData::type::list};
    const std::size_t n = std::min(conflicts.size(), kToDoRows);
    for (auto it = conflicts.rbegin(); it != conflicts.rbegin() + static_cast<std::ptrdiff_t>(n); ++it) {
        PageData row;
        row.set("visit", it->visit_id);
        row.set("technician", it->technician_id);
        row.set("recorded", office_date_time(lang, it->recorded_ms));
        row.set("detail", it->detail);
        rows.push_back(row);
    }
    return rows;
}

}  // namespace

void send_planning_page(const OfficeContext& ctx, httplib::Response& res, int status, const PlanningOutcome& outcome) {
    auto reports = ctx.depot.store.set_aside_reports();
    auto conflicts = ctx.depot.store.conflicts();
    if (!reports || !conflicts) {
        send_office_error(ctx, res, !reports ? reports.error() : conflicts.error());
        return;
    }
    const Lang lang = ctx.lang();
    PageData d;
    d.set("page", "/planning");
    set_words(d, lang, "office.planning.",
              {"problems_heading", "line_h", "column_h", "problem_h", "upload_heading", "upload_intro", "columns",
               "file_label", "upload_submit", "set_aside_heading", "set_aside_none", "visit_h", "technician_h",
               "reported_h", "why_h", "conflicts_heading", "conflicts_none", "recorded_h"});
    if (!outcome.notice.empty()) d.set("notice", outcome.notice);
    d.set("notice_class", outcome.problems.empty() ? "ok" : "problem");
    d.set("has_problems", PageData(!outcome.problems.empty()));
    d.set("problems", problem_rows(outcome.problems));
    PageData set_aside = set_aside_rows(lang, *reports);
    d.set("has_set_aside", PageData(!set_aside.is_empty_list()));
    d.set("set_aside", set_aside);
    d.set("has_conflicts", PageData(!conflicts->empty()));
    d.set("conflicts", conflict_rows(lang, *conflicts));
    send_office_page(res, status, render_office_page(ctx, text(lang, "office.planning.title"), kPlanningView, std::move(d)));
}

void planning_page_route(const OfficeContext& ctx, const httplib::Request&, httplib::Response& res) {
    send_planning_page(ctx, res, 200, PlanningOutcome{});
}

}  // namespace fc
