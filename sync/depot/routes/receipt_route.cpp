// GET /r/{visit}/{code}[.pdf[?paper=80mm]]: the customer's receipt, re-rendered from the record the
// depot received and checked against the hash it sealed; before the visit arrived, a code the
// assigned technician's survey keys make says "not received yet". Every other link gets the one
// "not found" page, byte for byte, so the page never tells a guesser which visit ids exist or
// which hold a receipt.
#include <string>
#include <string_view>

#include "sync/depot/depot_ingest.h"
#include "sync/depot/http_status.h"
#include "sync/depot/routes/depot_routes.h"
#include "sync/depot/web/page_language.h"
#include "sync/depot/web/receipt_views.h"
#include "sync/depot/web/web_headers.h"
#include "sync/depot/web/web_page.h"
#include "sync/wire/survey_code.h"
#include "sync/wire/wire_ids.h"

namespace fc {
namespace {

// What the path asks for, once its shape is known to be a receipt link's.
struct ReceiptLink {
    std::string visit_id;
    std::string code;
    bool pdf = false;
    Paper paper = Paper::A4;
};

bool is_code_shape(std::string_view code) {
    if (code.size() != kSurveyCodeLength) return false;
    for (const char c : code) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        if (!ok) return false;
    }
    return true;
}

// The route takes everything after "/r/", so every link under it, of any shape, reaches this
// check and gets the one "not found" page.
std::optional<ReceiptLink> read_link(const httplib::Request& req) {
    const std::string rest = req.matches[1];
    const auto slash = rest.find('/');
    if (slash == std::string::npos) return std::nullopt;
    ReceiptLink link{rest.substr(0, slash), rest.substr(slash + 1)};
    constexpr std::string_view kPdf = ".pdf";
    if (link.code.size() > kPdf.size() && link.code.ends_with(kPdf)) {
        link.code.resize(link.code.size() - kPdf.size());
        link.pdf = true;
    }
    if (req.has_param("paper")) {
        const auto paper = paper_from_string(req.get_param_value("paper"));
        if (!link.pdf || !paper) return std::nullopt;
        link.paper = *paper;
    }
    if (!is_wire_id(link.visit_id) || !is_code_shape(link.code)) return std::nullopt;
    return link;
}

void not_found(httplib::Response& res, const httplib::Request& req) {
    // Accept-Language only: the visit's template would tell which visit ids exist.
    send_page(res, http_status(ErrorCode::not_found), receipt_notice_view(page_language(req, std::nullopt), ReceiptNotice::NotFound));
}

void unavailable(httplib::Response& res, const httplib::Request& req, const Error& e) {
    send_page(res, http_status(storage_failure(e).code), receipt_notice_view(page_language(req, std::nullopt), ReceiptNotice::Busy));
}

// A good code whose visit has not arrived: made from each of the assigned technician's survey keys,
// all of them compared in constant time, so timing tells nothing about which key (or whether one) fits.
bool code_made_for(const RouteContext& ctx, const Assignment& a, const std::string& code) {
    auto keys = ctx.store.survey_keys(a.technician_id);
    if (!keys) return false;
    bool fits = false;
    for (const std::string& key : *keys) fits = receipt_code_matches(code, receipt_code_hash(receipt_code(key, a.visit_id))) || fits;
    return fits;
}

void send_waiting(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res, const ReceiptLink& link,
                  const Assignment& a) {
    if (!code_made_for(ctx, a, link.code)) return not_found(res, req);
    auto checklist = ctx.store.template_for(a.template_id, a.template_version);
    const Lang lang = page_language(req, checklist ? std::optional<std::string>((*checklist)->language) : std::nullopt);
    if (link.pdf) return send_page(res, http_status(ErrorCode::not_found), receipt_notice_view(lang, ReceiptNotice::NoPdfYet));
    send_page(res, 200, receipt_notice_view(lang, ReceiptNotice::NotReceivedYet));
}

void send_received(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res, const ReceiptLink& link,
                   const std::string& record_text) {
    auto record = decode_visit_record(record_text);
    if (!record) return unavailable(res, req, make_error(ErrorCode::corrupt, record.error().message));
    auto checklist = ctx.store.template_for(record->template_id, record->template_version);
    if (!checklist) return unavailable(res, req, checklist.error());
    auto visit = replay_visit(*record, *checklist);
    if (!visit) return unavailable(res, req, make_error(ErrorCode::corrupt, visit.error().message));
    // Checked here as well as in make_receipt: a visit without a receipt and a wrong code must take
    // the same way to the same page.
    const bool fits = visit->receipt() && receipt_code_matches(link.code, visit->receipt()->code_hash);
    if (!fits) return not_found(res, req);
    if (!link.pdf) {
        auto page = receipt_page_view(*visit, link.code);
        if (!page) return not_found(res, req);
        return send_page(res, 200, std::move(page).value());
    }
    auto pdf = receipt_pdf_bytes(*visit, link.code, link.paper);
    if (!pdf) return unavailable(res, req, pdf.error());
    set_document_security_headers(res);
    // The visit id is a wire id (letters, digits, '-', '_'): safe inside the quotes.
    res.set_header("Content-Disposition", "inline; filename=\"receipt-" + link.visit_id + ".pdf\"");
    res.status = 200;
    res.set_content(std::move(pdf).value(), "application/pdf");
}

}  // namespace

void receipt_route(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res, const httplib::ContentReader*) {
    const auto link = read_link(req);
    if (!link) return not_found(res, req);
    auto assignment = ctx.store.assignment(link->visit_id);
    if (!assignment) return unavailable(res, req, assignment.error());
    if (!*assignment) return not_found(res, req);
    auto record = ctx.store.visit_record(link->visit_id);
    if (!record) return unavailable(res, req, record.error());
    if (!*record) return send_waiting(ctx, req, res, *link, **assignment);
    send_received(ctx, req, res, *link, **record);
}

}  // namespace fc
