// backoffice_pages [DIR] [--visits N] [--rounds R]: the back office's pages with a year of data
// (row backoffice_pages_100k). Fills a depot with N sealed visits (default 100,000; year_of_visits.h:
// 40 technicians, the six shipped templates, 30,000 customers, every outcome, flagged surveys), each
// taken in by the real ingest. Then serves the
// depot on loopback and times R requests of every page (after two warm-up requests each), logged in
// as an admin, and prints the median and p99 per page. DIR defaults to a new directory here.
#include <httplib.h>
#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "checklists/sha256.h"
#include "sync/depot/depot_ingest.h"
#include "sync/depot/depot_key.h"
#include "sync/depot/depot_server.h"
#include "sync/depot/depot_store.h"
#include "sync/depot/office/office_password.h"
#include "sync/wire/device_token.h"
#include "checklists/time_format.h"
#include <sqlite3.h>
#include "tests/sync/depot/year_of_visits.h"

namespace {

using SteadyClock = std::chrono::steady_clock;
constexpr std::int64_t kDayMs = 86'400'000;

[[noreturn]] void die(const std::string& what) {
    std::fprintf(stderr, "backoffice_pages: %s\n", what.c_str());
    std::exit(1);
}

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const auto index = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
    return v[std::min(index, v.size() - 1)];
}

struct Page {
    std::string name;
    std::string path;
};

std::vector<Page> pages(fc::DepotStore& store, std::int64_t now_ms) {
    const std::string day = fc::local_iso_date(now_ms - 200 * kDayMs), later = fc::local_iso_date(now_ms - 170 * kDayMs);
    std::string visit = "V-150000", customer = "C-1234";
    return {{"/visits", "/visits"},
            {"/visits page 100", "/visits?page=100"},
            {"/visits one technician", "/visits?technician=tech-07"},
            {"/visits a month", "/visits?from=" + day + "&to=" + later},
            {"/visits not possible, one template", "/visits?outcome=not_possible&template=dsl-alarm-line-nl"},
            {"/visits flagged", "/visits?flag=impossible_pace"},
            {"/visits/{id}", "/visits/" + visit},
            {"/customers/{id}", "/customers/" + customer},
            {"/satisfaction", "/satisfaction"},
            {"/satisfaction one technician", "/satisfaction?technician=tech-07"},
            {"/failures", "/failures"},
            {"/integrity", "/integrity"},
            {"/templates", "/templates"},
            {"/planning", "/planning"},
            {"/devices", "/devices"},
            {"/users", "/users"}};
}

void measure(fc::DepotStore& store, int rounds) {
    fc::SystemClock clock;
    fc::DepotServerOptions options;
    options.port = 0;
    options.log = nullptr;
    auto server = fc::DepotServer::bind(store, clock, options);
    if (!server) die(server.error().message);
    std::thread serving([s = server->get()] { s->run(); });
    const std::int64_t now_ms = clock.now().wall_ms;
    // A new account each run: a seeded depot is measured again and again.
    auto user = store.add_office_user("bench-admin-" + std::to_string(now_ms), fc::OfficeRole::Admin, fc::Lang::Nl,
                                      fc::hash_password("bench password 14").value(), now_ms);
    if (!user) die(user.error().message);
    const std::string token = fc::generate_device_token().value();
    if (auto s = store.start_office_session(user->id, fc::sha256_hex(token), fc::generate_device_token().value(), now_ms); !s) die(s.error().message);
    httplib::Client client("127.0.0.1", (*server)->port());
    client.set_tcp_nodelay(true);
    client.set_read_timeout(60, 0);
    const httplib::Headers cookie{{"Cookie", "fc_session=" + token}};
    std::printf("%-36s %6s %10s %10s %9s\n", "page", "status", "median ms", "p99 ms", "bytes");
    for (const Page& page : pages(store, now_ms)) {
        std::vector<double> ms;
        int status = 0;
        std::size_t bytes = 0;
        for (int i = 0; i < rounds + 2; ++i) {
            const auto t0 = SteadyClock::now();
            auto r = client.Get(page.path.c_str(), cookie);
            const double took = std::chrono::duration<double, std::milli>(SteadyClock::now() - t0).count();
            if (!r) die("no answer for " + page.path);
            status = r->status;
            bytes = r->body.size();
            if (i >= 2) ms.push_back(took);
        }
        std::printf("%-36s %6d %10.1f %10.1f %9zu\n", page.name.c_str(), status, percentile(ms, 0.5), percentile(ms, 0.99), bytes);
    }
    (*server)->stop();
    serving.join();
}

}  // namespace

int main(int argc, char** argv) {
    std::filesystem::path dir = "backoffice-pages-data";
    int visits = 100'000, rounds = 50;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--visits" && i + 1 < argc) visits = std::atoi(argv[++i]);
        else if (arg == "--rounds" && i + 1 < argc) rounds = std::atoi(argv[++i]);
        else dir = arg;
    }
    const std::filesystem::path depot_dir = dir / "depot";
    const bool seeded = std::filesystem::exists(depot_dir / "seeded");
    auto store = fc::DepotStore::open(depot_dir);
    if (!store) die(store.error().message);
    auto key = fc::load_or_create_depot_key(depot_dir);
    if (!key) die(key.error().message);
    if (!seeded) {
        std::printf("backoffice_pages_100k: seeding %d visits\n", visits);
        const auto start = SteadyClock::now();
        fc::test::YearPlan plan;
        plan.visits = visits;
        plan.now_ms = fc::SystemClock().now().wall_ms;
        plan.progress = [start](int done) {
            std::printf("  seeded %d visits (%.0f a second)\n", done, done / std::chrono::duration<double>(SteadyClock::now() - start).count());
            std::fflush(stdout);
        };
        try {
            fc::test::fill_year(**store, *key, plan);
        } catch (const std::exception& e) {
            die(e.what());
        }
        std::printf("  seeded in %.0f s\n", std::chrono::duration<double>(SteadyClock::now() - start).count());
        fc::test::write_file(depot_dir / "seeded", std::to_string(visits));
    }
    std::printf("backoffice_pages_100k: %d visits, %d requests a page\n", visits, rounds);
    measure(**store, rounds);
    return 0;
}
