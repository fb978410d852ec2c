#include "sync/depot/office/office_routes.h"

#include <string_view>

#include "catalogue/catalogue.h"
#include "checklists/sha256.h"
#include "sync/depot/office/office_page.h"
#include "sync/depot/office/office_request.h"
#include "sync/depot/web/page_language.h"
#include "sync/wire/device_token.h"

namespace fc {
namespace {

struct OfficeRoute {
    enum class Method { Get, Post } method;
    const char* pattern;   // cpp-httplib's regex; ids are one path segment ([^/]+)
    const char* log_name;  // what the log says: never the raw path
    const char* example;   // a path it answers, for the test that tries every route with every role
    OfficeArea area;       // what the role must be allowed...
    OfficeAccess access;   // ...to do, before the page runs
    OfficeHandler handle;
};

// Every route that needs a session. A POST also needs the session's form token.
constexpr OfficeRoute kOfficeRoutes[] = {
    {OfficeRoute::Method::Post, "/logout", "/logout", "/logout", OfficeArea::Visits, OfficeAccess::Read, logout_route},
    // --- visits area ---
    {OfficeRoute::Method::Get, "/visits", "/visits", "/visits", OfficeArea::Visits, OfficeAccess::Read, visit_list_route},
    {OfficeRoute::Method::Get, "/visits/([^/]+)", "/visits/{id}", "/visits/v-1", OfficeArea::Visits, OfficeAccess::Read, visit_page_route},
    {OfficeRoute::Method::Get, "/visits/([^/]+)/files/([^/]+)", "/visits/{id}/files/{sha256}",
     "/visits/v-1/files/0000000000000000000000000000000000000000000000000000000000000000", OfficeArea::Visits, OfficeAccess::Read,
     visit_file_route},
    {OfficeRoute::Method::Get, "/customers/([^/]+)", "/customers/{id}", "/customers/c-1", OfficeArea::Visits, OfficeAccess::Read,
     customer_page_route},
    {OfficeRoute::Method::Get, "/jobs/([^/]+)", "/jobs/{id}", "/jobs/job-1", OfficeArea::Visits, OfficeAccess::Read, job_page_route},
    // --- statistics ---
    // --- manage area ---
    // --- users area ---
};

struct PublicRoute {
    enum class Method { Get, Post } method;
    const char* pattern;
    void (*handle)(const RouteContext&, const httplib::Request&, httplib::Response&);
};

constexpr PublicRoute kPublicRoutes[] = {
    {PublicRoute::Method::Get, "/", root_route},
    {PublicRoute::Method::Get, "/login", login_page_route},
    {PublicRoute::Method::Post, "/login", login_post_route},
    {PublicRoute::Method::Get, "/static/office.css", [](const RouteContext&, const httplib::Request&, httplib::Response& res) {
         office_css_route(res);
     }},
};

bool matches(std::string_view pattern, const std::string& path) {
    // Exact for a pattern without a group, else the part before its first group as a prefix: the
    // same rule the API's log uses, enough to name a route without running its regex twice.
    const std::size_t group = pattern.find('(');
    if (group == std::string_view::npos) return path == pattern;
    return path.rfind(pattern.substr(0, group), 0) == 0;
}

// The session behind the request's cookie, if it is live.
std::optional<OfficeSession> session_of(const RouteContext& ctx, const httplib::Request& req) {
    const auto cookie = cookie_value(req, kSessionCookie);
    if (!cookie || !is_device_token(*cookie)) return std::nullopt;
    auto session = ctx.store.office_session(sha256_hex(*cookie), ctx.clock.now().wall_ms);
    if (!session) return std::nullopt;  // a store failure logs nobody in
    return std::move(session).value();
}

void serve(const RouteContext& ctx, const OfficeRoute& route, const httplib::Request& req, httplib::Response& res) {
    const std::optional<OfficeSession> session = session_of(ctx, req);
    if (!session) {
        // Where the browser wanted to go is kept for after the login, for a page (never a form).
        const std::string target = req.target.empty() ? req.path : req.target;
        see_other(res, route.method == OfficeRoute::Method::Get
                           ? "/login?next=" + httplib::detail::encode_query_param(target)
                           : std::string("/login"));
        return;
    }
    const OfficeContext octx{ctx, *session};
    if (!may(session->user.role, route.area, route.access)) {
        const Lang lang = session->user.lang;
        send_office_error(octx, res, make_error(ErrorCode::forbidden_role, "this role may not open this page")
                                         .with("role", text(lang, std::string("office.role.") + role_name(session->user.role))));
        return;
    }
    if (route.method == OfficeRoute::Method::Post &&
        (!req.has_param("csrf") || !constant_time_equal(req.get_param_value("csrf"), session->csrf) ||
         session->csrf.empty())) {
        send_office_error(octx, res, make_error(ErrorCode::csrf_refused, "the form's token is not this session's"));
        return;
    }
    route.handle(octx, req, res);
}

}  // namespace

void install_office_routes(httplib::Server& http, const RouteContext& ctx) {
    for (const PublicRoute& route : kPublicRoutes) {
        const auto handle = route.handle;
        const auto run = [ctx, handle](const httplib::Request& req, httplib::Response& res) { handle(ctx, req, res); };
        if (route.method == PublicRoute::Method::Get) http.Get(route.pattern, run);
        else http.Post(route.pattern, run);
    }
    for (const OfficeRoute& route : kOfficeRoutes) {
        const auto run = [ctx, &route](const httplib::Request& req, httplib::Response& res) { serve(ctx, route, req, res); };
        if (route.method == OfficeRoute::Method::Get) http.Get(route.pattern, run);
        else http.Post(route.pattern, run);
    }
}

std::vector<OfficeRouteInfo> office_route_list() {
    std::vector<OfficeRouteInfo> out;
    for (const OfficeRoute& r : kOfficeRoutes) {
        out.push_back({r.method == OfficeRoute::Method::Post, r.log_name, r.example, r.area, r.access});
    }
    return out;
}

const char* office_route_name(const httplib::Request& req) {
    for (const PublicRoute& route : kPublicRoutes) {
        if (matches(route.pattern, req.path)) return route.pattern;
    }
    for (const OfficeRoute& route : kOfficeRoutes) {
        if (matches(route.pattern, req.path)) return route.log_name;
    }
    return nullptr;
}

void send_office_not_found(const httplib::Request& req, httplib::Response& res) {
    const Lang lang = page_language(req, std::nullopt);
    PageData d;
    d.set("title", text(lang, "office.not_found.title"));
    d.set("body", text(lang, "office.not_found.body"));
    const std::string body = render_view(R"(<h1>{{title}}</h1><p>{{body}}</p><p><a href="/">{{home}}</a></p>)", [&] {
        d.set("home", text(lang, "office.depot"));
        return d;
    }());
    send_office_page(res, 404, render_layout(lang, text(lang, "office.not_found.title"), body, "/static/office.css"));
}

}  // namespace fc
