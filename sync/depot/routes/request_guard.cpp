#include "sync/depot/routes/request_guard.h"

#include <cstdint>
#include <string_view>

#include "sync/depot/depot_connection.h"
#include "sync/depot/routes/request_body.h"
#include "sync/depot/routes/route_replies.h"
#include "sync/wire/wire_enrollment.h"
#include "sync/depot/office/office_routes.h"
#include "sync/depot/web/survey_answers.h"
#include "sync/depot/web/page_language.h"
#include "sync/depot/web/receipt_views.h"
#include "sync/depot/web/survey_views.h"
#include "sync/depot/web/web_headers.h"
#include "sync/depot/web/web_page.h"

namespace fc {
namespace {

bool starts_with(const std::string& s, std::string_view prefix) { return s.rfind(prefix, 0) == 0; }

// The framing problem that refuses this request before any body byte is read, if any.
std::optional<Error> framing_problem(const httplib::Request& req) {
    const bool upload = req.method == "PUT" && (starts_with(req.path, "/api/v1/attachments/") ||
                                                starts_with(req.path, "/api/v1/visits/") ||
                                                starts_with(req.path, "/api/v1/set-aside/") ||
                                                req.path == "/api/v1/survey-key");
    // The enrollment routes take a small JSON body with a declared length, never a chunked one.
    const bool small_body = (req.method == "POST" && req.path == "/api/v1/enroll") ||
                            (req.method == "PUT" && req.path == "/api/v1/device-key");
    // The phone survey's form: small, and read whole by cpp-httplib, so bounded here before it is.
    const bool survey_form = req.method == "POST" && starts_with(req.path, "/s/");
    // The back office's forms (login, uploads of templates and planning sheets): read whole by
    // cpp-httplib too, so bounded here; a browser never sends them chunked.
    const bool office_form = req.method == "POST" && !starts_with(req.path, "/api/") && !survey_form;
    const std::size_t limit = upload        ? kMaxDrainedBytes
                              : small_body  ? kMaxEnrollmentBodyBytes
                              : survey_form ? kMaxSurveyFormBytes
                              : office_form ? kMaxOfficeFormBytes
                                            : 0;
    const auto length = content_length(req);
    if (length && *length < 0) return make_error(ErrorCode::bad_length, "the Content-Length header is not a number");
    const bool chunked = req.has_header("Transfer-Encoding");
    if (length && chunked) {
        // RFC 9112 6.3: a request framed both ways is a smuggling attempt, not a tablet.
        return make_error(ErrorCode::bad_length, "a request has a Content-Length or a Transfer-Encoding, not both");
    }
    if ((length && static_cast<std::uint64_t>(*length) > limit) || (!upload && chunked)) {
        return make_error(ErrorCode::too_large, upload       ? "the body is far larger than any upload"
                                                : small_body ? "an enrollment body is at most 4 KiB, with a Content-Length"
                                                : survey_form ? "the survey form is larger than any survey's answers"
                                                : office_form ? "a back-office form is at most 16 MiB"
                                                             : "this request takes no body");
    }
    // A browser sends every back-office form with its length; only the survey's form was ever let through without.
    if (!upload && !survey_form && !length && reads_body_until_close(req.method)) {
        return make_error(ErrorCode::length_required, small_body || office_form ? "send the body with a Content-Length"
                                                                                : "this request takes no body; send Content-Length: 0");
    }
    return std::nullopt;
}

// A head cut off by its deadline or size cap, or by the depot stopping: the connection ends after
// this answer, and the answer says why. A 400 would make the tablet set the visit aside for good
// over what was only a stalled link or a restart.
Error head_cut_error(DepotStream::Cut cut) {
    switch (cut) {
        case DepotStream::Cut::HeadTimeout:
            return make_error(ErrorCode::head_timeout, "the request did not arrive within the depot's deadline; try again");
        case DepotStream::Cut::HeadTooLarge:
            return make_error(ErrorCode::head_too_large, "the request's head is larger than the depot reads");
        case DepotStream::Cut::None:
        case DepotStream::Cut::PeerClosed:
        case DepotStream::Cut::Broken:
        case DepotStream::Cut::BodyTimeout:
        case DepotStream::Cut::BodyTooSlow:
        case DepotStream::Cut::BodyLineTooLong:
        case DepotStream::Cut::Stopping:
            break;
    }
    return make_error(ErrorCode::stopping, "the depot is stopping; try again in a moment");
}

}  // namespace

httplib::Server::HandlerResponse guard_request(const httplib::Request& req, httplib::Response& res) {
    // cpp-httplib calls this hook once the head is parsed and before it reads any body byte:
    // the end of the head phase (its deadline, byte cap and per-address seat).
    if (IncomingConnection* connection = IncomingConnection::current()) connection->head_read();
    // Why: cpp-httplib applies a Range header to every answer, so "Range: bytes=0-5" would cut a
    // receipt or an error to a few bytes under a 200, or wrap it in multipart. No route here
    // serves parts of anything. The Request is a non-const object inside cpp-httplib, handed to
    // this hook as const; clearing its parsed ranges is the only way to ignore the header.
    const_cast<httplib::Request&>(req).ranges.clear();
    if (const auto problem = framing_problem(req)) {
        reply_error_and_close(res, *problem);
        return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
}

httplib::Server::HandlerResponse answer_unrouted(const httplib::Request& req, httplib::Response& res) {
    if (const IncomingConnection* connection = IncomingConnection::current(); connection && connection->head_cut()) {
        reply_error(res, head_cut_error(connection->cut()));
        res.set_header("Connection", "close");
        return httplib::Server::HandlerResponse::Handled;
    }
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    // A customer's link of no known shape ("/s/../../etc"): the same clear page as a wrong code.
    if (res.status == 404 && starts_with(req.path, "/s/")) {
        send_page(res, 404, survey_notice_view(page_language(req, std::nullopt), SurveyNotice::Unknown));
        return httplib::Server::HandlerResponse::Handled;
    }
    // A receipt link another method asked for (POST /r/…): the receipt route's one "not found" page.
    if (res.status == 404 && starts_with(req.path, "/r/")) {
        send_page(res, 404, receipt_notice_view(page_language(req, std::nullopt), ReceiptNotice::NotFound));
        return httplib::Server::HandlerResponse::Handled;
    }
    // Any other path a browser may ask for (not the API's): a page, in the browser's language.
    if (res.status == 404 && !starts_with(req.path, "/api/")) {
        send_office_plain_page(req, res, 404, "office.not_found.title", "office.not_found.body");
        return httplib::Server::HandlerResponse::Handled;
    }
    // A back-office form over cpp-httplib's limit for a form without files (8 KiB: no field is that long).
    if (res.status == 413 && !starts_with(req.path, "/api/")) {
        send_office_plain_page(req, res, 413, "office.too_large.title", "office.too_large.body");
        return httplib::Server::HandlerResponse::Handled;
    }
    if (res.status == 404) reply_error(res, make_error(ErrorCode::not_found, "there is no such route in API v1"));
    else if (res.status == 413) reply_error(res, make_error(ErrorCode::too_large, "the body is larger than this route accepts"));
    else if (res.status == 414) reply_error(res, make_error(ErrorCode::uri_too_long, "the request's path is longer than the depot reads"));
    else reply_error(res, make_error(ErrorCode::bad_request, "the request could not be read"));
    return httplib::Server::HandlerResponse::Handled;
}

// Runs on every answer just before it is written (ours, or cpp-httplib's for the last request).
void close_when_answer_says(const httplib::Request& req, httplib::Response& res) {
    // A customer's page refused before its route ran (a hostile path, a form too large) still gets
    // the pages' security headers: those answers reach a browser too.
    const bool page = starts_with(req.path, "/s/") || starts_with(req.path, "/static/") ||
                      (starts_with(req.path, "/r/") && res.get_header_value("Content-Type") != "application/pdf");
    if (page && !res.has_header("Content-Security-Policy")) set_page_security_headers(res);
    if (res.get_header_value("Connection") != "close") return;
    res.headers.erase("Connection");
    res.headers.erase("Keep-Alive");
    res.set_header("Connection", "close");
    if (IncomingConnection* connection = IncomingConnection::current()) connection->close_after_answer();
}

void answer_failed_route(const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    reply_error_and_close(res, make_error(ErrorCode::internal, "the depot failed while handling this request; try again"));
}

}  // namespace fc
