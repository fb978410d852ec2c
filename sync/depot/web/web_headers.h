#pragma once
// The security headers of every public page: a Content-Security-Policy without inline script or
// style (the CSS is a file of its own), no sniffing, no framing, no referrer (the URL holds the code).
#include <httplib.h>

namespace fc {

void set_page_security_headers(httplib::Response& res);
// The same for a document a browser shows with its own viewer (the receipt's PDF), without the
// Content-Security-Policy: a browser's PDF viewer is a plugin that `default-src 'none'` would block.
void set_document_security_headers(httplib::Response& res);

// The one stylesheet the pages link (GET /static/site.css), served with the same headers.
void site_css_route(httplib::Response& res);

}  // namespace fc
