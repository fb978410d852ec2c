// GET /failures (story 000): why visits were not possible. The causes as a Pareto chart (the few
// causes behind most failures first), week by week and per template, and the prechecks that were
// not met beside how often the intake had confirmed them: a failure on a confirmed precheck means
// the intake was wrong, which is the planner's to fix, not the technician's.
#include <algorithm>
#include <cmath>

#include "catalogue/catalogue.h"
#include "sync/depot/depot_store.h"
#include "sync/depot/office/failures_query.h"
#include "sync/depot/office/office_chart.h"
#include "sync/depot/office/office_format.h"
#include "sync/depot/office/office_page.h"
#include "sync/depot/office/page_words.h"
#include "sync/depot/office/office_routes.h"

namespace fc {
namespace {

constexpr int kDefaultWeeks = 52;

// Charts are the server's own markup with every text escaped inside (office_chart.cpp): {{{ }}} only for them.
constexpr const char* kFailuresView = R"({{> filter}}
{{#empty}}<p class="muted">{{no_visits}}</p>{{/empty}}{{^empty}}<p>{{summary}}</p>
{{#no_failures}}<p class="ok">{{no_failures_text}}</p>{{/no_failures}}{{^no_failures}}
<section><h2>{{pareto_title}}</h2>{{{pareto_chart}}}
<table><caption>{{pareto_title}}</caption><thead><tr><th>{{cause_head}}</th><th class="num">{{count_head}}</th><th class="num">{{share_head}}</th><th class="num">{{cumulative_head}}</th></tr></thead>
<tbody>{{#pareto}}<tr><th>{{label}}</th><td class="num">{{count}}</td><td class="num">{{share}}</td><td class="num">{{cumulative}}</td></tr>{{/pareto}}</tbody></table></section>
<section><h2>{{prechecks_title}}</h2><p class="muted">{{prechecks_note}}</p>
{{#no_prechecks}}<p class="muted">{{no_prechecks_text}}</p>{{/no_prechecks}}{{^no_prechecks}}
<table><caption>{{prechecks_title}}</caption><thead><tr><th>{{template_head}}</th><th>{{precheck_head}}</th><th class="num">{{not_met_head}}</th><th class="num">{{confirmed_head}}</th><th class="num">{{confirmed_share_head}}</th></tr></thead>
<tbody>{{#prechecks}}<tr><td>{{template}}</td><td>{{precheck}}</td><td class="num">{{not_met}}</td><td class="num{{#intake_wrong}} flag{{/intake_wrong}}">{{confirmed}}</td><td class="num">{{confirmed_share}}</td></tr>{{/prechecks}}</tbody></table>{{/no_prechecks}}</section>
<section><h2>{{weeks_title}}</h2>{{{weeks_chart}}}
<table><caption>{{weeks_title}}</caption><thead><tr><th>{{week_head}}</th><th class="num">{{visits_head}}</th><th class="num">{{failed_head}}</th><th class="num">{{share_head}}</th>{{#causes}}<th class="num">{{.}}</th>{{/causes}}</tr></thead>
<tbody>{{#weeks}}<tr><th>{{week}}</th><td class="num">{{visits}}</td><td class="num">{{failed}}</td><td class="num">{{share}}</td>{{#cells}}<td class="num">{{.}}</td>{{/cells}}</tr>{{/weeks}}</tbody></table></section>
<section><h2>{{templates_title}}</h2>
{{#templates}}<h3>{{label}}</h3><p>{{summary}}</p>{{{chart}}}{{/templates}}
<table><caption>{{templates_title}}</caption><thead><tr><th>{{template_head}}</th><th class="num">{{visits_head}}</th><th class="num">{{failed_head}}</th><th class="num">{{share_head}}</th>{{#causes}}<th class="num">{{.}}</th>{{/causes}}</tr></thead>
<tbody>{{#templates}}<tr><th>{{label}}</th><td class="num">{{visits}}</td><td class="num">{{failed}}</td><td class="num">{{share}}</td>{{#cells}}<td class="num">{{.}}</td>{{/cells}}</tr>{{/templates}}</tbody></table></section>
{{/no_failures}}{{/empty}})";


std::string cause_name(Lang lang, const std::string& kind) {
    const std::string key = "cause." + kind;
    return has_key(key) ? text(lang, key) : kind;
}

std::string share(Lang lang, long long part, long long whole) {
    if (whole <= 0) return "–";
    return office_number(lang, 100.0 * static_cast<double>(part) / static_cast<double>(whole), 1, "%");
}

// Causes by count, largest first (ties by name, so the page is the same every time).
std::vector<std::pair<std::string, long long>> by_count(const CauseCounts& causes) {
    std::vector<std::pair<std::string, long long>> out(causes.begin(), causes.end());
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    return out;
}

std::vector<ChartBar> bars_of(Lang lang, const CauseCounts& causes) {
    std::vector<ChartBar> bars;
    for (const auto& [cause, n] : by_count(causes)) {
        bars.push_back({cause_name(lang, cause), static_cast<double>(n), std::to_string(n)});
    }
    return bars;
}

PageData pareto_rows(Lang lang, const CauseCounts& causes, long long failed) {
    PageData rows = page_list();
    long long running = 0;
    for (const auto& [cause, n] : by_count(causes)) {
        running += n;
        PageData r;
        r.set("label", cause_name(lang, cause));
        r.set("count", std::to_string(n));
        r.set("share", share(lang, n, failed));
        r.set("cumulative", share(lang, running, failed));
        rows.push_back(r);
    }
    return rows;
}

// The cells of one row of a week or template table: the count of each cause, in the Pareto's order.
PageData cause_cells(const std::vector<std::pair<std::string, long long>>& order, const CauseCounts& counts) {
    PageData cells = page_list();
    for (const auto& [cause, total] : order) {
        const auto it = counts.find(cause);
        cells.push_back(PageData(std::to_string(it == counts.end() ? 0 : it->second)));
    }
    return cells;
}

long long sum(const CauseCounts& c) {
    long long n = 0;
    for (const auto& [k, v] : c) n += v;
    return n;
}

}  // namespace

namespace {

void add_words(Lang lang, PageData& d) {
    set_words(d, lang, "office.failures.", {"no_visits", "no_failures_text", "pareto_title", "cause_head", "count_head", "share_head", "cumulative_head", "prechecks_title", "prechecks_note", "no_prechecks_text", "template_head", "precheck_head", "not_met_head", "confirmed_head", "confirmed_share_head", "weeks_title", "week_head", "visits_head", "failed_head", "templates_title"});
}

// A precheck's title from its template's newest version; the id when the template no longer has it.
std::string precheck_title(DepotStore& store, const std::string& template_id, const std::string& precheck_id) {
    auto version = store.latest_template_version(template_id);
    if (!version || !version.value()) return precheck_id;
    auto t = store.template_for(template_id, *version.value());
    if (!t) return precheck_id;
    const Precheck* p = t.value()->find_precheck(precheck_id);
    return p && !p->title.empty() ? p->title + " (" + precheck_id + ")" : precheck_id;
}

PageData precheck_rows(const OfficeContext& ctx, const FailuresFigures& f, const std::map<std::string, std::string>& titles) {
    const Lang lang = ctx.lang();
    std::vector<std::pair<std::pair<std::string, std::string>, PrecheckMisses>> order(f.prechecks.begin(), f.prechecks.end());
    std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.second.not_met > b.second.not_met; });
    PageData rows = page_list();
    for (const auto& [key, miss] : order) {
        PageData r;
        r.set("template", template_label(titles, key.first));
        r.set("precheck", precheck_title(ctx.depot.store, key.first, key.second));
        r.set("not_met", std::to_string(miss.not_met));
        r.set("confirmed", std::to_string(miss.confirmed));
        r.set("intake_wrong", PageData(miss.confirmed > 0));
        r.set("confirmed_share", share(lang, miss.confirmed, miss.not_met));
        rows.push_back(r);
    }
    return rows;
}

void add_weeks(Lang lang, const StatsFilter& filter, const FailuresFigures& f,
               const std::vector<std::pair<std::string, long long>>& order, PageData& d) {
    PageData rows = page_list();
    std::vector<TrendPoint> points;
    for (int w : filter.weeks()) {
        const auto visits = f.visits_per_week.find(w);
        const long long n = visits == f.visits_per_week.end() ? 0 : visits->second;
        const auto causes = f.causes_per_week.find(w);
        const CauseCounts none;
        const CauseCounts& c = causes == f.causes_per_week.end() ? none : causes->second;
        PageData r;
        r.set("week", iso_week_label(w));
        r.set("visits", std::to_string(n));
        r.set("failed", std::to_string(sum(c)));
        r.set("share", share(lang, sum(c), n));
        r.set("cells", cause_cells(order, c));
        rows.push_back(r);
        TrendPoint p{iso_week_label(w), std::nullopt, share(lang, sum(c), n)};
        if (n > 0) p.value = 100.0 * static_cast<double>(sum(c)) / static_cast<double>(n);
        points.push_back(std::move(p));
    }
    d.set("weeks", rows);
    d.set("weeks_chart", trend_svg(text(lang, "office.failures.weeks_chart"), points, 0, 100));
}

void add_templates(Lang lang, const FailuresFigures& f, const std::map<std::string, std::string>& titles,
                   const std::vector<std::pair<std::string, long long>>& order, PageData& d) {
    PageData rows = page_list();
    for (const auto& [id, visits] : f.visits_per_template) {
        const auto causes = f.causes_per_template.find(id);
        const CauseCounts none;
        const CauseCounts& c = causes == f.causes_per_template.end() ? none : causes->second;
        PageData r;
        r.set("label", template_label(titles, id));
        r.set("visits", std::to_string(visits));
        r.set("failed", std::to_string(sum(c)));
        r.set("share", share(lang, sum(c), visits));
        r.set("cells", cause_cells(order, c));
        r.set("summary", text(lang, "office.failures.summary", {{"failed", std::to_string(sum(c))},
                                                                 {"visits", std::to_string(visits)},
                                                                 {"share", share(lang, sum(c), visits)}}));
        r.set("chart", pareto_svg(text(lang, "office.failures.template_chart", {{"template", template_label(titles, id)}}),
                                  bars_of(lang, c), text(lang, "office.chart.cumulative")));
        rows.push_back(r);
    }
    d.set("templates", rows);
}

}  // namespace

void failures_route(const OfficeContext& ctx, const httplib::Request& req, httplib::Response& res) {
    const Lang lang = ctx.lang();
    const StatsFilter filter = read_stats_filter(req, ctx.depot.clock.now().wall_ms, kDefaultWeeks);
    auto figures = failures_figures(ctx.depot.store, filter);
    if (!figures) return send_office_error(ctx, res, figures.error());
    auto titles = template_titles(ctx.depot.store);
    if (!titles) return send_office_error(ctx, res, titles.error());
    const FailuresFigures& f = *figures;
    PageData d;
    d.set("page", "/failures");
    add_words(lang, d);
    add_stats_filter(d, ctx, filter, {}, *titles);
    d.set("empty", PageData(f.visits == 0));
    d.set("no_failures", PageData(f.failed() == 0));
    d.set("summary", text(lang, "office.failures.summary", {{"failed", std::to_string(f.failed())},
                                                            {"visits", std::to_string(f.visits)},
                                                            {"share", share(lang, f.failed(), f.visits)}}));
    if (f.failed() > 0) {
        const auto order = by_count(f.causes);
        PageData causes = page_list();
        for (const auto& [cause, n] : order) causes.push_back(PageData(cause_name(lang, cause)));
        d.set("causes", causes);
        d.set("pareto", pareto_rows(lang, f.causes, f.failed()));
        d.set("pareto_chart", pareto_svg(text(lang, "office.failures.pareto_title"), bars_of(lang, f.causes),
                                         text(lang, "office.chart.cumulative")));
        const PageData prechecks = precheck_rows(ctx, f, *titles);
        d.set("prechecks", prechecks);
        d.set("no_prechecks", PageData(prechecks.is_empty_list()));
        add_weeks(lang, filter, f, order, d);
        add_templates(lang, f, *titles, order, d);
    }
    send_office_page(res, 200, render_office_page(ctx, text(lang, "office.failures.title"), kFailuresView, std::move(d)));
}

}  // namespace fc
