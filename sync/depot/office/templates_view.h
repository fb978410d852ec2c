#pragma once
// The templates page (GET /templates) as the upload's POST answers it too: TemplateUploadOutcome is
// what became of the file: imported, already there, or every problem (nothing imported).
#include <httplib.h>

#include <string>
#include <vector>

#include "checklists/template_parser.h"
#include "sync/depot/office/office_context.h"

namespace fc {

struct TemplateUploadOutcome {
    std::string notice;                     // "" = no upload on this page
    std::vector<TemplateProblem> problems;  // every problem with its JSON path; nothing was imported
};

// Renders and sends the page: the upload form, the outcome above it, then every template's versions.
void send_templates_page(const OfficeContext& ctx, httplib::Response& res, int status, const TemplateUploadOutcome& outcome);

}  // namespace fc
