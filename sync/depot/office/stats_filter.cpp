#include "sync/depot/office/stats_filter.h"

#include <algorithm>

#include "catalogue/catalogue.h"
#include "checklists/time_format.h"
#include "sync/depot/depot_store.h"
#include "sync/depot/office/office_format.h"

namespace fc {
namespace {

constexpr std::int64_t kDayMs = 86'400'000;

// The Monday after `week`: noon of the week's Sunday plus a day lies in it whatever the DST shift.
int next_week(int week) { return iso_week_key(iso_week_start_ms(week) + 7 * kDayMs + 12 * 3'600'000); }

constexpr const char* kFilterView = R"(<form method="get" class="filters">
<label>{{filter_from}}<input type="date" name="from" value="{{from}}"></label>
<label>{{filter_to}}<input type="date" name="to" value="{{to}}"></label>
{{#has_technicians}}<label>{{filter_technician}}<select name="technician"><option value="">{{filter_all}}</option>
{{#technician_choices}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/technician_choices}}</select></label>{{/has_technicians}}
{{#has_templates}}<label>{{filter_template}}<select name="template"><option value="">{{filter_all}}</option>
{{#template_choices}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/template_choices}}</select></label>{{/has_templates}}
<button type="submit">{{filter_apply}}</button></form>
<p class="muted">{{filter_range}}</p>)";

}  // namespace



std::vector<int> StatsFilter::weeks() const {
    std::vector<int> out;
    for (int w = from_week; w <= to_week && out.size() < 600; w = next_week(w)) out.push_back(w);
    return out;
}

std::string StatsFilter::query() const {
    using httplib::detail::encode_query_param;
    return "from=" + encode_query_param(from) + "&to=" + encode_query_param(to) +
           "&technician=" + encode_query_param(technician) + "&template=" + encode_query_param(template_id);
}

StatsFilter read_stats_filter(const httplib::Request& req, std::int64_t now_ms, int default_weeks) {
    // Plain values, not optionals swapped: GCC 12 at -O2 takes a swapped optional's value for unset.
    std::int64_t to = parse_filter_date(req.get_param_value("to")).value_or(now_ms);
    std::int64_t from = parse_filter_date(req.get_param_value("from"))
                            .value_or(to - (static_cast<std::int64_t>(default_weeks) * 7 - 1) * kDayMs);
    if (from > to) std::swap(from, to);
    StatsFilter f;
    f.from = local_iso_date(from);
    f.to = local_iso_date(to);
    f.from_week = iso_week_key(from);
    f.to_week = iso_week_key(to);
    f.from_ms = iso_week_start_ms(f.from_week);
    f.to_ms = iso_week_start_ms(next_week(f.to_week));
    f.technician = req.get_param_value("technician");
    f.template_id = req.get_param_value("template");
    return f;
}

void add_stats_filter(PageData& d, const OfficeContext& ctx, const StatsFilter& f, const std::vector<std::string>& technicians,
                      const std::map<std::string, std::string>& titles) {
    const Lang lang = ctx.lang();
    d.set("filter", PageData(kainjow::mustache::partial([] { return std::string(kFilterView); })));
    d.set("from", f.from);
    d.set("to", f.to);
    for (const char* key : {"from", "to", "technician", "template", "all", "apply"}) {
        d.set(std::string("filter_") + key, text(lang, std::string("office.chart.filter.") + key));
    }
    d.set("filter_range", text(lang, "office.chart.filter.range",
                               {{"from", iso_week_label(f.from_week)}, {"to", iso_week_label(f.to_week)},
                                {"first", office_date(lang, f.from_ms)}, {"last", office_date(lang, f.to_ms - kDayMs)}}));
    PageData techs{PageData::type::list};
    for (const std::string& t : technicians) {
        PageData o;
        o.set("value", t);
        o.set("label", t);
        o.set("selected", PageData(t == f.technician));
        techs.push_back(o);
    }
    d.set("has_technicians", PageData(!technicians.empty()));
    d.set("technician_choices", techs);
    PageData templates{PageData::type::list};
    for (const auto& [id, title] : titles) {
        PageData o;
        o.set("value", id);
        o.set("label", template_label(titles, id));
        o.set("selected", PageData(id == f.template_id));
        templates.push_back(o);
    }
    d.set("has_templates", PageData(!titles.empty()));
    d.set("template_choices", templates);
}

Expected<std::map<std::string, std::string>> template_titles(DepotStore& store) {
    return store.with_db([](DepotDb& db, const std::filesystem::path&) -> Expected<std::map<std::string, std::string>> {
        std::map<std::string, std::string> out;
        // Ordered by version: the newest title is the one kept.
        auto st = db.prepare("SELECT id, title FROM templates ORDER BY id, version");
        if (!st) return st.error();
        while (st->next_row()) out[st->text(0)] = st->text(1);
        if (Status read = st->done(); !read) return read.error();
        return out;
    });
}

std::string template_label(const std::map<std::string, std::string>& titles, const std::string& id) {
    const auto it = titles.find(id);
    if (it == titles.end() || it->second.empty() || it->second == id) return id;
    return it->second + " (" + id + ")";
}

}  // namespace fc
