#pragma once
// The back office's routes (server-rendered pages on the depot's own port): one function each, one
// file each in this folder, installed from the table in office_routes.cpp behind the session, role
// and form-token checks. The login routes (login_page.cpp) are the only ones without a session.
#include <httplib.h>

#include <vector>

#include "sync/depot/office/office_context.h"
#include "sync/depot/routes/depot_routes.h"

namespace fc {

inline constexpr std::size_t kMaxOfficeFormBytes = 16u << 20;  // a planning sheet of a busy year
inline constexpr const char* kSessionCookie = "fc_session";

// Installs every back-office route on `http`; `ctx` is copied into each.
void install_office_routes(httplib::Server& http, const RouteContext& ctx);
// The log's name of a back-office route ("/visits/{id}"); nullptr when the path is none of them.
const char* office_route_name(const httplib::Request& req);
// One session route as the table holds it (for the test that tries every route with every role).
struct OfficeRouteInfo {
    bool post = false;
    const char* log_name;
    const char* example;
    OfficeArea area;
    OfficeAccess access;
};
std::vector<OfficeRouteInfo> office_route_list();

// The 404 page of a path that is not the API's, in the browser's language (no session needed).
void send_office_not_found(const httplib::Request& req, httplib::Response& res);

// --- without a session (login_page.cpp) ---
// GET /: the visits when logged in, the login page otherwise.
void root_route(const RouteContext&, const httplib::Request&, httplib::Response&);
// GET /login[?next=PATH]: the login form.
void login_page_route(const RouteContext&, const httplib::Request&, httplib::Response&);
// POST /login: name, password, the login form's token; a new session and its cookie.
void login_post_route(const RouteContext&, const httplib::Request&, httplib::Response&);
// POST /logout: ends the session.
void logout_route(const OfficeContext&, const httplib::Request&, httplib::Response&);

// --- visits, a visit, a customer, their photos (visits area) ---
// GET /visits[?from&to&technician&template&outcome&cause&precheck&channel&flag&page]: the list (visit_list_page.cpp).
void visit_list_route(const OfficeContext&, const httplib::Request&, httplib::Response&);
// GET /visits/{id}: one visit replayed from its record, or what became of it (visit_page.cpp).
void visit_page_route(const OfficeContext&, const httplib::Request&, httplib::Response&);
// GET /visits/{id}/files/{sha256}: a photo or signature the visit names, only as a JPEG or PNG.
void visit_file_route(const OfficeContext&, const httplib::Request&, httplib::Response&);
// GET /customers/{id} and /jobs/{id}: the customer's (or the job's) whole story (customer_page.cpp).
void customer_page_route(const OfficeContext&, const httplib::Request&, httplib::Response&);
void job_page_route(const OfficeContext&, const httplib::Request&, httplib::Response&);

// --- satisfaction, failures, integrity (statistics) ---

// --- templates, planning, devices (manage area) ---

// --- users (users area) ---

}  // namespace fc
