// GET /customers/{id} and /jobs/{id} (story 001): one customer's whole story on one page the
// helpdesk can read on a phone: every visit on their jobs newest first, with its cause, note,
// values and to-do list; the jobs whose next visit is escalated; what is planned. The same query
// as the `history` command (DepotStore::customer_story).
#include <algorithm>

#include "catalogue/catalogue.h"
#include "sync/depot/office/office_format.h"
#include "sync/depot/office/office_page.h"
#include "sync/depot/office/office_routes.h"
#include "sync/depot/office/visit_words.h"

namespace fc {
namespace {

constexpr const char* kCustomerView = R"html({{#escalations}}<p class="problem" role="alert">{{.}}</p>{{/escalations}}
{{#empty}}<p>{{l_empty}}</p>{{/empty}}
{{#any_planned}}<h2>{{l_planned}}</h2><ul class="story">
{{#planned}}<li><a href="{{href}}">{{when}}</a> · {{job}} · {{address}} · {{technician}}{{#escalation}} <span class="flag">{{l_escalation}}</span>{{/escalation}}</li>{{/planned}}
</ul>{{/any_planned}}
{{#any_visits}}<h2>{{l_visits}}</h2><ol class="story" reversed>
{{#visits}}<li><p><a href="{{href}}">{{when}}</a> · <strong>{{outcome}}</strong>{{#cause}} — {{cause}}{{/cause}}</p>
<p class="muted">{{job}}{{#address}} · {{address}}{{/address}}</p>
{{#note}}<p>{{note}}</p>{{/note}}
{{#any_values}}<ul>{{#values}}<li>{{title}}: {{value}}</li>{{/values}}</ul>{{/any_values}}
{{#any_todo}}<p>{{l_todo}}</p><ul>{{#todo}}<li>{{.}}</li>{{/todo}}</ul>{{/any_todo}}</li>
{{/visits}}</ol>{{/any_visits}}
)html";

std::string visit_href(const std::string& visit_id) { return "/visits/" + httplib::detail::encode_query_param(visit_id); }

PageData visit_data(Lang lang, const StoryVisit& s) {
    const HistoryEntry& e = s.entry;
    PageData d;
    d.set("href", visit_href(e.visit_id));
    d.set("when", office_date(lang, e.date_ms));
    d.set("outcome", outcome_words(lang, e.outcome));
    if (!e.cause.empty()) d.set("cause", cause_words(lang, e.cause));
    d.set("job", e.job_id);
    if (!s.address.empty()) d.set("address", s.address);
    if (!e.note.empty()) d.set("note", e.note);
    PageData values{PageData::type::list};
    for (const HistoryValue& v : e.values) {
        PageData item;
        item.set("title", v.title);
        item.set("value", v.value);
        values.push_back(item);
    }
    d.set("values", values);
    d.set("any_values", PageData(!e.values.empty()));
    PageData todo{PageData::type::list};
    for (const std::string& t : e.todo) todo.push_back(PageData(t));
    d.set("todo", todo);
    d.set("any_todo", PageData(!e.todo.empty()));
    return d;
}

PageData planned_data(Lang lang, const PlannedVisit& p) {
    PageData d;
    d.set("href", visit_href(p.visit_id));
    d.set("when", office_date_time(lang, p.window_start_ms));
    d.set("job", p.job_id);
    d.set("address", p.address);
    d.set("technician", p.technician_id);
    d.set("escalation", PageData(p.escalation));
    return d;
}

PageData story_data(Lang lang, const CustomerStory& story) {
    PageData d;
    d.set("page", "/visits");
    for (const char* name : {"empty", "planned", "visits", "todo", "escalation"}) {
        d.set(std::string("l_") + name, text(lang, std::string("office.customer.") + name));
    }
    PageData escalations{PageData::type::list};
    for (const JobEscalation& e : story.escalations) {
        escalations.push_back(PageData(text(lang, "office.customer.escalated",
                                            {{"job", e.job_id}, {"failed", std::to_string(e.failed_since_completion)}})));
    }
    d.set("escalations", escalations);
    d.set("empty", PageData(story.empty()));
    PageData visits{PageData::type::list};
    for (auto it = story.visits.rbegin(); it != story.visits.rend(); ++it) visits.push_back(visit_data(lang, *it));
    d.set("visits", visits);
    d.set("any_visits", PageData(!story.visits.empty()));
    PageData planned{PageData::type::list};
    for (const PlannedVisit& p : story.planned) planned.push_back(planned_data(lang, p));
    d.set("planned", planned);
    d.set("any_planned", PageData(!story.planned.empty()));
    return d;
}

void send_story(const OfficeContext& ctx, const StoryQuery& query, const std::string& shown_id, httplib::Response& res) {
    const Lang lang = ctx.lang();
    auto story = ctx.depot.store.customer_story(query);
    if (!story) return send_office_error(ctx, res, story.error());
    if (story->empty() && story->customer_name.empty()) {
        return send_office_error(ctx, res, make_error(ErrorCode::not_found, "no customer or job has this id"));
    }
    const std::string title = story->customer_name.empty() ? text(lang, "office.customer.title_job", {{"job", shown_id}})
                                                           : text(lang, "office.customer.title", {{"name", story->customer_name}});
    send_office_page(res, 200, render_office_page(ctx, title, kCustomerView, story_data(lang, *story)));
}

}  // namespace

void customer_page_route(const OfficeContext& ctx, const httplib::Request& req, httplib::Response& res) {
    send_story(ctx, StoryQuery{req.matches[1], {}}, req.matches[1], res);
}

void job_page_route(const OfficeContext& ctx, const httplib::Request& req, httplib::Response& res) {
    send_story(ctx, StoryQuery{{}, req.matches[1]}, req.matches[1], res);
}

}  // namespace fc
