#include "sync/depot/office/office_page.h"

#include "catalogue/catalogue.h"
#include "catalogue/error_message.h"
#include "sync/depot/http_status.h"

namespace fc {
namespace {

// The frame around every view. The logout form carries the session's token like every other form.
constexpr const char* kFrame = R"html(<header class="office-bar">
<span class="brand">{{depot}}</span>
<nav aria-label="{{depot}}">{{#nav}}<a href="{{href}}"{{#current}} aria-current="page"{{/current}}>{{label}}</a>{{/nav}}</nav>
<form method="post" action="/logout" class="logout"><a href="/account">{{signed_in_as}}</a>
<input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">{{logout}}</button></form>
</header>
<h1>{{title}}</h1>
{{{view}}}
)html";

struct NavEntry {
    const char* href;
    const char* key;
    OfficeArea area;
};

constexpr NavEntry kNav[] = {
    {"/visits", "office.nav.visits", OfficeArea::Visits},
    {"/satisfaction", "office.nav.satisfaction", OfficeArea::Survey},
    {"/failures", "office.nav.failures", OfficeArea::Visits},
    {"/integrity", "office.nav.integrity", OfficeArea::Survey},
    {"/templates", "office.nav.templates", OfficeArea::Manage},
    {"/planning", "office.nav.planning", OfficeArea::Manage},
    {"/devices", "office.nav.devices", OfficeArea::Manage},
    {"/users", "office.nav.users", OfficeArea::Users},
};

PageData nav_data(const OfficeContext& ctx, const std::string& current_href) {
    PageData nav{PageData::type::list};
    for (const NavEntry& e : kNav) {
        if (!ctx.may(e.area)) continue;
        PageData item;
        item.set("href", e.href);
        item.set("label", text(ctx.lang(), e.key));
        item.set("current", PageData(current_href == e.href));
        nav.push_back(item);
    }
    return nav;
}

}  // namespace

std::string render_office_page(const OfficeContext& ctx, const std::string& title, const std::string& view, PageData data) {
    const Lang lang = ctx.lang();
    data.set("csrf", ctx.session.csrf);
    const std::string body = render_view(view, data);
    if (body.empty()) return render_layout(lang, title, {}, "/static/office.css");
    PageData frame;
    frame.set("depot", text(lang, "office.depot"));
    frame.set("nav", nav_data(ctx, data.get("page") && data.get("page")->is_string() ? data.get("page")->string_value() : ""));
    frame.set("signed_in_as", text(lang, "office.signed_in_as",
                                   {{"name", ctx.session.user.name},
                                    {"role", role_label(lang, ctx.session.user.role)}}));
    frame.set("csrf", ctx.session.csrf);
    frame.set("logout", text(lang, "office.logout"));
    frame.set("title", title);
    frame.set("view", body);
    return render_layout(lang, title + " · " + text(lang, "office.depot"), render_view(kFrame, frame), "/static/office.css");
}

std::string role_label(Lang lang, OfficeRole role) { return text(lang, std::string("office.role.") + role_name(role)); }

void set_office_security_headers(httplib::Response& res) {
    res.set_header("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
                                              "frame-ancestors 'none'; base-uri 'none'");
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("X-Frame-Options", "DENY");
    res.set_header("Referrer-Policy", "same-origin");
    res.headers.erase("Cache-Control");  // every answer starts with the depot default
    res.set_header("Cache-Control", "no-store");
}

void send_office_page(httplib::Response& res, int status, std::string html) {
    set_office_security_headers(res);
    res.status = status;
    res.set_content(std::move(html), "text/html; charset=utf-8");
}

void send_office_error(const OfficeContext& ctx, httplib::Response& res, const Error& error) {
    PageData d;
    d.set("problem", error_message(ctx.lang(), error, error.param("subject")));
    const std::string title = error.code == ErrorCode::forbidden_role ? text(ctx.lang(), "office.forbidden.title")
                              : error.code == ErrorCode::not_found   ? text(ctx.lang(), "office.not_found.title")
                                                                     : text(ctx.lang(), "office.depot");
    send_office_page(res, http_status(error.code),
                     render_office_page(ctx, title, R"(<p class="problem" role="alert">{{problem}}</p>)", d));
}

}  // namespace fc
