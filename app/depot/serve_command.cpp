// `fieldcheck-depot serve`: the depot's HTTP(S) API v1 until SIGINT or SIGTERM.
#include <malloc.h>
#include <signal.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "depot_commands.h"
#include "serve_demo.h"
#include "serve_mail.h"
#include "stop_signals.h"
#include "planning_options.h"
#include "sync/depot/client_address.h"
#include "sync/depot/depot_server.h"
#include "sync/depot/depot_store.h"
#include "sync/wire/wire_ids.h"

namespace fc {
namespace {

constexpr const char* kServeUsage =
    "serve --data DIR [--listen HOST:PORT] [--tls-cert FILE --tls-key FILE] [--threads N] "
    "[--request-head-timeout S] [--max-connections-per-address N] [--public-url URL] [--demo [--demo-technician ID] [--templates DIR]] "
    "[--smtp URL --mail-from ADDR [--smtp-credentials FILE]] [--trusted-proxy ADDR]...";
constexpr const char* kDefaultDemoTechnician = "demo";

constexpr const char* kServeHelp =
    "Once listening it prints \"fieldcheck-depot listening on URL (data DIR)\" on stdout. The log on\n"
    "stderr has one line per request (time, method, route pattern, status) and nothing personal, not\n"
    "even the client's address. A body must keep arriving (each wait at most 20 s; after 30 s at least\n"
    "512 bytes/s on average). An address that presents 10 wrong tokens in a row gets 429 for any\n"
    "token for a while (one more try every 6 s); behind a --trusted-proxy the address is the\n"
    "client the proxy forwards.";

// The command line as given; server_settings() turns it into the server's options.
struct ServeArgs {
    std::string data;
    std::string db;  // --db: a PostgreSQL depot instead of DIR/depot.db
    std::string listen = "127.0.0.1:8470";
    std::string tls_cert;
    std::string tls_key;
    int threads = DepotServerOptions{}.threads;
    int request_head_timeout_s = DepotServerOptions{}.request_head_timeout_s;
    int max_connections_per_address = DepotServerOptions{}.max_connections_per_address;
    std::string public_url;  // what the tablets' QR codes point at (docs/deployment.md)
    bool demo = false;
    std::string demo_technician = kDefaultDemoTechnician;
    std::string templates;  // empty: find_templates_dir()
    MailArgs mail;
    std::vector<std::string> trusted_proxies;  // reverse proxies whose X-Forwarded-* the depot believes
};

bool parse_listen(const std::string& text, std::string& host, int& port) {
    const auto colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0) return false;
    host = text.substr(0, colon);
    const auto p = parse_wire_number(text.substr(colon + 1));
    if (!p || *p > 65535) return false;
    port = static_cast<int>(*p);
    return true;
}

CLI::Validator listen_address() {
    return CLI::Validator(
        [](std::string& text) -> std::string {
            std::string host;
            int port = 0;
            if (parse_listen(text, host, port)) return {};
            return "takes HOST:PORT, e.g. 127.0.0.1:8470 (port 0: any free port), not '" + text + "'";
        },
        "", "listen_address");
}

CLI::Validator technician_id() {
    return CLI::Validator(
        [](std::string& text) -> std::string { return is_wire_id(text) ? "" : "takes an id like tech-01, not '" + text + "'"; },
        "", "technician_id");
}

// An address in the form the depot sees a peer's (inet_pton's): a proxy's host name would never match one.
CLI::Validator ip_address() {
    return CLI::Validator(
        [](std::string& text) -> std::string {
            return is_ip_address(text) ? "" : "takes an IP address like 127.0.0.1 or ::1, not '" + text + "'";
        },
        "", "ip_address");
}

void add_listen_options(CLI::App& cli, ServeArgs& a) {
    cli.add_option("--listen", a.listen, "default 127.0.0.1:8470; port 0 picks a free one")->check(listen_address())->type_name("HOST:PORT");
    cli.add_option("--tls-cert", a.tls_cert,
                   "PEM certificate (or chain: the depot's certificate first, then its CAs), with\n"
                   "--tls-key its key: serve HTTPS, TLS 1.2 or newer (a tablet trusts a certificate of\n"
                   "the depot's own with `fieldcheck enroll --ca-file FILE`)")->type_name("FILE");
    cli.add_option("--tls-key", a.tls_key, "the key of --tls-cert")->type_name("FILE");
    cli.add_option("--threads", a.threads, "requests served at the same time (default 64)")
        ->transform(whole_number(2, 1024, "takes a whole number from 2 to 1024"))->type_name("N");
    cli.add_option("--request-head-timeout", a.request_head_timeout_s,
                   "a request's line and headers (and, first on a connection, the TLS handshake)\n"
                   "must arrive within S seconds of the depot starting to wait for them, else the\n"
                   "connection is closed, after a 408 if its request line was in (default 10);\n"
                   "a head over 64 KiB gets 431 and a close")
        ->transform(whole_number(1, 3600, "takes whole seconds from 1 to 3600"))->type_name("S");
    cli.add_option("--trusted-proxy", a.trusted_proxies,
                   "a reverse proxy's address as the depot sees it (repeatable): the last hop of\n"
                   "its X-Forwarded-For is the client every throttle counts (wrong tokens and\n"
                   "signatures, enrollment codes, logins; a last hop that is no IP address counts\n"
                   "as the proxy), its connections are exempt from --max-connections-per-address\n"
                   "(it keeps limits of its own), and its X-Forwarded-Proto: https makes the\n"
                   "session cookie Secure; from any other address both headers are ignored\n"
                   "(docs/security.md)")
        ->check(ip_address())->type_name("ADDR");
    cli.add_option("--max-connections-per-address", a.max_connections_per_address,
                   "connections from one address still sending their request head; one more gets\n"
                   "an immediate 503 \"busy\" (over TLS: is closed) (default 32; below --threads)")
        ->transform(whole_number(1, 100000, "takes a whole number from 1 to 100000"))->type_name("N");
}

// The base of the customer's survey links: http(s), a host, no query; a trailing '/' is dropped.
CLI::Validator public_url() {
    return CLI::Validator(
        [](std::string& text) -> std::string {
            while (!text.empty() && text.back() == '/') text.pop_back();
            const bool scheme = text.rfind("https://", 0) == 0 || text.rfind("http://", 0) == 0;
            const bool plain = text.find_first_of("?#\"<> ") == std::string::npos;
            if (scheme && plain && text.size() > 8 && text.size() <= 200) return {};
            return "takes the address the customers' phones reach, e.g. https://survey.example.nl, not '" + text + "'";
        },
        "", "public_url");
}

void add_demo_options(CLI::App& cli, ServeArgs& a) {
    cli.add_option("--public-url", a.public_url,
                   "where customers' phones reach the survey pages (/s/...), e.g. https://survey.example.nl;\n"
                   "the tablets' QR codes link there. Without it the phone survey is not offered.\n"
                   "Expose only /s/ and /static/ there, never /api/ (docs/deployment.md)")
        ->check(public_url())->type_name("URL");
    cli.add_flag("--demo", a.demo,
                 "import the templates in templates/ and assign today's demo day to technician\n"
                 "\"demo\" (--demo-technician ID: someone else; --templates DIR: other templates)");
    cli.add_option("--demo-technician", a.demo_technician, "who gets the demo day (default \"demo\")")
        ->check(technician_id())->type_name("ID");
    cli.add_option("--templates", a.templates, "where --demo reads the templates")->type_name("DIR");
}

// The options the command line gives the server; a usage error's sentence when they do not fit.
Expected<DepotServerOptions> server_settings(const ServeArgs& a) {
    DepotServerOptions o;
    parse_listen(a.listen, o.host, o.port);  // checked by listen_address()
    o.threads = a.threads;
    o.request_head_timeout_s = a.request_head_timeout_s;
    o.max_connections_per_address = a.max_connections_per_address;
    if (o.max_connections_per_address >= o.threads) {
        return make_error(ErrorCode::usage, "--max-connections-per-address must be below --threads (" + std::to_string(o.threads) +
                                                "), or one address could hold every worker");
    }
    o.tls_cert = a.tls_cert;
    o.tls_key = a.tls_key;
    o.public_url = a.public_url;
    o.trusted_proxies = a.trusted_proxies;
    return o;
}


// Why: glibc gives threads malloc arenas of their own (up to 8 per core) and keeps what is freed
// in each; with 64 pool threads and request bodies of up to a few MiB, a flood of requests left
// the depot tens of MiB bigger for good. Two arenas, and large buffers always mapped (returned to
// the system when freed) keep its memory near what the requests in flight need. Set before any
// thread starts.
void keep_memory_small() {
    mallopt(M_ARENA_MAX, 2);
    mallopt(M_MMAP_THRESHOLD, 128 * 1024);
}

int import_demo(DepotStore& store, const ServeArgs& a, Clock& clock) {
    const std::filesystem::path dir = a.templates.empty() ? find_templates_dir() : std::filesystem::path(a.templates);
    if (dir.empty()) return command_failed("serve", "cannot find the demo templates; give --templates DIR");
    return load_demo(store, dir, a.demo_technician, clock) ? 0 : 1;
}

// Binds, says where it listens, and serves until SIGINT or SIGTERM.
int serve_until_stopped(DepotStore& store, const DepotServerOptions& options, Clock& clock, MailCourier* courier) {
    StopSignals signals;
    // Started after the signals are blocked, so SIGTERM reaches the signal thread and never the courier's.
    if (courier) courier->start();
    signal(SIGPIPE, SIG_IGN);  // a client that hangs up mid-answer must not end the depot
    auto server = DepotServer::bind(store, clock, options);
    if (!server) return command_failed("serve", server.error().message);
    std::printf("fieldcheck-depot listening on %s://%s:%d (data %s)\n", server.value()->tls() ? "https" : "http",
                options.host.c_str(), server.value()->port(), store.dir().c_str());
    std::fflush(stdout);
    DepotServer* running = server.value().get();
    signals.on_signal([running] { running->stop(); });
    const bool ok = running->run();
    if (!ok) signals.wake();  // the listener failed on its own: end the signal thread so it can be joined
    signals.wait();
    std::fprintf(stderr, "fieldcheck-depot: stopped\n");
    return ok ? 0 : 1;
}

int serve(const CommandLine& line, const CLI::App& cli, const ServeArgs& a, Clock& clock) {
    auto options = server_settings(a);
    if (!options) return line.usage_error(cli, options.error().message);
    keep_memory_small();
    auto store = DepotStore::open(DepotLocation{a.data, a.db});
    if (!store) return command_failed("serve", store.error().message);
    if (a.demo) {
        if (const int failed = import_demo(*store.value(), a, clock)) return failed;
    }
    auto courier = start_mail(*store.value(), clock, a.mail, a.public_url);
    if (!courier) {
        if (courier.error().code == ErrorCode::usage) return line.usage_error(cli, courier.error().message);
        return command_failed("serve", courier.error().message);
    }
    return serve_until_stopped(*store.value(), options.value(), clock, courier.value().get());
}

}  // namespace

DepotCommand add_serve_command(CommandLine& line, Clock& clock) {
    auto args = std::make_shared<ServeArgs>();
    CLI::App& cli = line.command(line.app(), "serve", "Run the depot: its sync API v1 (docs/sync-api.md) until SIGINT or SIGTERM.", kServeUsage);
    cli.add_option("--data", args->data,
                   "depot.db and attachments/; created (private) when missing; a database that\n"
                   "is damaged, another program's or from a newer depot is refused untouched;\n"
                   "with --db only attachments/, which every instance must share")->required()->type_name("DIR");
    cli.add_option("--db", args->db, kDepotDbHelp)->type_name("URL");
    add_listen_options(cli, *args);
    add_demo_options(cli, *args);
    add_mail_options(cli, args->mail);
    cli.footer(kServeHelp);
    const CLI::App* self = &cli;
    return {self, [&line, self, args, &clock] { return serve(line, *self, *args, clock); }};
}

}  // namespace fc
