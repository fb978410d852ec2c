#include "depot_server.h"

#include <httplib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <thread>

#include "checklists/sha256.h"
#include "checklists/time_format.h"
#include "sync/depot/depot_attachments.h"
#include "sync/depot/depot_connection.h"
#include "sync/depot/depot_ingest.h"
#include "sync/wire/wire_assignment_page.h"
#include "sync/wire/broken_pipe.h"
#include "sync/wire/wire_ids.h"
#include "sync/wire/wire_messages.h"

namespace fc {
namespace {

constexpr const char* kJson = "application/json";

void reply(httplib::Response& res, const DepotReply& r) {
    res.status = r.status;
    res.set_content(r.body, kJson);
}

void reply_error(httplib::Response& res, const Error& e) { reply(res, depot_error_reply(e)); }

void reply_error(httplib::Response& res, ErrorCode code, const std::string& message) {
    reply_error(res, make_error(code, message));
}

// For answers given before the request body was read: the unread bytes would otherwise be taken for
// the next request on this keep-alive connection.
void reply_error_and_close(httplib::Response& res, const Error& e) {
    reply_error(res, e);
    res.set_header("Connection", "close");
}

void reply_error_and_close(httplib::Response& res, ErrorCode code, const std::string& message) {
    reply_error_and_close(res, make_error(code, message));
}

bool starts_with(const std::string& s, std::string_view prefix) { return s.rfind(prefix, 0) == 0; }

constexpr std::string_view kBearer = "Bearer ";

// "Bearer TOKEN"; the scheme name is case-insensitive (RFC 7235), so "bearer TOKEN" counts too.
bool is_bearer_scheme(const std::string& header) {
    if (header.size() <= kBearer.size()) return false;
    for (std::size_t i = 0; i < kBearer.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(header[i])) != std::tolower(static_cast<unsigned char>(kBearer[i]))) {
            return false;
        }
    }
    return true;
}

// Splits "ID/VERSION" (the rest of a template path); false for any other shape.
bool split_template_path(const std::string& rest, std::string& id, std::int64_t& version) {
    const auto slash = rest.find('/');
    if (slash == std::string::npos) return false;
    id = rest.substr(0, slash);
    const auto v = parse_wire_number(std::string_view(rest).substr(slash + 1));
    if (!is_wire_id(id) || !v || *v > 1'000'000'000) return false;
    version = *v;
    return true;
}

// Route names for the log: never the raw path, which may carry anything a client sent.
const char* route_name(const httplib::Request& req) {
    const std::string& p = req.path;
    if (p == "/healthz") return "/healthz";
    if (p == "/api/v1/templates") return "/api/v1/templates";
    if (starts_with(p, "/api/v1/templates/")) return "/api/v1/templates/{id}/{version}";
    if (p == "/api/v1/assignments") return "/api/v1/assignments";
    if (starts_with(p, "/api/v1/attachments/")) return "/api/v1/attachments/{sha256}";
    if (starts_with(p, "/api/v1/visits/")) return "/api/v1/visits/{id}";
    return "(no such route)";
}

BadTokenThrottle::Settings throttle_settings(const DepotServerOptions& o) {
    BadTokenThrottle::Settings s;
    s.burst = o.bad_token_burst;
    s.refill_ms = std::int64_t{o.bad_token_refill_s} * 1000;
    return s;
}

std::chrono::milliseconds seconds_ms(int s) { return std::chrono::milliseconds(std::int64_t{std::max(0, s)} * 1000); }

DepotConnectionSettings connection_settings(const DepotServerOptions& o, httplib::Headers answer_headers) {
    DepotConnectionSettings c;
    c.limits.head_timeout = seconds_ms(o.request_head_timeout_s);
    c.limits.max_head_bytes = o.max_request_head_bytes;
    c.limits.read_timeout = seconds_ms(o.read_timeout_s);
    c.limits.write_timeout = seconds_ms(o.write_timeout_s);
    c.limits.slow_body_grace = seconds_ms(o.slow_body_grace_s);
    c.limits.min_body_bytes_per_s = o.min_body_bytes_per_s;
    c.keep_alive_timeout = seconds_ms(o.keep_alive_timeout_s);
    c.keep_alive_max_count = static_cast<std::size_t>(std::max(1, o.keep_alive_max_count));
    c.max_heads_per_address = static_cast<std::size_t>(std::max(1, o.max_connections_per_address));
    c.answer_headers = std::move(answer_headers);
    return c;
}

// Every answer carries these: the tablet tells the depot from a captive portal by the first one.
httplib::Headers answer_headers() { return {{"X-Fieldcheck-Depot", "1"}, {"Cache-Control", "no-store"}}; }

// Content-Length as sent; nullopt when absent, -1 when it is not a plain decimal number.
std::optional<std::int64_t> content_length(const httplib::Request& req) {
    if (!req.has_header("Content-Length")) return std::nullopt;
    auto n = parse_wire_number(req.get_header_value("Content-Length"));
    return n ? *n : -1;
}

// Methods cpp-httplib reads a body for; without Content-Length or Transfer-Encoding it reads until
// the client closes, with no limit, so such a request on a route without a body is refused first.
bool reads_body_until_close(const std::string& method) {
    return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE" || method == "PRI";
}

enum class BodyRead { Complete, TooLarge, Broken, Refused };

// Hands at most `limit` bytes of the body to `keep`; bytes past it are read and dropped, up to
// kMaxDrainedBytes, so the client can read the 413 that follows. Refused: `keep` said stop.
BodyRead read_body(const httplib::Request& req, const httplib::ContentReader& reader, std::size_t limit,
                   const std::function<bool(const char*, std::size_t)>& keep, httplib::Response& res) {
    // HTTP/1.1: without either header the body is empty. cpp-httplib's reader reports that as a
    // failed read, which would turn "you sent nothing" into "your upload broke off".
    if (!req.has_header("Content-Length") && !req.has_header("Transfer-Encoding")) return BodyRead::Complete;
    std::size_t total = 0;
    bool refused = false;
    const bool complete = reader([&](const char* data, std::size_t size) {
        total += size;
        if (total > kMaxDrainedBytes) return false;
        if (total > limit) return true;  // dropped
        if (!keep(data, size)) {
            refused = true;
            return false;
        }
        return true;
    });
    if (refused) return BodyRead::Refused;
    if (total > limit) {
        if (!complete) res.set_header("Connection", "close");
        return BodyRead::TooLarge;
    }
    return complete ? BodyRead::Complete : BodyRead::Broken;
}

}  // namespace

DepotServer::DepotServer(DepotStore& store, Clock& clock, DepotServerOptions options)
    : store_(store), clock_(clock), options_(std::move(options)), bad_tokens_(throttle_settings(options_)) {}

DepotServer::~DepotServer() {
    stop();
    // cpp-httplib closes the listening socket only if it ever ran; a bound, never-run one would leak.
    if (!ran_ && listen_fd_ >= 0) ::close(listen_fd_);
}

bool DepotServer::tls() const { return !options_.tls_cert.empty(); }

Expected<std::unique_ptr<DepotServer>> DepotServer::bind(DepotStore& store, Clock& clock, DepotServerOptions options) {
    if (options.tls_cert.empty() != options.tls_key.empty()) {
        return make_error(ErrorCode::bad_tls, "give both --tls-cert and --tls-key, or neither");
    }
    std::unique_ptr<DepotServer> server(new DepotServer(store, clock, std::move(options)));
    const DepotServerOptions& o = server->options_;
    DepotConnectionSettings settings = connection_settings(o, answer_headers());
    if (!o.tls_cert.empty()) {
        auto tls = TlsContext::load(o.tls_cert, o.tls_key);
        if (!tls) return tls.error();
        settings.tls = std::move(tls).value();
    }
    server->http_ = std::make_unique<DepotHttpServer>(std::move(settings));
    ignore_broken_pipe_signal();
    remove_unfinished_uploads(store.attachments_dir());
    server->install_routes_();
    // cpp-httplib's default sets SO_REUSEPORT, which would let a second depot bind the same port
    // and share its connections; SO_REUSEADDR alone allows a quick restart and nothing more.
    DepotServer* raw = server.get();
    server->http_->set_socket_options([raw](socket_t sock) {
        int yes = 1;
        ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        raw->listen_fd_ = sock;
    });
    if (o.port == 0) {
        server->port_ = server->http_->bind_to_any_port(o.host);
        if (server->port_ <= 0) {
            server->listen_fd_ = -1;  // cpp-httplib already closed it
            return make_error(ErrorCode::bind_failed, "cannot listen on " + o.host + " (any port)");
        }
    } else {
        if (!server->http_->bind_to_port(o.host, o.port)) {
            server->listen_fd_ = -1;  // cpp-httplib already closed it
            return make_error(ErrorCode::bind_failed, "cannot listen on " + o.host + ":" + std::to_string(o.port) +
                                                 " (in use, or not an address of this machine)");
        }
        server->port_ = o.port;
    }
    // cpp-httplib 0.11 listens with a backlog of 5: a depot yard full of tablets connecting at once
    // would see dropped handshakes and stalled first requests. Listening again only raises it.
    if (server->listen_fd_ >= 0) ::listen(server->listen_fd_, 256);
    return server;
}

bool DepotServer::run() {
    ran_ = true;
    if (stopping_) {
        finished_ = true;
        return true;
    }
    const bool ok = http_->listen_after_bind();
    finished_ = true;
    return ok;
}

// cpp-httplib 0.11 ignores stop() until its accept loop is running: a stop that comes just after
// run() was called would be lost and run() would never return. So wait for the loop, stop it once,
// and wait for run() to end.
void DepotServer::stop() {
    stopping_ = true;
    bool asked = false;
    while (ran_ && !finished_) {
        if (!asked && http_->is_running()) {
            http_->stop_serving();
            asked = true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
}

void DepotServer::install_routes_() {
    DepotHttpServer& http = *http_;
    const DepotServerOptions& o = options_;

    // Why these settings: cpp-httplib 0.11 leaves Nagle on (each keep-alive request then waits for
    // the peer's delayed ACK, ~40 ms) and has a small thread pool. The timeouts that count are
    // kept by the connection loop (depot_connection.h); these set what the Keep-Alive header says.
    http.set_tcp_nodelay(true);
    http.set_read_timeout(o.read_timeout_s, 0);
    http.set_write_timeout(o.write_timeout_s, 0);
    http.set_keep_alive_timeout(o.keep_alive_timeout_s);
    http.set_keep_alive_max_count(static_cast<std::size_t>(o.keep_alive_max_count));
    http.set_payload_max_length(kMaxDrainedBytes);
    const auto threads = static_cast<std::size_t>(std::max(2, o.threads));
    http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    http.set_default_headers(answer_headers());

    // Routes without a body refuse one before reading it; an absurd declared length is refused on
    // every route. The upload routes count their bodies themselves (read_body below).
    http.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
        // cpp-httplib calls this hook once the head is parsed and before it reads any body byte:
        // the end of the head phase (its deadline, byte cap and per-address seat).
        if (IncomingConnection* connection = IncomingConnection::current()) connection->head_read();
        // Why: cpp-httplib applies a Range header to every answer, so "Range: bytes=0-5" would cut a
        // receipt or an error to a few bytes under a 200, or wrap it in multipart. No route here
        // serves parts of anything. The Request is a non-const object inside cpp-httplib, handed to
        // this hook as const; clearing its parsed ranges is the only way to ignore the header.
        const_cast<httplib::Request&>(req).ranges.clear();
        const bool upload = req.method == "PUT" && (starts_with(req.path, "/api/v1/attachments/") ||
                                                    starts_with(req.path, "/api/v1/visits/"));
        const std::size_t limit = upload ? kMaxDrainedBytes : 0;
        const auto length = content_length(req);
        if (length && *length < 0) {
            reply_error_and_close(res, ErrorCode::bad_length, "the Content-Length header is not a number");
            return httplib::Server::HandlerResponse::Handled;
        }
        const bool chunked = req.has_header("Transfer-Encoding");
        if (length && chunked) {
            // RFC 9112 6.3: a request framed both ways is a smuggling attempt, not a tablet.
            reply_error_and_close(res, ErrorCode::bad_length, "a request has a Content-Length or a Transfer-Encoding, not both");
            return httplib::Server::HandlerResponse::Handled;
        }
        if ((length && static_cast<std::uint64_t>(*length) > limit) || (!upload && chunked)) {
            reply_error_and_close(res, ErrorCode::too_large, upload ? "the body is far larger than any upload" : "this request takes no body");
            return httplib::Server::HandlerResponse::Handled;
        }
        if (!upload && !length && reads_body_until_close(req.method)) {
            reply_error_and_close(res, ErrorCode::length_required, "this request takes no body; send Content-Length: 0");
            return httplib::Server::HandlerResponse::Handled;
        }
        return httplib::Server::HandlerResponse::Unhandled;
    });

    // Fills in a JSON body for the statuses cpp-httplib produces itself (404, 400 on a bad request).
    http.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
        // A head cut off by its deadline or size cap, or by the depot stopping: the connection ends
        // after this answer, and the answer says why. A 400 would make the tablet set the visit
        // aside for good over what was only a stalled link or a restart.
        if (const IncomingConnection* connection = IncomingConnection::current(); connection && connection->head_cut()) {
            switch (connection->cut()) {
                case DepotStream::Cut::HeadTimeout:
                    reply_error(res, ErrorCode::head_timeout, "the request did not arrive within the depot's deadline; try again");
                    break;
                case DepotStream::Cut::HeadTooLarge:
                    reply_error(res, ErrorCode::head_too_large, "the request's head is larger than the depot reads");
                    break;
                default: reply_error(res, ErrorCode::stopping, "the depot is stopping; try again in a moment"); break;
            }
            res.set_header("Connection", "close");
            return httplib::Server::HandlerResponse::Handled;
        }
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        if (res.status == 404) reply_error(res, ErrorCode::not_found, "there is no such route in API v1");
        else if (res.status == 413) reply_error(res, ErrorCode::too_large, "the body is larger than this route accepts");
        else if (res.status == 414) reply_error(res, ErrorCode::uri_too_long, "the request's path is longer than the depot reads");
        else reply_error(res, ErrorCode::bad_request, "the request could not be read");
        return httplib::Server::HandlerResponse::Handled;
    }));
    // Runs on every answer just before it is written: an answer that says the connection closes
    // (ours, or cpp-httplib's for the last request) says so once, and the connection loop obeys it,
    // so bytes a refused request left unread are never taken for a next request.
    http.set_post_routing_handler([](const httplib::Request&, httplib::Response& res) {
        if (res.get_header_value("Connection") != "close") return;
        res.headers.erase("Connection");
        res.headers.erase("Keep-Alive");
        res.set_header("Connection", "close");
        if (IncomingConnection* connection = IncomingConnection::current()) connection->close_after_answer();
    });
    http.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        reply_error_and_close(res, ErrorCode::internal, "the depot failed while handling this request; try again");
    });
    if (o.log) {
        http.set_logger([log = o.log, &clock = clock_](const httplib::Request& req, const httplib::Response& res) {
            std::fprintf(log, "%s depot: %s %s %d\n", utc_iso8601_seconds(clock.now().wall_ms).c_str(), req.method.c_str(), route_name(req), res.status);
        });
    }

    // The technician a request's bearer token belongs to; sets a 401 (or 429, 503) and returns
    // nullopt otherwise. An address that has failed too often gets 429 for any token it presents,
    // before the token is looked up: a guesser learns nothing, however good its next guess.
    auto authorize = [this](const httplib::Request& req, httplib::Response& res) -> std::optional<std::string> {
        const std::int64_t now = clock_.now().mono_ms;
        const bool presented = req.has_header("Authorization");
        if (const std::int64_t wait_ms = presented ? bad_tokens_.wait_ms(req.remote_addr, now) : 0; wait_ms > 0) {
            const std::string seconds = std::to_string((wait_ms + 999) / 1000);
            reply_error_and_close(res, ErrorCode::too_many_bad_tokens,
                                  "too many requests with a wrong token came from this network address; try again in " +
                                      seconds + " s");
            res.set_header("Retry-After", seconds);
            return std::nullopt;
        }
        const std::string header = req.get_header_value("Authorization");
        std::optional<std::string> technician;
        if (is_bearer_scheme(header)) {
            auto found = store_.technician_for_token(header.substr(kBearer.size()));
            if (!found) {
                reply_error_and_close(res, storage_failure(make_error(found.error().code, "the depot cannot check tokens right now; try again")));
                return std::nullopt;
            }
            technician = found.value();
        }
        if (!technician) {
            bad_tokens_.record_failure(req.remote_addr, now);
            reply_error_and_close(res, ErrorCode::unauthorized, "a valid device token is needed (Authorization: Bearer TOKEN); "
                                                            "it may have been revoked: enroll the tablet again");
            res.set_header("WWW-Authenticate", "Bearer");
        }
        return technician;
    };

    http.Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
        res.status = 200;
        res.set_content(R"({"status":"ok"})", kJson);
    });

    http.Get("/api/v1/templates", [this, authorize](const httplib::Request& req, httplib::Response& res) {
        if (!authorize(req, res)) return;
        auto list = store_.list_templates();
        if (!list) return reply_error(res, list.error());
        reply(res, {200, encode_template_list(list.value())});
    });

    // The id routes take everything after their prefix, slashes, dots and control bytes included,
    // so that "../../etc/passwd" gets the same 400 as any other id of the wrong shape.
    http.Get(R"(/api/v1/templates/([\s\S]*))", [this, authorize](const httplib::Request& req, httplib::Response& res) {
        if (!authorize(req, res)) return;
        std::string id;
        std::int64_t version = 0;
        if (!split_template_path(req.matches[1], id, version)) {
            return reply_error(res, ErrorCode::bad_id, "a template is named by its id (letters, digits, '-', '_') and version number");
        }
        auto json = store_.template_json(id, static_cast<int>(version));
        if (!json) return reply_error(res, json.error());
        if (!json.value()) return reply_error(res, ErrorCode::not_found, "this depot has no template " + id + " version " + std::to_string(version));
        res.status = 200;
        res.set_content(*json.value(), kJson);
    });

    http.Get("/api/v1/assignments", [this, authorize](const httplib::Request& req, httplib::Response& res) {
        auto technician = authorize(req, res);
        if (!technician) return;
        const std::string since = req.get_param_value("since");
        if (!since.empty() && !is_assignment_cursor(since)) {
            return reply_error(res, ErrorCode::bad_cursor, "'since' must be a cursor this depot handed out");
        }
        auto page = store_.assignments_since(*technician, since, kMaxAssignmentsPerPage);
        if (!page) return reply_error(res, page.error());
        reply(res, {200, encode_assignment_page(page.value())});
    });

    // GET answers HEAD as well (cpp-httplib sends the headers only): does the depot hold this file?
    http.Get(R"(/api/v1/attachments/([\s\S]*))", [this, authorize](const httplib::Request& req, httplib::Response& res) {
        if (!authorize(req, res)) return;
        const std::string sha = req.matches[1];
        if (!is_sha256_hex(sha)) return reply_error(res, ErrorCode::bad_id, "an attachment is named by 64 lowercase hex digits (its SHA-256)");
        auto has = store_.has_attachment(sha);
        if (!has) return reply_error(res, storage_failure(has.error()));
        if (!has.value()) return reply_error(res, ErrorCode::not_found, "the depot does not have this attachment yet");
        std::error_code ec;
        const auto size = std::filesystem::file_size(attachment_file(store_.attachments_dir(), sha), ec);
        reply(res, {200, encode_attachment_ack({sha, ec ? 0 : static_cast<std::int64_t>(size)})});
    });

    http.Put(R"(/api/v1/attachments/([\s\S]*))", [this, authorize](const httplib::Request& req, httplib::Response& res,
                                                                  const httplib::ContentReader& reader) {
        if (!authorize(req, res)) return;
        const std::string sha = req.matches[1];
        if (!is_sha256_hex(sha)) {
            return reply_error_and_close(res, ErrorCode::bad_id, "an attachment is named by 64 lowercase hex digits (its SHA-256)");
        }
        auto has = store_.has_attachment(sha);
        if (!has) return reply_error_and_close(res, has.error());
        if (has.value()) {
            // Content-addressed: the same name is the same bytes; the body is read and dropped.
            const BodyRead read = read_body(req, reader, options_.max_attachment_bytes, [](const char*, std::size_t) { return true; }, res);
            if (read == BodyRead::TooLarge) {
                return reply_error(res, ErrorCode::too_large, "an attachment is at most " + std::to_string(options_.max_attachment_bytes) + " bytes");
            }
            std::error_code ec;
            const auto size = std::filesystem::file_size(attachment_file(store_.attachments_dir(), sha), ec);
            reply(res, {200, encode_attachment_ack({sha, ec ? 0 : static_cast<std::int64_t>(size)})});
            return;
        }
        auto upload = AttachmentUpload::begin(store_.attachments_dir(), options_.max_attachment_bytes);
        if (!upload) return reply_error_and_close(res, upload.error());
        std::optional<Error> failed;
        const BodyRead read = read_body(req, reader, options_.max_attachment_bytes, [&](const char* data, std::size_t size) {
            if (Status s = upload.value()->write(data, size); !s) {
                failed = s.error();
                return false;
            }
            return true;
        }, res);
        if (read == BodyRead::TooLarge) {
            return reply_error(res, ErrorCode::too_large, "an attachment is at most " + std::to_string(options_.max_attachment_bytes) + " bytes");
        }
        if (failed) {
            return reply_error_and_close(res, storage_failure(*failed));
        }
        if (read != BodyRead::Complete) return reply_error_and_close(res, ErrorCode::incomplete_body, "the attachment's body did not arrive whole");
        if (Status s = upload.value()->finish(sha); !s) {
            if (s.error().code == ErrorCode::hash_mismatch) return reply_error(res, s.error());
            return reply_error(res, storage_failure(s.error()));
        }
        auto recorded = store_.record_attachment(sha, upload.value()->size(), clock_.now().wall_ms);
        if (!recorded) return reply_error(res, recorded.error());
        reply(res, {recorded.value() ? 201 : 200, encode_attachment_ack({sha, upload.value()->size()})});
    });

    http.Put(R"(/api/v1/visits/([\s\S]*))", [this, authorize](const httplib::Request& req, httplib::Response& res,
                                                             const httplib::ContentReader& reader) {
        auto technician = authorize(req, res);
        if (!technician) return;
        const std::string id = req.matches[1];
        if (!is_wire_id(id)) {
            return reply_error_and_close(res, ErrorCode::bad_id, "a visit id is 1 to 64 letters, digits, '-' or '_'");
        }
        std::string body;
        const BodyRead read = read_body(req, reader, options_.max_visit_bytes, [&](const char* data, std::size_t size) {
            body.append(data, size);
            return true;
        }, res);
        if (read == BodyRead::TooLarge) {
            return reply_error(res, ErrorCode::too_large, "a visit record is at most " + std::to_string(options_.max_visit_bytes) + " bytes");
        }
        if (read != BodyRead::Complete) return reply_error_and_close(res, ErrorCode::incomplete_body, "the visit's body did not arrive whole");
        reply(res, ingest_visit(store_, *technician, id, body, clock_.now().wall_ms));
    });
}

}  // namespace fc
