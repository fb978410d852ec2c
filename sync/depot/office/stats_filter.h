#pragma once
// StatsFilter: what the statistics pages (/satisfaction, /failures, /integrity) are asked for: a
// date range in whole ISO weeks (the roll-ups count per week, depot_rollups.h), a technician and a
// template ("" = all); and the filter form every one of them shows.
#include <httplib.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "checklists/expected.h"
#include "sync/depot/office/office_context.h"
#include "sync/depot/web/web_page.h"

namespace fc {

struct StatsFilter {
    std::string from, to;  // the form's dates (yyyy-mm-dd)
    int from_week = 0, to_week = 0;
    std::int64_t from_ms = 0;  // Monday 00:00 of from_week
    std::int64_t to_ms = 0;    // Monday 00:00 after to_week (exclusive)
    std::string technician;
    std::string template_id;

    // Every week key of the range, in order (weeks nobody worked included: a chart's gap).
    std::vector<int> weeks() const;
    // The filter as a query string ("from=...&to=..."), for links that keep it (the pager).
    std::string query() const;
};

// Reads from/to/technician/template; a missing or unreadable date means the last `default_weeks` weeks.
StatsFilter read_stats_filter(const httplib::Request& req, std::int64_t now_ms, int default_weeks);

// Adds the filter form to a page's data: the partial {{> filter}} (a GET form, so it works without
// script and a filtered page can be bookmarked), the dates, and the choices with the current one
// selected; `technicians` (or `template_titles`) empty leaves that choice out.
void add_stats_filter(PageData& d, const OfficeContext& ctx, const StatsFilter& f, const std::vector<std::string>& technicians,
                      const std::map<std::string, std::string>& template_titles);

// Every template's title by id (its newest version's), one query over the small templates table.
Expected<std::map<std::string, std::string>> template_titles(DepotStore& store);
// "Title (id)" when a title is known, the id otherwise.
std::string template_label(const std::map<std::string, std::string>& titles, const std::string& id);

}  // namespace fc
