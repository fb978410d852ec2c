#include "depot_server.h"

#include <httplib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "checklists/time_format.h"
#include "sync/depot/depot_attachments.h"
#include "sync/depot/depot_connection.h"
#include "sync/depot/depot_key.h"
#include "sync/depot/office/office_routes.h"
#include "sync/depot/routes/depot_routes.h"
#include "sync/depot/routes/device_authorization.h"
#include "sync/depot/routes/request_body.h"
#include "sync/depot/routes/request_guard.h"
#include "sync/depot/visit_commit_queue.h"
#include "sync/wire/broken_pipe.h"

namespace fc {
namespace {

bool starts_with(const std::string& s, std::string_view prefix) { return s.rfind(prefix, 0) == 0; }


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
    c.uncapped_addresses = o.trusted_proxies;
    c.answer_headers = std::move(answer_headers);
    return c;
}

// Every answer carries these: the tablet tells the depot from a captive portal by the first one.
httplib::Headers answer_headers() { return {{"X-Fieldcheck-Depot", "1"}, {"Cache-Control", "no-store"}}; }

}  // namespace

DepotServer::DepotServer(DepotStore& store, Clock& clock, DepotServerOptions options)
    : store_(store), clock_(clock), options_(std::move(options)) {
    // Several instances on one PostgreSQL share every per-client throttle (wrong tokens and signatures,
    // enrollment codes, logins): a guesser spread over the instances gets no more tries than at one.
    // One SQLite depot keeps them in memory.
    ThrottleBuckets* shared = store_.dialect() == SqlDialect::postgresql ? static_cast<ThrottleBuckets*>(&store_) : nullptr;
    authorization_ = std::make_unique<DeviceAuthorization>(store_, throttle_settings(options_), clock_, options_.trusted_proxies, shared);
    bad_codes_ = std::make_unique<BadTokenThrottle>(throttle_settings(options_), shared);
    commits_ = std::make_unique<VisitCommitQueue>(store_);
    bad_logins_ = std::make_unique<BadTokenThrottle>(
        BadTokenThrottle::Settings{options_.login_burst, static_cast<std::int64_t>(options_.login_refill_s) * 1000}, shared);
}

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
    auto depot_key = store.signing_key();
    if (!depot_key) return depot_key.error();
    // Why four: the lookups are short and the machine small; four let a burst of requests check
    // their tokens, keys and visits while one commit runs, without a file handle per thread.
    if (auto readers = store.open_readers(4); !readers) return readers.error();
    std::unique_ptr<DepotServer> server(new DepotServer(store, clock, std::move(options)));
    server->depot_key_ = std::move(depot_key).value();
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

namespace {

// The route table: every route of API v1, in the order cpp-httplib tries them. The id routes take
// everything after their prefix, slashes, dots and control bytes included, so that
// "../../etc/passwd" gets the same 400 as any other id of the wrong shape.
struct DepotRoute {
    enum class Method { Get, Put, Post, PostForm } method;  // PostForm: cpp-httplib reads the form
    const char* pattern;   // cpp-httplib's: an exact path, or a prefix and one group taking the rest
    const char* log_name;  // what the log says: never the raw path, which may carry anything a client sent
    DepotRouteHandler handle;
};

constexpr DepotRoute kRoutes[] = {
    {DepotRoute::Method::Get, "/healthz", "/healthz", healthz_route},
    {DepotRoute::Method::Get, "/api/v1/templates", "/api/v1/templates", templates_route},
    {DepotRoute::Method::Get, R"(/api/v1/templates/([\s\S]*))", "/api/v1/templates/{id}/{version}", template_route},
    {DepotRoute::Method::Get, "/api/v1/assignments", "/api/v1/assignments", assignments_route},
    {DepotRoute::Method::Get, R"(/api/v1/attachments/([\s\S]*))", "/api/v1/attachments/{sha256}", attachment_head_route},
    {DepotRoute::Method::Put, R"(/api/v1/attachments/([\s\S]*))", "/api/v1/attachments/{sha256}", attachment_put_route},
    {DepotRoute::Method::Put, R"(/api/v1/visits/([\s\S]*))", "/api/v1/visits/{id}", visit_put_route},
    {DepotRoute::Method::Put, R"(/api/v1/set-aside/([\s\S]*))", "/api/v1/set-aside/{visit}", set_aside_route},
    {DepotRoute::Method::Post, "/api/v1/enroll", "/api/v1/enroll", enroll_route},
    {DepotRoute::Method::Put, "/api/v1/device-key", "/api/v1/device-key", device_key_route},
    {DepotRoute::Method::Put, "/api/v1/survey-key", "/api/v1/survey-key", survey_key_route},
    // The customer's pages: the only paths meant for the internet (docs/deployment.md).
    {DepotRoute::Method::Get, R"(/s/([^/]+)/([^/]+))", "/s/{visit}/{code}", phone_survey_route},
    {DepotRoute::Method::PostForm, R"(/s/([^/]+)/([^/]+))", "/s/{visit}/{code}", phone_survey_post_route},
    {DepotRoute::Method::Get, R"(/r/([\s\S]*))", "/r/{visit}/{code}[.pdf]", receipt_route},
    {DepotRoute::Method::Get, "/static/site.css", "/static/site.css", site_css},
};

// The log's name for a request's route, from the same table the routes are installed from.
const char* route_name(const httplib::Request& req) {
    for (const DepotRoute& route : kRoutes) {
        const std::string_view pattern = route.pattern;
        const std::size_t group = pattern.find('(');
        const bool match = group == std::string_view::npos ? req.path == pattern : starts_with(req.path, pattern.substr(0, group));
        if (match) return route.log_name;
    }
    if (const char* office = office_route_name(req)) return office;
    return "(no such route)";
}

}  // namespace

void DepotServer::configure_http_() {
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
    http.set_pre_routing_handler(guard_request);
    http.set_error_handler(httplib::Server::HandlerWithResponse(answer_unrouted));
    http.set_post_routing_handler(close_when_answer_says);
    http.set_exception_handler(answer_failed_route);
    if (o.log) {
        http.set_logger([log = o.log, &clock = clock_](const httplib::Request& req, const httplib::Response& res) {
            std::fprintf(log, "%s depot: %s %s %d\n", utc_iso8601_seconds(clock.now().wall_ms).c_str(), req.method.c_str(),
                         route_name(req), res.status);
        });
    }
}

void DepotServer::install_routes_() {
    configure_http_();
    const RouteContext ctx{store_, options_, clock_, *authorization_, *depot_key_, *bad_codes_, *bad_logins_, *commits_};
    for (const DepotRoute& route : kRoutes) {
        const DepotRouteHandler handle = route.handle;
        switch (route.method) {
            case DepotRoute::Method::Get:
                http_->Get(route.pattern, [ctx, handle](const httplib::Request& req, httplib::Response& res) {
                    handle(ctx, req, res, nullptr);
                });
                break;
            case DepotRoute::Method::Put:
                http_->Put(route.pattern, [ctx, handle](const httplib::Request& req, httplib::Response& res,
                                                        const httplib::ContentReader& body) { handle(ctx, req, res, &body); });
                break;
            case DepotRoute::Method::Post:
                http_->Post(route.pattern, [ctx, handle](const httplib::Request& req, httplib::Response& res,
                                                         const httplib::ContentReader& body) { handle(ctx, req, res, &body); });
                break;
            case DepotRoute::Method::PostForm:
                // cpp-httplib reads the form itself (bounded by the request guard) into req.params.
                http_->Post(route.pattern, [ctx, handle](const httplib::Request& req, httplib::Response& res) {
                    handle(ctx, req, res, nullptr);
                });
                break;
        }
    }
    install_office_routes(*http_, ctx);
}

}  // namespace fc
