// `fieldcheck-depot serve`: the depot's HTTP(S) API v1 until SIGINT or SIGTERM.
#include <malloc.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <map>
#include <cstdio>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "command_args.h"
#include "depot_commands.h"
#include "depot_files.h"
#include "checklists/demo_day.h"
#include "checklists/time_format.h"
#include "sync/depot/depot_server.h"
#include "sync/depot/depot_store.h"
#include "sync/wire/wire_ids.h"

namespace fc {
namespace {

constexpr const char* kUsage =
    "serve --data DIR [--listen HOST:PORT] [--tls-cert FILE --tls-key FILE] [--threads N] "
    "[--request-head-timeout S] [--max-connections-per-address N] [--demo [--demo-technician ID] [--templates DIR]]";
constexpr const char* kDefaultDemoTechnician = "demo";

constexpr const char* kHelp =
    "Serves the depot's sync API v1 (docs/sync-api.md) until SIGINT or SIGTERM.\n"
    "  --data DIR           depot.db and attachments/; created (private) when missing; a database that\n"
    "                       is damaged, another program's or from a newer depot is refused untouched\n"
    "  --listen HOST:PORT   default 127.0.0.1:8470; port 0 picks a free one\n"
    "  --tls-cert FILE --tls-key FILE\n"
    "                       PEM certificate (or chain: the depot's certificate first, then its CAs) and\n"
    "                       its key: serve HTTPS, TLS 1.2 or newer (a tablet trusts a certificate of\n"
    "                       the depot's own with `fieldcheck enroll --ca-file FILE`)\n"
    "  --threads N          requests served at the same time (default 64)\n"
    "  --request-head-timeout S\n"
    "                       a request's line and headers (and, first on a connection, the TLS handshake)\n"
    "                       must arrive within S seconds of the depot starting to wait for them, else the\n"
    "                       connection is closed, after a 408 if its request line was in (default 10);\n"
    "                       a head over 64 KiB gets 431 and a close\n"
    "  --max-connections-per-address N\n"
    "                       connections from one address still sending their request head; one more gets\n"
    "                       an immediate 503 \"busy\" (over TLS: is closed) (default 32; below --threads)\n"
    "  --demo               import the templates in templates/ and assign today's demo day to technician\n"
    "                       \"demo\" (--demo-technician ID: someone else; --templates DIR: other templates)\n"
    "Once listening it prints \"fieldcheck-depot listening on URL (data DIR)\" on stdout. The log on\n"
    "stderr has one line per request (time, method, route pattern, status) and nothing personal, not\n"
    "even the client's address. A body must keep arriving (each wait at most 20 s; after 30 s at least\n"
    "512 bytes/s on average). An address that presents 10 wrong tokens in a row gets 429 for any\n"
    "token for a while (one more try every 6 s).\n";

// The demo templates ship in the source tree's templates/; the program usually runs from build/bin.
std::filesystem::path find_templates_dir() {
    std::error_code ec;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    std::vector<std::filesystem::path> candidates;
    if (!ec) {
        candidates.push_back(exe.parent_path() / "../../templates");
        candidates.push_back(exe.parent_path() / "../../../templates");
        candidates.push_back(exe.parent_path() / "../share/fieldcheck/templates");
    }
    candidates.push_back(std::filesystem::current_path(ec) / "templates");
    for (const auto& c : candidates) {
        if (std::filesystem::is_directory(c, ec)) return std::filesystem::weakly_canonical(c, ec);
    }
    return {};
}

// Imports every template file in `dir` and today's demo assignments for `technician`.
bool load_demo(DepotStore& store, const std::filesystem::path& dir, const std::string& technician, Clock& clock) {
    std::error_code ec;
    std::vector<std::filesystem::path> files;
    for (auto it = std::filesystem::directory_iterator(dir, ec); !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
        if (it->path().extension() == ".json") files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());
    if (files.empty()) {
        std::fprintf(stderr, "fieldcheck-depot serve: no template files in %s\n", dir.c_str());
        return false;
    }
    for (const auto& f : files) {
        auto imported = import_template_file(store, f, clock.now().wall_ms);
        if (!imported) {
            std::fprintf(stderr, "%s", imported.error().message.c_str());
            return false;
        }
    }
    auto templates = store.list_templates();
    if (!templates) {
        std::fprintf(stderr, "fieldcheck-depot serve: %s\n", templates.error().message.c_str());
        return false;
    }
    std::map<std::string, int> newest;
    for (const TemplateListing& t : templates.value()) newest[t.id] = std::max(newest[t.id], t.version);
    // The tablet's own demo day (app/tablet/demo_day.h), on the newest template versions here.
    std::vector<Assignment> assignments = demo_assignments(local_day_start_ms(clock.now().wall_ms), technician);
    for (Assignment& a : assignments) {
        const auto found = newest.find(a.template_id);
        if (found == newest.end()) {
            std::fprintf(stderr, "fieldcheck-depot serve: the demo needs template %s in %s\n", a.template_id.c_str(), dir.c_str());
            return false;
        }
        a.template_version = found->second;
    }
    auto result = store.put_assignments(assignments, clock.now().wall_ms);
    if (!result) {
        std::fprintf(stderr, "fieldcheck-depot serve: demo assignments: %s\n", result.error().message.c_str());
        return false;
    }
    std::fprintf(stderr,
                 "demo: %zu templates from %s; %d new assignments for technician '%s' today.\n"
                 "demo: give a tablet a token with: fieldcheck-depot token create --data %s --technician %s\n",
                 templates->size(), dir.c_str(), result->created, technician.c_str(), store.dir().c_str(),
                 technician.c_str());
    return true;
}

// A whole number in [low, high] from option `name`, into `out`; false (and `out` untouched) otherwise.
bool parse_bounded(const CommandArgs& args, const char* name, std::int64_t low, std::int64_t high, int& out) {
    const auto text = args.option(name);
    if (!text) return true;
    const auto n = parse_wire_number(*text);
    if (!n || *n < low || *n > high) return false;
    out = static_cast<int>(*n);
    return true;
}

bool parse_listen(const std::string& text, std::string& host, int& port) {
    const auto colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0) return false;
    host = text.substr(0, colon);
    const auto p = parse_wire_number(text.substr(colon + 1));
    if (!p || *p > 65535) return false;
    port = static_cast<int>(*p);
    return true;
}

}  // namespace

int run_serve(int argc, char** argv, Clock& clock) {
    if (asks_for_help(argc, argv)) return print_help(kUsage, kHelp);
    // Why: glibc gives threads malloc arenas of their own (up to 8 per core) and keeps what is freed
    // in each; with 64 pool threads and request bodies of up to a few MiB, a flood of requests left
    // the depot tens of MiB bigger for good. Two arenas, and large buffers always mapped (returned to
    // the system when freed) keep its memory near what the requests in flight need. Set before any
    // thread starts.
    mallopt(M_ARENA_MAX, 2);
    mallopt(M_MMAP_THRESHOLD, 128 * 1024);
    const CommandArgs args = parse_command_args(
        argc, argv,
        {"--data", "--listen", "--tls-cert", "--tls-key", "--demo-technician", "--templates", "--threads",
         "--request-head-timeout", "--max-connections-per-address"},
        {"--demo"});
    if (!args.error.empty()) return usage_error("serve", args.error, kUsage);
    if (!args.positional.empty()) return usage_error("serve", "unexpected argument " + args.positional[0], kUsage);
    const auto data = args.option("--data");
    if (!data) return usage_error("serve", "--data DIR is required", kUsage);
    DepotServerOptions options;
    if (!parse_listen(args.option("--listen").value_or("127.0.0.1:8470"), options.host, options.port)) {
        return usage_error("serve", "--listen takes HOST:PORT, e.g. 127.0.0.1:8470 (port 0: any free port)", kUsage);
    }
    if (!parse_bounded(args, "--threads", 2, 1024, options.threads)) {
        return usage_error("serve", "--threads takes a whole number from 2 to 1024", kUsage);
    }
    if (!parse_bounded(args, "--request-head-timeout", 1, 3600, options.request_head_timeout_s)) {
        return usage_error("serve", "--request-head-timeout takes whole seconds from 1 to 3600", kUsage);
    }
    if (!parse_bounded(args, "--max-connections-per-address", 1, 100000, options.max_connections_per_address)) {
        return usage_error("serve", "--max-connections-per-address takes a whole number from 1 to 100000", kUsage);
    }
    if (options.max_connections_per_address >= options.threads) {
        return usage_error("serve", "--max-connections-per-address must be below --threads (" + std::to_string(options.threads) +
                                        "), or one address could hold every worker", kUsage);
    }
    options.tls_cert = args.option("--tls-cert").value_or("");
    options.tls_key = args.option("--tls-key").value_or("");

    auto store = DepotStore::open(*data);
    if (!store) {
        std::fprintf(stderr, "fieldcheck-depot serve: %s\n", store.error().message.c_str());
        return 1;
    }
    if (args.has("--demo")) {
        const std::string technician = args.option("--demo-technician").value_or(kDefaultDemoTechnician);
        if (!is_wire_id(technician)) return usage_error("serve", "--demo-technician takes an id like tech-01", kUsage);
        const std::filesystem::path dir = args.option("--templates").value_or(find_templates_dir().string());
        if (dir.empty()) {
            std::fprintf(stderr, "fieldcheck-depot serve: cannot find the demo templates; give --templates DIR\n");
            return 1;
        }
        if (!load_demo(*store.value(), dir, technician, clock)) return 1;
    }

    // Signals are taken by one thread with sigwait, so stopping is an ordinary call, not a handler.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    signal(SIGPIPE, SIG_IGN);  // a client that hangs up mid-answer must not end the depot

    auto server = DepotServer::bind(*store.value(), clock, options);
    if (!server) {
        std::fprintf(stderr, "fieldcheck-depot serve: %s\n", server.error().message.c_str());
        return 1;
    }
    std::printf("fieldcheck-depot listening on %s://%s:%d (data %s)\n", server.value()->tls() ? "https" : "http",
                options.host.c_str(), server.value()->port(), store.value()->dir().c_str());
    std::fflush(stdout);

    DepotServer* running = server.value().get();
    std::thread stopper([&stop_signals, running] {
        int received = 0;
        sigwait(&stop_signals, &received);
        running->stop();
    });
    const bool ok = running->run();
    if (!ok) {
        // The listener failed on its own: wake the signal thread so it can be joined.
        kill(getpid(), SIGTERM);
    }
    stopper.join();
    std::fprintf(stderr, "fieldcheck-depot: stopped\n");
    return ok ? 0 : 1;
}

}  // namespace fc
