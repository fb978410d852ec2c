// The receipt's notice pages: not received yet (with or without the PDF asked for), and the one
// "not found" every wrong link gets.
#include "catalogue/catalogue.h"
#include "sync/depot/web/receipt_views.h"
#include "sync/depot/web/web_page.h"

namespace fc {
namespace {

constexpr const char* kReceiptNoticeView = R"html(<h1>{{title}}</h1>
<p>{{text}}</p>
)html";

const char* notice_key(ReceiptNotice n) {
    switch (n) {
        case ReceiptNotice::NotReceivedYet: return "receipt_page.waiting";
        case ReceiptNotice::NoPdfYet: return "receipt_page.no_pdf_yet";
        case ReceiptNotice::NotFound: return "receipt_page.unknown";
        case ReceiptNotice::Busy: return "receipt_page.busy";
    }
    return "receipt_page.unknown";
}

}  // namespace

std::string receipt_notice_view(Lang lang, ReceiptNotice notice) {
    const std::string key = notice_key(notice);
    PageData d;
    d.set("title", text(lang, key + ".title"));
    d.set("text", text(lang, key + ".text"));
    return render_page(lang, text(lang, key + ".title"), kReceiptNoticeView, d);
}

}  // namespace fc
