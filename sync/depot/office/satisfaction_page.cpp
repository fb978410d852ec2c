// GET /satisfaction (story 004): what customers said per touchpoint, over the weeks, per technician
// and per template. Answers of flagged surveys (survey_integrity.h) get their own table and are in
// none of the other numbers: a staged survey must not lift a technician's mean unseen.
#include <algorithm>
#include <cmath>
#include <functional>
#include <set>

#include "catalogue/catalogue.h"
#include "sync/depot/office/office_chart.h"
#include "sync/depot/office/office_format.h"
#include "sync/depot/office/office_page.h"
#include "sync/depot/office/page_words.h"
#include "sync/depot/office/office_routes.h"
#include "sync/depot/office/satisfaction_query.h"

namespace fc {
namespace {

constexpr int kDefaultWeeks = 52;
constexpr const char* kTouchpoints[] = {"appointment", "arrival", "explanation", "result"};

// Charts are the server's own markup with every text escaped inside (office_chart.cpp): {{{ }}} only for them.
constexpr const char* kSatisfactionView = R"({{> filter}}
{{#empty}}<p class="muted">{{no_answers}}</p>{{/empty}}{{^empty}}
<section><h2>{{distribution_title}}</h2>{{{distribution_chart}}}
<table><caption>{{distribution_title}}</caption><thead><tr><th>{{touchpoint_head}}</th>{{#scores}}<th class="num">{{.}}</th>{{/scores}}<th class="num">n</th><th class="num">{{mean_head}}</th></tr></thead>
<tbody>{{#distribution}}<tr><th>{{label}}</th>{{#cells}}<td class="num">{{.}}</td>{{/cells}}<td class="num">{{n}}</td><td class="num">{{mean}}</td></tr>{{/distribution}}</tbody></table></section>
<section><h2>{{trend_title}}</h2><p class="muted">{{trend_note}}</p>
{{#trend_charts}}<h3>{{label}}</h3>{{{chart}}}{{/trend_charts}}
<table><caption>{{trend_title}}</caption><thead><tr><th>{{week_head}}</th>{{#touchpoints}}<th class="num">{{.}}</th>{{/touchpoints}}</tr></thead>
<tbody>{{#trend}}<tr><th>{{week}}</th>{{#cells}}<td class="num">{{.}}</td>{{/cells}}</tr>{{/trend}}</tbody></table></section>
<section class="flagged-apart"><h2>{{flagged_title}}</h2><p>{{flagged_note}}</p>
{{#flagged_none}}<p class="muted">{{flagged_none_text}}</p>{{/flagged_none}}{{^flagged_none}}
<table><caption>{{flagged_title}}</caption><thead><tr><th>{{touchpoint_head}}</th>{{#scores}}<th class="num">{{.}}</th>{{/scores}}<th class="num">n</th><th class="num">{{mean_head}}</th></tr></thead>
<tbody>{{#flagged}}<tr><th>{{label}}</th>{{#cells}}<td class="num">{{.}}</td>{{/cells}}<td class="num">{{n}}</td><td class="num">{{mean}}</td></tr>{{/flagged}}</tbody></table>
<p><a href="/integrity">{{integrity_link}}</a></p>{{/flagged_none}}</section>
<section><h2>{{technicians_title}}</h2>{{{technicians_chart}}}
<table><caption>{{technicians_title}}</caption><thead><tr><th>{{technician_head}}</th>{{#touchpoints}}<th class="num">{{.}}</th>{{/touchpoints}}<th class="num">{{all_head}}</th><th class="num">{{flagged_head}}</th></tr></thead>
<tbody>{{#technicians}}<tr><th><a href="/satisfaction?{{link}}">{{label}}</a></th>{{#cells}}<td class="num">{{.}}</td>{{/cells}}<td class="num">{{all}}</td><td class="num">{{flagged}}</td></tr>{{/technicians}}</tbody></table></section>
<section><h2>{{templates_title}}</h2>
<table><caption>{{templates_title}}</caption><thead><tr><th>{{template_head}}</th>{{#touchpoints}}<th class="num">{{.}}</th>{{/touchpoints}}<th class="num">{{all_head}}</th><th class="num">{{flagged_head}}</th></tr></thead>
<tbody>{{#templates}}<tr><th><a href="/satisfaction?{{link}}">{{label}}</a></th>{{#cells}}<td class="num">{{.}}</td>{{/cells}}<td class="num">{{all}}</td><td class="num">{{flagged}}</td></tr>{{/templates}}</tbody></table></section>
{{/empty}})";


// The touchpoints in the figures: the four of story 004 first, any other a template names after.
std::vector<std::string> touchpoints_of(const SatisfactionFigures& f) {
    std::vector<std::string> out;
    for (const char* t : kTouchpoints) {
        if (f.plain.count(t) || f.flagged.count(t)) out.emplace_back(t);
    }
    for (const TouchpointCounts* m : {&f.plain, &f.flagged}) {
        for (const auto& [t, c] : *m) {
            if (std::find(out.begin(), out.end(), t) == out.end()) out.push_back(t);
        }
    }
    return out;
}

std::string touchpoint_name(Lang lang, const std::string& t) {
    const std::string key = "office.satisfaction.touchpoint." + t;
    if (has_key(key)) return text(lang, key);
    return t.empty() ? text(lang, "office.satisfaction.touchpoint_none") : t;
}

// "4,21 (n = 37)", or a dash when nobody answered.
std::string mean_cell(Lang lang, const ScoreCounts& c) {
    if (c.total() == 0) return "–";
    return office_number(lang, c.mean(), 2) + " (n = " + std::to_string(c.total()) + ")";
}

PageData distribution_rows(Lang lang, const std::vector<std::string>& touchpoints, const TouchpointCounts& counts) {
    PageData rows = page_list();
    for (const std::string& t : touchpoints) {
        const auto it = counts.find(t);
        if (it == counts.end() || it->second.total() == 0) continue;
        PageData r, cells = page_list();
        for (long long n : it->second.n) cells.push_back(PageData(std::to_string(n)));
        r.set("label", touchpoint_name(lang, t));
        r.set("cells", cells);
        r.set("n", std::to_string(it->second.total()));
        r.set("mean", office_number(lang, it->second.mean(), 2));
        rows.push_back(r);
    }
    return rows;
}

void add_trend(const OfficeContext& ctx, const StatsFilter& filter, const SatisfactionFigures& f,
               const std::vector<std::string>& touchpoints, PageData& d) {
    const Lang lang = ctx.lang();
    const std::vector<int> weeks = filter.weeks();
    PageData charts = page_list(), rows = page_list();
    for (const std::string& t : touchpoints) {
        const auto by_week = f.trend.find(t);
        if (by_week == f.trend.end()) continue;
        std::vector<TrendPoint> points;
        for (int w : weeks) {
            const auto c = by_week->second.find(w);
            TrendPoint p{iso_week_label(w), std::nullopt, "–"};
            if (c != by_week->second.end() && c->second.total() > 0) {
                p.value = c->second.mean();
                p.value_text = mean_cell(lang, c->second);
            }
            points.push_back(std::move(p));
        }
        PageData chart;
        chart.set("label", touchpoint_name(lang, t));
        chart.set("chart", trend_svg(text(lang, "office.satisfaction.trend_chart", {{"touchpoint", touchpoint_name(lang, t)}}),
                                     points, 1, 5));
        charts.push_back(chart);
    }
    for (int w : weeks) {
        PageData r, cells = page_list();
        for (const std::string& t : touchpoints) {
            const auto by_week = f.trend.find(t);
            const ScoreCounts none;
            const ScoreCounts* c = &none;
            if (by_week != f.trend.end()) {
                if (auto it = by_week->second.find(w); it != by_week->second.end()) c = &it->second;
            }
            cells.push_back(PageData(mean_cell(lang, *c)));
        }
        r.set("week", iso_week_label(w));
        r.set("cells", cells);
        rows.push_back(r);
    }
    d.set("trend_charts", charts);
    d.set("trend", rows);
}

// One row per technician or template: the mean per touchpoint, over all touchpoints, flagged answers.
PageData breakdown_rows(Lang lang, const std::vector<std::string>& touchpoints, const std::map<std::string, TouchpointCounts>& m,
                        const std::map<std::string, long long>& flagged, const std::function<std::string(const std::string&)>& label,
                        const std::function<std::string(const std::string&)>& link, std::vector<ChartBar>* bars) {
    std::set<std::string> keys;
    for (const auto& [k, v] : m) keys.insert(k);
    for (const auto& [k, v] : flagged) keys.insert(k);
    PageData rows = page_list();
    for (const std::string& k : keys) {
        PageData r, cells = page_list();
        ScoreCounts all;
        const auto it = m.find(k);
        for (const std::string& t : touchpoints) {
            ScoreCounts c;
            if (it != m.end()) {
                if (auto tc = it->second.find(t); tc != it->second.end()) c = tc->second;
            }
            all += c;
            cells.push_back(PageData(mean_cell(lang, c)));
        }
        const auto fl = flagged.find(k);
        r.set("label", label(k));
        r.set("link", link(k));
        r.set("cells", cells);
        r.set("all", mean_cell(lang, all));
        r.set("flagged", std::to_string(fl == flagged.end() ? 0 : fl->second));
        rows.push_back(r);
        if (bars && all.total() > 0) bars->push_back({label(k), all.mean(), office_number(lang, all.mean(), 2)});
    }
    return rows;
}

}  // namespace

namespace {

void add_words(Lang lang, PageData& d) {
    set_words(d, lang, "office.satisfaction.", {"no_answers", "distribution_title", "trend_title", "trend_note", "flagged_title", "flagged_note", "flagged_none_text", "integrity_link", "technicians_title", "templates_title", "touchpoint_head", "mean_head", "week_head", "technician_head", "template_head", "all_head", "flagged_head"});
    PageData scores = page_list();
    for (int s = 1; s <= 5; ++s) scores.push_back(PageData(std::to_string(s)));
    d.set("scores", scores);
}

// A link to this page with one more filter set, the others kept.
std::string link_with(StatsFilter f, const std::string& technician, const std::string& template_id) {
    if (!technician.empty()) f.technician = technician;
    if (!template_id.empty()) f.template_id = template_id;
    return f.query();
}

void add_figures(const OfficeContext& ctx, const StatsFilter& filter, const SatisfactionFigures& f,
                 const std::map<std::string, std::string>& titles, PageData& d) {
    const Lang lang = ctx.lang();
    const std::vector<std::string> touchpoints = touchpoints_of(f);
    PageData names = page_list();
    std::vector<DistributionRow> dist;
    for (const std::string& t : touchpoints) {
        names.push_back(PageData(touchpoint_name(lang, t)));
        if (auto it = f.plain.find(t); it != f.plain.end()) dist.push_back({touchpoint_name(lang, t), it->second.n});
    }
    d.set("touchpoints", names);
    d.set("distribution", distribution_rows(lang, touchpoints, f.plain));
    d.set("distribution_chart", distribution_svg(text(lang, "office.satisfaction.distribution_title"), dist));
    add_trend(ctx, filter, f, touchpoints, d);
    const PageData flagged = distribution_rows(lang, touchpoints, f.flagged);
    d.set("flagged", flagged);
    d.set("flagged_none", PageData(flagged.is_empty_list()));
    std::vector<ChartBar> bars;
    d.set("technicians", breakdown_rows(
                             lang, touchpoints, f.technicians, f.technicians_flagged, [](const std::string& t) { return t; },
                             [&](const std::string& t) { return link_with(filter, t, {}); }, &bars));
    d.set("technicians_chart", bar_chart_svg(text(lang, "office.satisfaction.technicians_chart"), bars));
    d.set("templates", breakdown_rows(
                           lang, touchpoints, f.templates, f.templates_flagged,
                           [&](const std::string& t) { return template_label(titles, t); },
                           [&](const std::string& t) { return link_with(filter, {}, t); }, nullptr));
}

}  // namespace

void satisfaction_route(const OfficeContext& ctx, const httplib::Request& req, httplib::Response& res) {
    const Lang lang = ctx.lang();
    const StatsFilter filter = read_stats_filter(req, ctx.depot.clock.now().wall_ms, kDefaultWeeks);
    auto figures = satisfaction_figures(ctx.depot.store, filter);
    if (!figures) return send_office_error(ctx, res, figures.error());
    auto titles = template_titles(ctx.depot.store);
    if (!titles) return send_office_error(ctx, res, titles.error());
    PageData d;
    d.set("page", "/satisfaction");
    add_words(lang, d);
    add_stats_filter(d, ctx, filter, figures->technician_choices, *titles);
    const bool empty = figures->plain.empty() && figures->flagged.empty();
    d.set("empty", PageData(empty));
    if (!empty) add_figures(ctx, filter, *figures, *titles, d);
    send_office_page(res, 200, render_office_page(ctx, text(lang, "office.satisfaction.title"), kSatisfactionView, std::move(d)));
}

}  // namespace fc
