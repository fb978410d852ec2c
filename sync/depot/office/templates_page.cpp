// GET /templates: every template id the depot serves with its versions (title, language, when it was
// imported) and a link comparing each version with the one before; the upload form above them.
#include <string>

#include "catalogue/catalogue.h"
#include "sync/depot/office/office_format.h"
#include "sync/depot/office/office_page.h"
#include "sync/depot/office/office_routes.h"
#include "sync/depot/office/page_words.h"
#include "sync/depot/office/template_versions_query.h"
#include "sync/depot/office/templates_view.h"

namespace fc {
namespace {

constexpr const char* kTemplatesView = R"html({{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
{{#has_problems}}<section class="problems" role="alert"><h2>{{problems_heading}}</h2>
<table class="wide"><thead><tr><th>{{path_h}}</th><th>{{problem_h}}</th></tr></thead><tbody>
{{#problems}}<tr><td><code>{{path}}</code></td><td>{{message}}</td></tr>
{{/problems}}</tbody></table></section>{{/has_problems}}
<section class="no-print"><h2>{{upload_heading}}</h2>
<p>{{upload_intro}}</p>
<form method="post" action="/templates" enctype="multipart/form-data">
<input type="hidden" name="csrf" value="{{csrf}}">
<p><label>{{file_label}}<br><input type="file" name="template" accept=".json,application/json" required></label></p>
<p><button type="submit">{{upload_submit}}</button></p>
</form></section>
<h2>{{list_heading}}</h2>
{{^templates}}<p>{{none}}</p>{{/templates}}
{{#templates}}<section class="template"><h3><code>{{id}}</code></h3>
<table class="wide"><thead><tr><th>{{version_h}}</th><th>{{title_h}}</th><th>{{language_h}}</th><th>{{imported_h}}</th><th class="no-print"></th></tr></thead><tbody>
{{#versions}}<tr><td>{{version}}</td><td>{{title}}</td><td>{{language}}</td><td>{{imported}}</td><td class="no-print">{{#compare_href}}<a href="{{compare_href}}">{{compare_label}}</a>{{/compare_href}}</td></tr>
{{/versions}}</tbody></table></section>
{{/templates}}
)html";

std::string compare_href(const std::string& id, int from, int to) {
    return "/templates/" + httplib::detail::encode_query_param(id) + "/compare?from=" + std::to_string(from) +
           "&to=" + std::to_string(to);
}

// The rows come by id, newest version first: one section per id, each version linked to the one below it.
PageData template_sections(Lang lang, const std::vector<TemplateVersionRow>& rows) {
    PageData sections{PageData::type::list};
    for (std::size_t i = 0; i < rows.size();) {
        PageData versions{PageData::type::list};
        std::size_t j = i;
        for (; j < rows.size() && rows[j].id == rows[i].id; ++j) {
            const TemplateVersionRow& r = rows[j];
            PageData v;
            v.set("version", std::to_string(r.version));
            v.set("title", r.title);
            v.set("language", r.language);
            v.set("imported", office_date_time(lang, r.imported_ms));
            if (j + 1 < rows.size() && rows[j + 1].id == r.id) {
                v.set("compare_href", compare_href(r.id, rows[j + 1].version, r.version));
                v.set("compare_label", text(lang, "office.templates.compare_with", {{"version", std::to_string(rows[j + 1].version)}}));
            }
            versions.push_back(v);
        }
        PageData section;
        section.set("id", rows[i].id);
        section.set("versions", versions);
        sections.push_back(section);
        i = j;
    }
    return sections;
}

PageData problem_rows(const std::vector<TemplateProblem>& problems) {
    PageData rows{PageData::type::list};
    for (const TemplateProblem& p : problems) {
        PageData r;
        r.set("path", p.path);
        r.set("message", p.message);
        rows.push_back(r);
    }
    return rows;
}

}  // namespace

void send_templates_page(const OfficeContext& ctx, httplib::Response& res, int status, const TemplateUploadOutcome& outcome) {
    auto rows = template_versions(ctx.depot.store);
    if (!rows) {
        send_office_error(ctx, res, rows.error());
        return;
    }
    const Lang lang = ctx.lang();
    PageData d;
    d.set("page", "/templates");
    set_words(d, lang, "office.templates.",
              {"problems_heading", "path_h", "problem_h", "upload_heading", "upload_intro", "file_label", "upload_submit",
               "list_heading", "none", "version_h", "title_h", "language_h", "imported_h"});
    if (!outcome.notice.empty()) d.set("notice", outcome.notice);
    d.set("has_problems", PageData(!outcome.problems.empty()));
    d.set("problems", problem_rows(outcome.problems));
    d.set("templates", template_sections(lang, *rows));
    send_office_page(res, status, render_office_page(ctx, text(lang, "office.templates.title"), kTemplatesView, std::move(d)));
}

void templates_page_route(const OfficeContext& ctx, const httplib::Request&, httplib::Response& res) {
    send_templates_page(ctx, res, 200, TemplateUploadOutcome{});
}

}  // namespace fc
