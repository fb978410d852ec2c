// GET /visits: the received visits, newest seal first, 50 a page, filtered by GET parameters (so a
// filtered list is a bookmark). The survey's columns and the flag filter only for roles that may
// read the survey area.
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "catalogue/catalogue.h"
#include "sync/depot/office/office_format.h"
#include "sync/depot/office/office_page.h"
#include "sync/depot/office/office_routes.h"
#include "sync/depot/office/visit_list_query.h"
#include "sync/depot/office/visit_words.h"

namespace fc {
namespace {

constexpr const char* kView = R"html(<form method="get" action="/visits" class="filters">
<label>{{l_from}}<input type="date" name="from" value="{{from}}"></label>
<label>{{l_to}}<input type="date" name="to" value="{{to}}"></label>
<label>{{l_technician}}<select name="technician"><option value="">{{any}}</option>{{#technicians}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/technicians}}</select></label>
<label>{{l_template}}<select name="template"><option value="">{{any}}</option>{{#templates}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/templates}}</select></label>
<label>{{l_outcome}}<select name="outcome"><option value="">{{any}}</option>{{#outcomes}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/outcomes}}</select></label>
<label>{{l_cause}}<select name="cause"><option value="">{{any}}</option>{{#causes}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/causes}}</select></label>
<label>{{l_precheck}}<input name="precheck" value="{{precheck}}" maxlength="200"></label>
<label>{{l_channel}}<select name="channel"><option value="">{{any}}</option>{{#channels}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/channels}}</select></label>
{{#survey}}<label>{{l_flag}}<select name="flag"><option value="">{{any}}</option>{{#flags}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/flags}}</select></label>{{/survey}}
<button type="submit">{{apply}}</button> <a href="/visits">{{clear}}</a>
</form>
<p class="count">{{count}}</p>
{{#any_rows}}<table class="visits">
<thead><tr><th>{{l_sealed}}</th><th>{{l_customer}}</th><th>{{l_address}}</th><th>{{l_technician}}</th><th>{{l_template}}</th><th>{{l_outcome}}</th><th>{{l_cause}}</th><th>{{l_channel}}</th>{{#survey}}<th class="num">{{l_score}}</th><th>{{l_flags}}</th>{{/survey}}</tr></thead>
<tbody>{{#rows}}<tr><td><a href="/visits/{{id_path}}">{{sealed}}</a></td>
<td>{{#customer_path}}<a href="{{customer_path}}">{{customer}}</a>{{/customer_path}}{{^customer_path}}{{customer}}{{/customer_path}}</td>
<td>{{address}}</td><td>{{technician}}</td><td>{{template}}</td><td>{{outcome}}</td><td>{{cause}}</td><td>{{channel}}</td>
{{#survey}}<td class="num">{{score}}</td><td>{{#flags}}<span class="flag">{{.}}</span> {{/flags}}</td>{{/survey}}</tr>
{{/rows}}</tbody></table>{{/any_rows}}
<nav class="pager">{{#newer}}<a href="{{newer}}" rel="prev">{{l_newer}}</a>{{/newer}}<span>{{page_of}}</span>{{#older}}<a href="{{older}}" rel="next">{{l_older}}</a>{{/older}}</nav>
)html";

constexpr std::array kOutcomes = {"completed", "not_possible"};
constexpr std::array kCauses = {"precheck_not_met", "customer_absent", "equipment_does_not_fit", "network_fault", "other"};
constexpr std::array kChannels = {"tablet", "phone_qr", "mailed_link", "none"};
constexpr std::array kFlags = {"impossible_pace", "identical_and_instant", "clock_went_back", "customer_answers_discarded"};

std::string param(const httplib::Request& req, const char* name) {
    // Bounded: a filter value is an id or a word; a 10 kB one matches nothing and need not be echoed whole.
    std::string v = req.get_param_value(name);
    if (v.size() > 200) v.resize(200);
    return v;
}

// Local midnight ending the day "2026-12-07" names (the next day's, so a DST day keeps its hours).
std::optional<std::int64_t> day_after(const std::string& day) {
    if (!parse_filter_date(day)) return std::nullopt;
    const std::chrono::year_month_day ymd{std::chrono::year{std::stoi(day.substr(0, 4))},
                                          std::chrono::month{static_cast<unsigned>(std::stoi(day.substr(5, 2)))},
                                          std::chrono::day{static_cast<unsigned>(std::stoi(day.substr(8, 2)))}};
    const std::chrono::year_month_day next{std::chrono::sys_days{ymd} + std::chrono::days{1}};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(next.year()), static_cast<unsigned>(next.month()),
                  static_cast<unsigned>(next.day()));
    return parse_filter_date(buf);
}

// The filter as the request asks it; a survey-area filter is ignored for a role without that area.
VisitFilter filter_of(const OfficeContext& ctx, const httplib::Request& req) {
    VisitFilter f;
    f.from_ms = parse_filter_date(param(req, "from"));
    f.to_ms = day_after(param(req, "to"));
    f.technician_id = param(req, "technician");
    f.template_id = param(req, "template");
    f.outcome = param(req, "outcome");
    f.cause_kind = param(req, "cause");
    f.cause_precheck = param(req, "precheck");
    f.channel = param(req, "channel");
    if (ctx.may(OfficeArea::Survey)) f.flag = param(req, "flag");
    return f;
}

template <class Words>
PageData options(Lang lang, const auto& values, const std::string& chosen, Words words) {
    PageData list{PageData::type::list};
    for (const std::string value : values) {
        PageData o;
        o.set("value", value);
        o.set("label", words(lang, value));
        o.set("selected", PageData(value == chosen));
        list.push_back(o);
    }
    return list;
}

PageData choice_options(const std::vector<VisitChoice>& choices, const std::string& chosen) {
    PageData list{PageData::type::list};
    for (const VisitChoice& c : choices) {
        PageData o;
        o.set("value", c.value);
        o.set("label", c.label);
        o.set("selected", PageData(c.value == chosen));
        list.push_back(o);
    }
    return list;
}

// The list's own address with the same filters and another page: links keep what was asked.
std::string page_link(const httplib::Request& req, int page) {
    std::string q;
    for (const char* name : {"from", "to", "technician", "template", "outcome", "cause", "precheck", "channel", "flag"}) {
        const std::string v = param(req, name);
        if (!v.empty()) q += std::string(q.empty() ? "?" : "&") + name + "=" + httplib::detail::encode_query_param(v);
    }
    if (page > 0) q += std::string(q.empty() ? "?" : "&") + "page=" + std::to_string(page + 1);
    return "/visits" + q;
}

PageData row_data(const OfficeContext& ctx, const VisitListRow& r) {
    const Lang lang = ctx.lang();
    PageData d;
    d.set("id_path", httplib::detail::encode_query_param(r.visit_id));
    d.set("sealed", office_date_time(lang, r.sealed_ms));
    d.set("customer", r.customer_name.empty() ? r.job_id : r.customer_name);
    // Mustache takes "" for true: a key without a link is left unset.
    if (const std::string path = customer_path(r.customer_id, r.job_id); !path.empty()) d.set("customer_path", path);
    d.set("address", r.address);
    d.set("technician", r.technician_name.empty() ? r.technician_id : r.technician_name);
    d.set("template", r.template_id + " v" + std::to_string(r.template_version));
    d.set("outcome", outcome_words(lang, r.outcome));
    std::string cause = cause_words(lang, r.cause_kind);
    if (!r.cause_precheck.empty()) cause += " (" + r.cause_precheck + ")";
    d.set("cause", cause);
    d.set("channel", channel_words(lang, r.channel));
    d.set("score", r.mean_score ? office_number(lang, *r.mean_score, 1) : std::string("–"));
    PageData flags{PageData::type::list};
    for (const std::string& f : r.flags) flags.push_back(PageData(flag_words(lang, f)));
    d.set("flags", flags);
    return d;
}

void set_labels(Lang lang, PageData& d) {
    for (const char* name : {"from", "to", "technician", "template", "outcome", "cause", "precheck", "channel", "flag",
                             "sealed", "customer", "address", "score", "flags", "newer", "older"}) {
        d.set(std::string("l_") + name, text(lang, std::string("office.visits.") + name));
    }
    d.set("any", text(lang, "office.visits.any"));
    d.set("apply", text(lang, "office.visits.apply"));
    d.set("clear", text(lang, "office.visits.clear"));
}

}  // namespace

void visit_list_route(const OfficeContext& ctx, const httplib::Request& req, httplib::Response& res) {
    const Lang lang = ctx.lang();
    const VisitFilter f = filter_of(ctx, req);
    const int page = std::max(0, std::min(1'000'000, std::atoi(param(req, "page").c_str()) - 1));
    auto list = query_visit_list(ctx.depot.store, f, page);
    if (!list) return send_office_error(ctx, res, list.error());
    auto technicians = technician_choices(ctx.depot.store);
    if (!technicians) return send_office_error(ctx, res, technicians.error());
    auto templates = template_choices(ctx.depot.store);
    if (!templates) return send_office_error(ctx, res, templates.error());
    PageData d;
    d.set("page", "/visits");
    set_labels(lang, d);
    d.set("survey", PageData(ctx.may(OfficeArea::Survey)));
    d.set("from", param(req, "from"));
    d.set("to", param(req, "to"));
    d.set("precheck", f.cause_precheck);
    d.set("technicians", choice_options(*technicians, f.technician_id));
    d.set("templates", choice_options(*templates, f.template_id));
    d.set("outcomes", options(lang, kOutcomes, f.outcome, outcome_words));
    d.set("causes", options(lang, kCauses, f.cause_kind, cause_words));
    d.set("channels", options(lang, kChannels, f.channel, channel_words));
    d.set("flags", options(lang, kFlags, f.flag, flag_words));
    d.set("count", text(lang, "office.visits.count", {{"count", office_number(lang, static_cast<double>(list->total), 0)}}));
    PageData rows{PageData::type::list};
    for (const VisitListRow& r : list->rows) rows.push_back(row_data(ctx, r));
    d.set("rows", rows);
    d.set("any_rows", PageData(!list->rows.empty()));
    const std::int64_t pages = std::max<std::int64_t>(1, (list->total + kVisitsPerPage - 1) / kVisitsPerPage);
    d.set("page_of", text(lang, "office.visits.page_of", {{"page", std::to_string(page + 1)}, {"pages", std::to_string(pages)}}));
    if (page > 0) d.set("newer", page_link(req, page - 1));
    if (page + 1 < pages) d.set("older", page_link(req, page + 1));
    send_office_page(res, 200, render_office_page(ctx, text(lang, "office.visits.title"), kView, d));
}

}  // namespace fc
