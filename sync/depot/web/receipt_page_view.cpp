// The receipt as the depot's page: the Receipt model's own words (receipt/receipt.h) in its order,
// under the word that the depot checked it against the record it holds; and its PDF, drawn by the
// same code the tablet draws it with.
#include "catalogue/catalogue.h"
#include "receipt/receipt.h"
#include "receipt/receipt_pdf.h"
#include "sync/depot/web/receipt_views.h"
#include "sync/depot/web/web_page.h"

namespace fc {
namespace {

// Every value is escaped ({{ }}); the links are relative to the page, whose last segment is the
// code, so they carry nothing but the code the route already checked.
constexpr const char* kReceiptView = R"html({{#practice}}<p class="practice">{{practice}}</p>
{{/practice}}<h1>{{title}}</h1>
<p class="verified">{{verified}}</p>
<dl>
{{#facts}}<dt>{{label}}</dt><dd>{{value}}</dd>
{{/facts}}</dl>
{{#sections}}<h2>{{heading}}</h2>
{{#has_fields}}<dl>
{{#fields}}<dt>{{label}}</dt><dd>{{value}}</dd>
{{/fields}}</dl>
{{/has_fields}}{{#has_lines}}<ul>
{{#lines}}<li>{{line}}</li>
{{/lines}}</ul>
{{/has_lines}}{{/sections}}<p>{{privacy}}</p>
<p class="seal">{{seal_label}}: <code>{{seal_value}}</code></p>
<p><a href="./{{code}}.pdf">{{pdf_a4}}</a></p>
<p><a href="./{{code}}.pdf?paper=80mm">{{pdf_roll}}</a></p>
)html";

PageData field_list(const std::vector<ReceiptField>& fields) {
    PageData list{PageData::type::list};
    for (const ReceiptField& f : fields) {
        PageData item;
        item.set("label", f.label);
        item.set("value", f.value);
        list.push_back(item);
    }
    return list;
}

PageData section_list(const std::vector<ReceiptSection>& sections) {
    PageData list{PageData::type::list};
    for (const ReceiptSection& s : sections) {
        PageData item;
        item.set("heading", s.heading);
        item.set("has_fields", PageData(!s.fields.empty()));
        item.set("fields", field_list(s.fields));
        item.set("has_lines", PageData(!s.lines.empty()));
        PageData lines{PageData::type::list};
        for (const std::string& line : s.lines) {
            PageData l;
            l.set("line", line);
            lines.push_back(l);
        }
        item.set("lines", lines);
        list.push_back(item);
    }
    return list;
}

}  // namespace

Expected<std::string> receipt_page_view(const Visit& received, std::string_view code) {
    auto receipt = make_receipt(received, code);
    if (!receipt) return receipt.error();
    const Lang lang = receipt->lang;
    PageData d;
    if (receipt->practice) d.set("practice", receipt->practice_mark);
    d.set("title", receipt->title);
    d.set("verified", text(lang, "receipt_page.verified"));
    d.set("facts", field_list(receipt->facts));
    d.set("sections", section_list(receipt->sections));
    d.set("privacy", receipt->privacy);
    d.set("seal_label", receipt->seal.label);
    d.set("seal_value", receipt->seal.value);
    d.set("code", std::string(code));
    d.set("pdf_a4", text(lang, "receipt_page.pdf_a4"));
    d.set("pdf_roll", text(lang, "receipt_page.pdf_roll"));
    return render_page(lang, receipt->title, kReceiptView, d);
}

std::string receipt_short_seal(std::string_view seal) { return short_seal(seal); }

Expected<std::string> receipt_pdf_bytes(const Visit& received, std::string_view code, Paper paper) {
    auto receipt = make_receipt(received, code);
    if (!receipt) return receipt.error();
    return receipt_pdf(*receipt, paper);
}

}  // namespace fc
