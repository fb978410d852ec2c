#pragma once
// The back office's frame: every page inside one layout with the navigation its role may use, the
// account's name, the logout button and the session's form token ({{csrf}} in every view), in the
// account's language; sent with the back office's headers (never cached, images only from here).
#include <httplib.h>

#include <string>

#include "checklists/expected.h"
#include "sync/depot/office/office_context.h"
#include "sync/depot/web/web_page.h"

namespace fc {

// Renders `view` with `data` (plus {{csrf}}) inside the frame; `title` is the page's heading and tab title.
std::string render_office_page(const OfficeContext& ctx, const std::string& title, const std::string& view, PageData data);

// A role as the account's language names it ("kwaliteit").
std::string role_label(Lang lang, OfficeRole role);

// Sends `html` with status `status` and the back office's security headers.
void send_office_page(httplib::Response& res, int status, std::string html);

// An error as a page: its status from the one table (http_status.h), its sentence from the
// catalogue in the account's language.
void send_office_error(const OfficeContext& ctx, httplib::Response& res, const Error& error);

// The back office's headers: the pages' own, with images from the depot itself (photos, QR codes)
// and no copy kept by any cache.
void set_office_security_headers(httplib::Response& res);

// GET /static/office.css: the back office's stylesheet (wide tables, charts, print without the navigation).
void office_css_route(httplib::Response& res);

}  // namespace fc
