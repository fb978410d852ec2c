#pragma once
// The security headers of every public page: a Content-Security-Policy without inline script or
// style (the CSS is a file of its own), no sniffing, no framing, no referrer (the URL holds the code).
#include <httplib.h>

namespace fc {

void set_page_security_headers(httplib::Response& res);

// The one stylesheet the pages link (GET /static/site.css), served with the same headers.
void site_css_route(httplib::Response& res);

}  // namespace fc
