// GET /integrity (story 004): the surveys the depot flagged (visit links, each flag in words) and each
// technician's survey figures against the fleet (technician_stats.h: the same tests as
// technician-stats.csv), with why someone stands out, or that nobody is named on too few surveys.
#include <algorithm>
#include <cmath>

#include "catalogue/catalogue.h"
#include "sync/depot/office/integrity_query.h"
#include "sync/depot/office/office_chart.h"
#include "sync/depot/office/office_format.h"
#include "sync/depot/office/office_page.h"
#include "sync/depot/office/page_words.h"
#include "sync/depot/office/office_routes.h"

namespace fc {
namespace {

// Why a quarter: the Fisher tests need kMinSurveysForOutlier surveys per technician, which a busy
// quarter gives everyone, and the page reads one small row per survey of the range.
constexpr int kDefaultWeeks = 13;

// Charts are the server's own markup with every text escaped inside (office_chart.cpp): {{{ }}} only for them.
constexpr const char* kView = R"({{> filter}}
<section><h2>{{flagged_title}}</h2><p>{{flagged_summary}}</p>
{{#flagged_none}}<p class="muted">{{flagged_none_text}}</p>{{/flagged_none}}{{^flagged_none}}
<table><caption>{{flagged_title}}</caption><thead><tr><th>{{visit_head}}</th><th>{{sealed_head}}</th><th>{{technician_head}}</th><th>{{template_head}}</th><th>{{reasons_head}}</th></tr></thead>
<tbody>{{#flagged}}<tr><td><a href="/visits/{{visit_id}}">{{visit_id}}</a></td><td>{{sealed}}</td><td>{{technician}}</td><td>{{template}}</td>
<td><ul>{{#flags}}<li><span class="flag">{{words}}</span>{{#detail}} <span class="muted">({{detail}})</span>{{/detail}}</li>{{/flags}}</ul></td></tr>{{/flagged}}</tbody></table>
<nav class="pager">{{#previous}}<a href="/integrity?{{previous}}">{{previous_label}}</a>{{/previous}}{{#next}}<a href="/integrity?{{next}}">{{next_label}}</a>{{/next}}</nav>{{/flagged_none}}</section>
<section><h2>{{technicians_title}}</h2><p>{{fleet_summary}}</p><p class="muted">{{method_note}}</p>
{{#technicians_none}}<p class="muted">{{technicians_none_text}}</p>{{/technicians_none}}{{^technicians_none}}{{{flagged_chart}}}
<table><caption>{{technicians_title}}</caption><thead><tr><th>{{technician_head}}</th><th class="num">{{surveys_head}}</th><th class="num">{{flagged_head}}</th><th class="num">{{all_top_head}}</th><th class="num">{{median_head}}</th><th class="num">{{discarded_head}}</th><th>{{verdict_head}}</th></tr></thead>
<tbody>{{#technicians}}<tr><th>{{technician}}</th><td class="num">{{surveys}}</td><td class="num">{{flagged}}</td><td class="num">{{all_top}}</td><td class="num">{{median}}</td><td class="num">{{discarded}}</td>
<td>{{#outlier}}<ul class="flag">{{#reasons}}<li>{{.}}</li>{{/reasons}}</ul>{{/outlier}}{{^outlier}}<span class="muted">{{verdict}}</span>{{/outlier}}</td></tr>{{/technicians}}</tbody></table>{{/technicians_none}}</section>)";


std::string percent(Lang lang, double share) { return office_number(lang, 100 * share, 1, "%"); }

std::string seconds(Lang lang, const std::optional<std::int64_t>& ms) {
    return ms ? office_number(lang, static_cast<double>(*ms) / 1000.0, 1, "s") : "–";
}

std::string p_value(Lang lang, double p) { return p < 0.0001 ? "< " + office_number(lang, 0.0001, 4) : office_number(lang, p, 4); }

// The reasons a technician stands out, each a sentence with its figures (the catalogue's words
// for technician_stats' tests).
PageData reasons(Lang lang, const TechnicianStats& t, const FleetStats& fleet) {
    PageData out = page_list();
    if (t.all_top.outlier) {
        out.push_back(PageData(text(lang, "office.integrity.reason.all_top",
                                    {{"share", percent(lang, t.all_top.share)}, {"fleet", percent(lang, t.all_top.fleet_share)},
                                     {"p", p_value(lang, t.all_top.p)}})));
    }
    if (t.flagged.outlier) {
        out.push_back(PageData(text(lang, "office.integrity.reason.flagged",
                                    {{"share", percent(lang, t.flagged.share)}, {"fleet", percent(lang, t.flagged.fleet_share)},
                                     {"p", p_value(lang, t.flagged.p)}})));
    }
    if (t.fast_outlier) {
        out.push_back(PageData(text(lang, "office.integrity.reason.fast",
                                    {{"median", seconds(lang, t.median_duration_ms)}, {"fleet", seconds(lang, fleet.median_duration_ms)}})));
    }
    return out;
}

PageData technician_rows(Lang lang, const FleetReport& r, std::vector<ChartBar>& bars) {
    PageData rows = page_list();
    for (const TechnicianStats& t : r.technicians) {
        PageData row;
        const PageData why = reasons(lang, t, r.fleet);
        row.set("technician", t.technician_id);
        row.set("surveys", std::to_string(t.surveys));
        row.set("flagged", std::to_string(t.flagged.count) + " (" + percent(lang, t.flagged.share) + ")");
        row.set("all_top", std::to_string(t.all_top.count) + " (" + percent(lang, t.all_top.share) + ")");
        row.set("median", seconds(lang, t.median_duration_ms));
        row.set("discarded", std::to_string(t.discarded));
        row.set("outlier", PageData(!why.is_empty_list()));
        row.set("reasons", why);
        row.set("verdict", !t.tested ? text(lang, "office.integrity.reason.too_few", {{"min", std::to_string(kMinSurveysForOutlier)}})
                                     : text(lang, "office.integrity.reason.none"));
        rows.push_back(row);
        if (t.surveys > 0) bars.push_back({t.technician_id, 100 * t.flagged.share, percent(lang, t.flagged.share)});
    }
    return rows;
}

std::string flag_words(Lang lang, const std::string& code) {
    const std::string key = "office.integrity.flag." + code;
    return has_key(key) ? text(lang, key) : code;
}

}  // namespace

namespace {

void add_words(Lang lang, PageData& d) {
    set_words(d, lang, "office.integrity.", {"flagged_title", "flagged_none_text", "visit_head", "sealed_head", "technician_head", "template_head", "reasons_head", "previous_label", "next_label", "technicians_title", "method_note", "technicians_none_text", "surveys_head", "flagged_head", "all_top_head", "median_head", "discarded_head", "verdict_head"});
}

int page_of(const httplib::Request& req) {
    const std::string p = req.get_param_value("page");
    if (p.empty() || p.size() > 6 || !std::all_of(p.begin(), p.end(), [](char c) { return c >= '0' && c <= '9'; })) return 0;
    return std::stoi(p);
}

void add_flagged(const OfficeContext& ctx, const StatsFilter& filter, const IntegrityFigures& f, int page,
                 const std::map<std::string, std::string>& titles, PageData& d) {
    const Lang lang = ctx.lang();
    PageData rows = page_list();
    for (const FlaggedSurvey& s : f.flagged) {
        PageData r, flags = page_list();
        for (const SurveyFlag& flag : s.flags) {
            PageData item;
            item.set("words", flag_words(lang, flag.code));
            item.set("detail", flag.message);
            flags.push_back(item);
        }
        r.set("visit_id", s.visit_id);
        r.set("sealed", office_date_time(lang, s.sealed_ms));
        r.set("technician", s.technician_id);
        r.set("template", template_label(titles, s.template_id));
        r.set("flags", flags);
        rows.push_back(r);
    }
    d.set("flagged", rows);
    d.set("flagged_none", PageData(f.flagged.empty()));
    d.set("flagged_summary", text(lang, "office.integrity.flagged_summary", {{"count", std::to_string(f.flagged_total)}}));
    if (page > 0) d.set("previous", filter.query() + "&page=" + std::to_string(page - 1));
    if (f.more) d.set("next", filter.query() + "&page=" + std::to_string(page + 1));
}

}  // namespace

void integrity_route(const OfficeContext& ctx, const httplib::Request& req, httplib::Response& res) {
    const Lang lang = ctx.lang();
    const StatsFilter filter = read_stats_filter(req, ctx.depot.clock.now().wall_ms, kDefaultWeeks);
    const int page = page_of(req);
    auto figures = integrity_figures(ctx.depot.store, filter, page);
    if (!figures) return send_office_error(ctx, res, figures.error());
    auto titles = template_titles(ctx.depot.store);
    if (!titles) return send_office_error(ctx, res, titles.error());
    PageData d;
    d.set("page", "/integrity");
    add_words(lang, d);
    // The template choice would filter nothing here (samples are per technician): dates only.
    add_stats_filter(d, ctx, filter, {}, {});
    add_flagged(ctx, filter, *figures, page, *titles, d);
    const FleetReport& r = figures->report;
    std::vector<ChartBar> bars;
    d.set("technicians", technician_rows(lang, r, bars));
    d.set("technicians_none", PageData(r.technicians.empty()));
    d.set("flagged_chart", bar_chart_svg(text(lang, "office.integrity.flagged_chart"), bars));
    d.set("fleet_summary", text(lang, "office.integrity.fleet_summary",
                                {{"surveys", std::to_string(r.fleet.surveys)}, {"technicians", std::to_string(r.fleet.technicians)},
                                 {"tested", std::to_string(r.fleet.tested)}, {"flagged", percent(lang, r.fleet.flagged_share)},
                                 {"all_top", percent(lang, r.fleet.all_top_share)},
                                 {"median", seconds(lang, r.fleet.median_duration_ms)}}));
    send_office_page(res, 200, render_office_page(ctx, text(lang, "office.integrity.title"), kView, std::move(d)));
}

}  // namespace fc
