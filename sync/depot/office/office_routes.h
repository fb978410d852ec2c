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

// A page for an answer cpp-httplib made before any route ran, on a path that is not the API's (404: no
// such page; 413: a form larger than cpp-httplib reads), in the browser's language, no session needed.
void send_office_plain_page(const httplib::Request& req, httplib::Response& res, int status, const char* title_key,
                            const char* body_key);

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
// GET /satisfaction[?from&to&technician&template]: smileys per touchpoint, weekly trend, per
// technician and template; flagged surveys apart (satisfaction_page.cpp).
void satisfaction_route(const OfficeContext&, const httplib::Request&, httplib::Response&);
// GET /failures[?from&to&template]: why visits were not possible, as a Pareto per week and template;
// the prechecks not met and how often the intake had confirmed them (failures_page.cpp).
void failures_route(const OfficeContext&, const httplib::Request&, httplib::Response&);
// GET /integrity[?from&to&page]: flagged surveys and each technician's survey statistics with the
// reasons in words (integrity_page.cpp).
void integrity_route(const OfficeContext&, const httplib::Request&, httplib::Response&);

// --- templates, planning, devices (manage area) ---
// GET /templates: every template id and its versions, and the upload form (template_list_page.cpp).
void templates_page_route(const OfficeContext&, const httplib::Request&, httplib::Response&);
// POST /templates: a template file checked like check-template, imported like template import (template_upload.cpp).
void template_upload_route(const OfficeContext&, const httplib::Request&, httplib::Response&);
// GET /templates/{id}/compare?from=V1&to=V2: two versions item by item (template_compare_page.cpp).
void template_compare_route(const OfficeContext&, const httplib::Request&, httplib::Response&);
// GET /planning: the planning-sheet upload form and the planner's to-do (planning_page.cpp).
void planning_page_route(const OfficeContext&, const httplib::Request&, httplib::Response&);
// POST /planning: a planning sheet, all or nothing like assign (planning_upload.cpp).
void planning_upload_route(const OfficeContext&, const httplib::Request&, httplib::Response&);
// GET /devices: device keys, enrollment codes (never a code) and bearer tokens (devices_page.cpp).
void devices_page_route(const OfficeContext&, const httplib::Request&, httplib::Response&);
// POST /devices/enroll-code: a new one-time code, shown once as digits and QR code (enroll_code_page.cpp).
void enroll_code_route(const OfficeContext&, const httplib::Request&, httplib::Response&);
// POST /devices/{key}/revoke and /devices/tokens/{id}/revoke (device_revoke.cpp).
void device_key_revoke_route(const OfficeContext&, const httplib::Request&, httplib::Response&);
void device_token_revoke_route(const OfficeContext&, const httplib::Request&, httplib::Response&);

// --- users (users area) ---
// GET /users: every account, with the forms below (admin).
void users_page_route(const OfficeContext&, const httplib::Request&, httplib::Response&);
// POST /users/add: name, role, language, password and again.
void user_add_route(const OfficeContext&, const httplib::Request&, httplib::Response&);
// POST /users/{name}/disable | /role (role) | /password (password, again): each ends the account's sessions.
void user_disable_route(const OfficeContext&, const httplib::Request&, httplib::Response&);
void user_role_route(const OfficeContext&, const httplib::Request&, httplib::Response&);
void user_password_route(const OfficeContext&, const httplib::Request&, httplib::Response&);
// GET /account: one's own account; POST /account/language (language): one's own pages' language.
void account_page_route(const OfficeContext&, const httplib::Request&, httplib::Response&);
void account_language_route(const OfficeContext&, const httplib::Request&, httplib::Response&);

}  // namespace fc
