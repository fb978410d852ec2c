// POST /templates: a template file from the planner's computer, checked by the parser behind
// `check-template` and stored like `template import` (immutable per id and version). A file with
// problems imports nothing and every problem is listed with its JSON path; the parser bounds the
// size and the nesting before any JSON parser sees the bytes, so a hostile file is just problems.
#include <string>

#include "catalogue/catalogue.h"
#include "checklists/template_parser.h"
#include "sync/depot/depot_store.h"
#include "sync/depot/office/office_page.h"
#include "sync/depot/office/office_routes.h"
#include "sync/depot/office/templates_view.h"

namespace fc {
namespace {

void refuse(const OfficeContext& ctx, httplib::Response& res, std::vector<TemplateProblem> problems) {
    TemplateUploadOutcome outcome;
    outcome.notice = text(ctx.lang(), "office.templates.nothing_imported", {{"count", std::to_string(problems.size())}});
    outcome.problems = std::move(problems);
    send_templates_page(ctx, res, 422, outcome);
}

}  // namespace

void template_upload_route(const OfficeContext& ctx, const httplib::Request& req, httplib::Response& res) {
    const Lang lang = ctx.lang();
    // get_file_value copies the part: taken once (it may be megabytes).
    const std::string bytes = req.is_multipart_form_data() ? req.get_file_value("template").content : std::string();
    if (bytes.empty()) {
        refuse(ctx, res, {{"$", text(lang, "office.templates.no_file")}});
        return;
    }
    const TemplateParseResult parsed = parse_template(bytes);
    if (!parsed.checklist) {
        refuse(ctx, res, parsed.problems);
        return;
    }
    const ChecklistTemplate& t = *parsed.checklist;
    const Params which{{"id", t.id}, {"version", std::to_string(t.version)}};
    auto stored = ctx.depot.store.import_template(t, ctx.depot.clock.now().wall_ms);
    if (!stored && stored.error().code == ErrorCode::template_conflict) {
        refuse(ctx, res, {{"$.version", text(lang, "office.templates.conflict", which), ErrorCode::template_conflict}});
        return;
    }
    if (!stored) {
        send_office_error(ctx, res, stored.error());
        return;
    }
    TemplateUploadOutcome outcome;
    outcome.notice = text(lang, stored.value() ? "office.templates.imported" : "office.templates.already_there", which);
    send_templates_page(ctx, res, 200, outcome);
}

}  // namespace fc
