// GET /templates/{id}/compare?from=V1&to=V2: what a planner needs before sending technicians out with
// a new version: the template's own fields and every precheck, step, handover item and survey
// question added, removed or changed (each changed field old -> new).
#include <charconv>
#include <string>

#include "catalogue/catalogue.h"
#include "sync/depot/depot_store.h"
#include "sync/depot/office/office_page.h"
#include "sync/depot/office/office_routes.h"
#include "sync/depot/office/page_words.h"
#include "sync/depot/office/template_comparison.h"

namespace fc {
namespace {

constexpr const char* kTemplateCompareView = R"html(<p>{{intro}}</p>
<form method="get" action="/templates/{{id_in_path}}/compare" class="filters">
<label>{{from_label}}<input name="from" type="number" min="1" value="{{from}}" required></label>
<label>{{to_label}}<input name="to" type="number" min="1" value="{{to}}" required></label>
<button type="submit">{{compare_submit}}</button>
</form>
{{^any}}<p class="ok">{{no_changes}}</p>{{/any}}
{{#has_fields}}<h2>{{template_fields}}</h2>
<table class="wide"><thead><tr><th>{{field_h}}</th><th>{{before_h}}</th><th>{{after_h}}</th></tr></thead><tbody>
{{#fields}}<tr class="changed"><td><code>{{field}}</code></td><td>{{before}}</td><td>{{after}}</td></tr>
{{/fields}}</tbody></table>{{/has_fields}}
{{#sections}}<h2>{{heading}}</h2>
<table class="wide"><thead><tr><th>{{change_h}}</th><th>{{id_h}}</th><th>{{title_h}}</th><th>{{what_h}}</th></tr></thead><tbody>
{{#items}}<tr class="{{kind}}"><td>{{kind_label}}</td><td><code>{{id}}</code></td><td>{{title}}</td>
<td>{{#has_fields}}<ul class="fields">{{#fields}}<li><code>{{field}}</code>: <del>{{before}}</del> → <ins>{{after}}</ins></li>{{/fields}}</ul>{{/has_fields}}</td></tr>
{{/items}}</tbody></table>
{{/sections}}
<p class="no-print"><a href="/templates">{{back}}</a></p>
)html";

std::optional<int> version_param(const httplib::Request& req, const char* name) {
    const std::string field = req.get_param_value(name);
    int v = 0;
    const auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), v);
    if (field.empty() || ec != std::errc() || end != field.data() + field.size() || v < 1) return std::nullopt;
    return v;
}

PageData field_rows(const std::vector<FieldChange>& fields) {
    PageData rows{PageData::type::list};
    for (const FieldChange& f : fields) {
        PageData r;
        r.set("field", f.field);
        r.set("before", f.before);
        r.set("after", f.after);
        rows.push_back(r);
    }
    return rows;
}

const char* kind_name(ItemChange::Kind k) {
    return k == ItemChange::Kind::Added ? "added" : k == ItemChange::Kind::Removed ? "removed" : "changed";
}

// One table per section that changed, in the order compare_templates gives them.
PageData section_tables(Lang lang, const std::vector<ItemChange>& items) {
    PageData sections{PageData::type::list};
    for (std::size_t i = 0; i < items.size();) {
        PageData rows{PageData::type::list};
        std::size_t j = i;
        for (; j < items.size() && items[j].section == items[i].section; ++j) {
            const ItemChange& c = items[j];
            PageData r;
            r.set("kind", kind_name(c.kind));
            r.set("kind_label", text(lang, std::string("office.templates.") + kind_name(c.kind)));
            r.set("id", c.id);
            r.set("title", c.title);
            r.set("has_fields", PageData(!c.fields.empty()));
            r.set("fields", field_rows(c.fields));
            rows.push_back(r);
        }
        PageData section;
        section.set("heading", text(lang, "office.templates.section_" + items[i].section));
        section.set("items", rows);
        sections.push_back(section);
        i = j;
    }
    return sections;
}

}  // namespace

void template_compare_route(const OfficeContext& ctx, const httplib::Request& req, httplib::Response& res) {
    const std::string id = req.matches.size() > 1 ? req.matches[1].str() : std::string();
    const auto from = version_param(req, "from");
    const auto to = version_param(req, "to");
    const Error missing = make_error(ErrorCode::not_found, "there is no such template version");
    if (!from || !to) {
        send_office_error(ctx, res, missing);
        return;
    }
    // template_for refuses a version it lacks as the API does (422); here that is a page not found.
    for (const int v : {*from, *to}) {
        auto json = ctx.depot.store.template_json(id, v);
        if (!json || !json.value()) {
            send_office_error(ctx, res, json ? missing : json.error());
            return;
        }
    }
    auto a = ctx.depot.store.template_for(id, *from);
    auto b = ctx.depot.store.template_for(id, *to);
    if (!a || !b) {
        send_office_error(ctx, res, !a ? a.error() : b.error());
        return;
    }
    if (!a.value() || !b.value()) {
        send_office_error(ctx, res, missing);
        return;
    }
    const TemplateComparison cmp = compare_templates(*a.value(), *b.value());
    const Lang lang = ctx.lang();
    PageData d;
    d.set("page", "/templates");
    set_words(d, lang, "office.templates.",
              {"from_label", "to_label", "compare_submit", "no_changes", "template_fields", "field_h", "before_h", "after_h",
               "change_h", "id_h", "title_h", "what_h", "back"});
    d.set("intro", text(lang, "office.templates.compare_intro",
                        {{"id", id}, {"from", std::to_string(*from)}, {"to", std::to_string(*to)}}));
    d.set("id_in_path", httplib::detail::encode_query_param(id));
    d.set("from", std::to_string(*from));
    d.set("to", std::to_string(*to));
    d.set("any", PageData(!cmp.fields.empty() || !cmp.items.empty()));
    d.set("has_fields", PageData(!cmp.fields.empty()));
    d.set("fields", field_rows(cmp.fields));
    d.set("sections", section_tables(lang, cmp.items));
    send_office_page(res, 200, render_office_page(ctx, text(lang, "office.templates.compare_title", {{"id", id}}), kTemplateCompareView, std::move(d)));
}

}  // namespace fc
