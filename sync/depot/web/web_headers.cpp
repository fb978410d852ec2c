#include "sync/depot/web/web_headers.h"

namespace fc {
namespace {

// Plain and readable on a small phone in sunlight; no web fonts, no images, nothing fetched elsewhere.
constexpr const char* kSiteCss = R"css(body{font-family:system-ui,sans-serif;margin:0;padding:1rem;max-width:36rem;
margin-inline:auto;line-height:1.5;color:#1b1b1b;background:#fff}
h1{font-size:1.4rem}fieldset{border:1px solid #ccc;border-radius:.5rem;margin:0 0 1rem;padding:.75rem}
legend{font-weight:600;padding:0 .25rem}.scale{display:flex;gap:.5rem;flex-wrap:wrap}
.scale label{display:flex;flex-direction:column;align-items:center;min-width:3rem;padding:.5rem;
border:1px solid #bbb;border-radius:.5rem}.scale input{width:1.5rem;height:1.5rem}
.ends{display:flex;justify-content:space-between;color:#555;font-size:.9rem}
textarea{width:100%;box-sizing:border-box;min-height:6rem;font:inherit}
button{font:inherit;font-size:1.1rem;padding:.75rem 1.5rem;border:0;border-radius:.5rem;background:#1d6b3a;color:#fff}
.problem{border-left:4px solid #b3261e;padding-left:.75rem}.muted{color:#555}
.verified{border-left:4px solid #1d6b3a;padding-left:.75rem;font-weight:600}
.practice{background:#fde68a;padding:.5rem;font-weight:700}dt{font-weight:600}dd{margin:0 0 .5rem}
code{word-break:break-all}
)css";

}  // namespace

void set_page_security_headers(httplib::Response& res) {
    res.set_header("Content-Security-Policy",
                   "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("X-Frame-Options", "DENY");
    res.set_header("Referrer-Policy", "no-referrer");
    // A survey link is a one-time secret: no cache on the way may keep a copy of the page.
    res.headers.erase("Cache-Control");  // every answer starts with the depot default
    res.set_header("Cache-Control", "no-store");
}

void set_document_security_headers(httplib::Response& res) {
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("X-Frame-Options", "DENY");
    res.set_header("Referrer-Policy", "no-referrer");
    res.headers.erase("Cache-Control");  // every answer starts with the depot default
    res.set_header("Cache-Control", "no-store");
}

void site_css_route(httplib::Response& res) {
    set_page_security_headers(res);
    res.headers.erase("Cache-Control");  // every answer starts with the depot default
    res.set_header("Cache-Control", "public, max-age=3600");
    res.status = 200;
    res.set_content(kSiteCss, "text/css; charset=utf-8");
}

}  // namespace fc
