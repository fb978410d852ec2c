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
    {OfficeRoute::Method::Get, "/satisfaction", "/satisfaction", "/satisfaction", OfficeArea::Survey, OfficeAccess::Read, satisfaction_route},
    {OfficeRoute::Method::Get, "/failures", "/failures", "/failures", OfficeArea::Visits, OfficeAccess::Read, failures_route},
    {OfficeRoute::Method::Get, "/integrity", "/integrity", "/integrity", OfficeArea::Survey, OfficeAccess::Read, integrity_route},
    // --- manage area ---
    {OfficeRoute::Method::Get, "/templates", "/templates", "/templates", OfficeArea::Manage, OfficeAccess::Read, templates_page_route},
    {OfficeRoute::Method::Post, "/templates", "/templates", "/templates", OfficeArea::Manage, OfficeAccess::Write, template_upload_route},
    {OfficeRoute::Method::Get, R"(/templates/([^/]+)/compare)", "/templates/{id}/compare", "/templates/t/compare?from=1&to=2", OfficeArea::Manage, OfficeAccess::Read, template_compare_route},
    {OfficeRoute::Method::Get, "/planning", "/planning", "/planning", OfficeArea::Manage, OfficeAccess::Read, planning_page_route},
    {OfficeRoute::Method::Post, "/planning", "/planning", "/planning", OfficeArea::Manage, OfficeAccess::Write, planning_upload_route},
    {OfficeRoute::Method::Get, "/devices", "/devices", "/devices", OfficeArea::Manage, OfficeAccess::Read, devices_page_route},
    {OfficeRoute::Method::Post, "/devices/enroll-code", "/devices/enroll-code", "/devices/enroll-code", OfficeArea::Manage, OfficeAccess::Write, enroll_code_route},
    {OfficeRoute::Method::Post, R"(/devices/tokens/([^/]+)/revoke)", "/devices/tokens/{id}/revoke", "/devices/tokens/1/revoke", OfficeArea::Manage, OfficeAccess::Write, device_token_revoke_route},
    {OfficeRoute::Method::Post, R"(/devices/([^/]+)/revoke)", "/devices/{key}/revoke", "/devices/0123456789abcdef/revoke", OfficeArea::Manage, OfficeAccess::Write, device_key_revoke_route},
    // --- users area ---
    {OfficeRoute::Method::Get, "/users", "/users", "/users", OfficeArea::Users, OfficeAccess::Read, users_page_route},
    {OfficeRoute::Method::Post, "/users/add", "/users/add", "/users/add", OfficeArea::Users, OfficeAccess::Write, user_add_route},
    {OfficeRoute::Method::Post, R"(/users/([^/]+)/disable)", "/users/{name}/disable", "/users/example/disable", OfficeArea::Users, OfficeAccess::Write, user_disable_route},
    {OfficeRoute::Method::Post, R"(/users/([^/]+)/role)", "/users/{name}/role", "/users/example/role", OfficeArea::Users, OfficeAccess::Write, user_role_route},
    {OfficeRoute::Method::Post, R"(/users/([^/]+)/password)", "/users/{name}/password", "/users/example/password", OfficeArea::Users, OfficeAccess::Write, user_password_route},
    // Everyone's own account: every role reads visits, so Visits/Read is "any logged-in person".
    {OfficeRoute::Method::Get, "/account", "/account", "/account", OfficeArea::Visits, OfficeAccess::Read, account_page_route},
    {OfficeRoute::Method::Post, "/account/language", "/account/language", "/account/language", OfficeArea::Visits, OfficeAccess::Read, account_language_route},
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
    // The part after the last group must end the path, so /users/{name}/role is not logged as .../disable.
    const std::size_t group = pattern.find('(');
    if (group == std::string_view::npos) return path == pattern;
    const std::string_view tail = pattern.substr(pattern.rfind(')') + 1);
    return path.rfind(pattern.substr(0, group), 0) == 0 && path.size() >= group + tail.size() &&
           std::string_view(path).substr(path.size() - tail.size()) == tail;
}

// The session behind the request's cookie, if it is live.
std::optional<OfficeSession> session_of(const RouteContext& ctx, const httplib::Request& req) {
    const auto cookie = cookie_value(req, kSessionCookie);
    if (!cookie || !is_device_token(*cookie)) return std::nullopt;
    auto session = ctx.store.office_session(sha256_hex(*cookie), ctx.clock.now().wall_ms);
    if (!session) return std::nullopt;  // a store failure logs nobody in
    return std::move(session).value();
}

// The form's token: a multipart upload carries it as a part of its own (cpp-httplib keeps those
// apart from the urlencoded fields).
std::optional<std::string> form_csrf(const httplib::Request& req) {
    if (req.is_multipart_form_data() && req.has_file("csrf")) return req.get_file_value("csrf").content;
    if (req.has_param("csrf")) return req.get_param_value("csrf");
    return std::nullopt;
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
                                         .with("subject", role_label(lang, session->user.role)));
        return;
    }
    if (route.method == OfficeRoute::Method::Post &&
        (!form_csrf(req) || !constant_time_equal(*form_csrf(req), session->csrf) || session->csrf.empty())) {
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

void send_office_plain_page(const httplib::Request& req, httplib::Response& res, int status, const char* title_key,
                            const char* body_key) {
    const Lang lang = page_language(req, std::nullopt);
    PageData d;
    d.set("title", text(lang, title_key));
    d.set("body", text(lang, body_key));
    d.set("home", text(lang, "office.depot"));
    const std::string body = render_view(R"(<h1>{{title}}</h1><p>{{body}}</p><p><a href="/">{{home}}</a></p>)", d);
    send_office_page(res, status, render_layout(lang, text(lang, title_key), body, "/static/office.css"));
}

}  // namespace fc
