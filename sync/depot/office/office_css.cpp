// The back office's stylesheet: wide, dense tables for a desk screen; charts drawn by the server as
// SVG take their colours from here (classes, no inline style: the pages' CSP forbids it); printed
// pages drop the navigation and the forms.
#include "sync/depot/office/office_page.h"

namespace fc {
namespace {

constexpr const char* kOfficeCss = R"css(body{font-family:system-ui,sans-serif;margin:0;padding:0 1.25rem 2rem;
line-height:1.45;color:#1b1b1b;background:#fff;max-width:80rem;margin-inline:auto}
.office-bar{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1rem;padding:.6rem 0;border-bottom:1px solid #ccc}
.office-bar .brand{font-weight:700}.office-bar nav{display:flex;flex-wrap:wrap;gap:.25rem .9rem;flex:1}
.office-bar nav a{color:#1b4f8a;text-decoration:none}.office-bar nav a[aria-current]{font-weight:700;text-decoration:underline}
.logout{display:flex;gap:.5rem;align-items:center}.logout button{padding:.25rem .75rem;font-size:.9rem}
h1{font-size:1.5rem;margin:1rem 0 .75rem}h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}th,td{text-align:left;padding:.3rem .5rem;
border-bottom:1px solid #e2e2e2;vertical-align:top}th{background:#f4f4f4}td.num,th.num{text-align:right;
font-variant-numeric:tabular-nums}
form.filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:flex-end;margin:.5rem 0 1rem}
form.filters label{display:flex;flex-direction:column;font-size:.9rem}
input,select,textarea,button{font:inherit}button{padding:.4rem 1rem;border:0;border-radius:.35rem;background:#1d6b3a;color:#fff}
button.danger{background:#b3261e}.problem{border-left:4px solid #b3261e;padding-left:.75rem}
.ok{border-left:4px solid #1d6b3a;padding-left:.75rem}.muted{color:#555}.flag{color:#b3261e;font-weight:600}
.pager{display:flex;gap:1rem;margin:1rem 0}dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}
dl.facts dt{font-weight:600}dl.facts dd{margin:0}img.thumb{max-width:10rem;max-height:8rem;border:1px solid #ccc}
code{word-break:break-all}.added{background:#e6f4ea}.removed{background:#fdecea}.changed{background:#fff8e1}
svg.chart{max-width:100%;height:auto;font-family:system-ui,sans-serif}svg.chart text{font-size:11px;fill:#333}
svg.chart .axis{stroke:#999;stroke-width:1}svg.chart .grid{stroke:#e5e5e5;stroke-width:1}
svg.chart .bar{fill:#1b4f8a}svg.chart .line{fill:none;stroke:#1b4f8a;stroke-width:2}
svg.chart .cumulative{fill:none;stroke:#b3261e;stroke-width:2}
svg.chart .s1{fill:#b3261e}svg.chart .s2{fill:#e8710a}svg.chart .s3{fill:#f9ab00}svg.chart .s4{fill:#7cb342}
svg.chart .s5{fill:#1d6b3a}.qr svg{width:14rem;height:14rem}
/* templates, planning, devices */
.notice{border-left:4px solid #1b4f8a;padding-left:.75rem}.enroll-digits{font-size:2rem;letter-spacing:.1em;
font-variant-numeric:tabular-nums}ul.fields{margin:0;padding-left:1rem}del{color:#b3261e}ins{color:#1d6b3a;text-decoration:none}
form.inline{display:inline-flex;flex-wrap:wrap;gap:.3rem .5rem;align-items:center;margin:.15rem .75rem .15rem 0}
table.users td{vertical-align:middle}.user-add input,.user-add select{min-width:16rem}
@media print{.no-print{display:none}}
svg.chart .dot{fill:#1b4f8a}svg.chart .cumulative-dot{fill:#b3261e}
section.flagged-apart{border-left:4px solid #e8710a;padding-left:.75rem;margin:1.5rem 0}
caption{text-align:left;font-weight:600;padding:.25rem 0;caption-side:top}td ul,td ul.flag{margin:0;padding-left:1.1rem}
@media print{svg.chart{max-width:100%;page-break-inside:avoid;print-color-adjust:exact;-webkit-print-color-adjust:exact}section{page-break-inside:auto}table{page-break-inside:auto}
tr{page-break-inside:avoid}svg.chart .s1,svg.chart .s2,svg.chart .s3,svg.chart .s4,svg.chart .s5,svg.chart .bar{stroke:#000;stroke-width:.5}}
/* visits, a visit, a customer (i14-visits) */
.message{white-space:pre-line;border-left:4px solid #1b4f8a;padding-left:.75rem}ol.story,ul.story{padding-left:1.25rem}
ol.story>li{margin-bottom:1rem}table.audit td{font-size:.9rem}table.visits td{overflow-wrap:anywhere}
dl.facts dd{overflow-wrap:anywhere}@media print{img.thumb{max-width:6rem}}
@media print{.office-bar,form,.pager{display:none}body{max-width:none;padding:0}a{color:inherit;text-decoration:none}}
)css";

}  // namespace

void office_css_route(httplib::Response& res) {
    set_office_security_headers(res);
    res.headers.erase("Cache-Control");  // every answer starts with the depot default
    res.set_header("Cache-Control", "public, max-age=3600");
    res.status = 200;
    res.set_content(kOfficeCss, "text/css; charset=utf-8");
}

}  // namespace fc
