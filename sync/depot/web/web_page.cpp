#include "sync/depot/web/web_page.h"

#include "sync/depot/web/web_headers.h"

namespace fc {
namespace {

namespace mustache = kainjow::mustache;

// The layout every page shares. {{{body}}} is the only unescaped value: the view rendered with its
// own escaping just before; everything a request or a template brought is escaped there.
constexpr const char* kLayout = R"html(<!DOCTYPE html>
<html lang="{{lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>{{title}}</title>
<link rel="stylesheet" href="{{stylesheet}}">
</head>
<body>
<main>
{{{body}}}
</main>
</body>
</html>
)html";

}  // namespace

std::string render_view(const std::string& view, const PageData& data) {
    mustache::mustache body_template{view};
    std::string body = body_template.render(data);
    if (!body_template.is_valid()) return {};
    return body;
}

std::string render_layout(Lang lang, const std::string& title, const std::string& body, const std::string& stylesheet) {
    mustache::mustache layout{kLayout};
    if (body.empty() || !layout.is_valid()) return "<!DOCTYPE html><title>Error</title><p>The page could not be made.</p>";
    PageData page;
    page.set("lang", lang_code(lang));
    page.set("title", title);
    page.set("body", body);
    page.set("stylesheet", stylesheet);
    return layout.render(page);
}

std::string render_page(Lang lang, const std::string& title, const std::string& view, const PageData& data) {
    return render_layout(lang, title, render_view(view, data), "/static/site.css");
}

void send_page(httplib::Response& res, int status, std::string html) {
    set_page_security_headers(res);
    res.status = status;
    res.set_content(std::move(html), "text/html; charset=utf-8");
}

}  // namespace fc
