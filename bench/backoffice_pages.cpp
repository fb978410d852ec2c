// backoffice_pages [DIR] [--visits N] [--rounds R]: the back office's pages with a year of data
// (row backoffice_pages_100k). Fills a depot with N sealed visits (default 100,000) spread over the
// last 365 days: 40 technicians, the six shipped templates, 30,000 customers, one in six visits not
// possible, scores of every kind, a few hurried surveys that get flagged; each visit walked through the
// real engine, sealed and taken in by the real ingest (replayed, checked, committed). Then serves the
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
#include "tests/sync/depot/depot_test_support.h"

namespace {

using SteadyClock = std::chrono::steady_clock;
constexpr std::int64_t kDayMs = 86'400'000;
constexpr int kTechnicians = 40;
constexpr int kCustomers = 30'000;

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

std::string technician(int i) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "tech-%02d", i % kTechnicians + 1);
    return buf;
}

struct Seed {
    std::vector<std::shared_ptr<const fc::ChecklistTemplate>> templates;
    std::vector<fc::Assignment> assignments;
    std::vector<std::int64_t> starts;  // each visit's walk start (wall ms)
};

Seed plan_visits(int count, std::int64_t now_ms) {
    Seed seed;
    for (const char* name : {"fiber-modem-install-nl", "fiber-modem-install-en", "wifi-activation-nl", "wifi-activation-en",
                             "dsl-alarm-line-nl", "dsl-alarm-line-en"}) {
        seed.templates.push_back(fc::test::repo_template(name));
    }
    std::mt19937 rng(14);
    for (int i = 0; i < count; ++i) {
        const auto& t = *seed.templates[static_cast<std::size_t>(rng() % seed.templates.size())];
        const int customer = static_cast<int>(rng() % kCustomers);
        fc::Assignment a = fc::test::make_assignment("V-" + std::to_string(100000 + i), technician(static_cast<int>(rng())), t,
                                                     "job-" + std::to_string(customer) + "-" + std::to_string(rng() % 2));
        a.customer_id = "C-" + std::to_string(customer);
        a.customer_name = "Klant " + std::to_string(customer);
        a.address = "Straat " + std::to_string(customer % 300) + ", Ede";
        a.technician_name = "Monteur " + a.technician_id.substr(5);
        // Spread over the year, in order, so the depot takes them in as the year went.
        const std::int64_t start = now_ms - 365 * kDayMs + static_cast<std::int64_t>(i) * (365 * kDayMs / count);
        a.window_start_ms = start - 3'600'000;
        a.window_end_ms = start + 3'600'000;
        seed.assignments.push_back(std::move(a));
        seed.starts.push_back(start);
    }
    return seed;
}

fc::test::WalkPlan walk_plan(std::mt19937& rng, int i) {
    fc::test::WalkPlan plan;
    plan.salt = std::to_string(i);
    plan.photo_bytes = 64;
    plan.signature_bytes = 64;
    plan.not_possible = rng() % 6 == 0;
    plan.customer_absent = !plan.not_possible && rng() % 50 == 0;
    std::discrete_distribution<int> score({4, 6, 12, 38, 40});
    plan.scores = {score(rng) + 1, score(rng) + 1, score(rng) + 1, score(rng) + 1};
    if (rng() % 40 == 0) plan.survey_gap_ms = 150;  // hurried: the depot flags it
    plan.survey_comment = rng() % 4 == 0 ? "Vriendelijk en duidelijk" : "";
    return plan;
}

void fill(fc::DepotStore& store, const fc::SigningKey& key, int count) {
    const std::int64_t now_ms = fc::SystemClock().now().wall_ms;
    Seed seed = plan_visits(count, now_ms);
    for (const auto& t : seed.templates) {
        if (auto r = store.import_template(*t, now_ms); !r) die(r.error().message);
    }
    // Seeding only: the bench measures reading, and 100,000 durable commits would take most of an hour.
    store.with_db([](sqlite3* db, const std::filesystem::path&) { return sqlite3_exec(db, "PRAGMA synchronous = OFF", nullptr, nullptr, nullptr); });
    for (std::size_t at = 0; at < seed.assignments.size(); at += 2000) {
        const std::size_t end = std::min(seed.assignments.size(), at + 2000);
        std::vector<fc::Assignment> batch(seed.assignments.begin() + static_cast<long>(at), seed.assignments.begin() + static_cast<long>(end));
        if (auto r = store.put_assignments(batch, now_ms); !r) die(r.error().message);
    }
    std::mt19937 rng(15);
    const auto start = SteadyClock::now();
    for (int i = 0; i < count; ++i) {
        const fc::Assignment& a = seed.assignments[static_cast<std::size_t>(i)];
        fc::Visit v(a, *store.template_for(a.template_id, a.template_version));
        fc::test::WalkSinks sinks;
        sinks.attach = [&](const std::string& bytes) -> fc::Expected<std::string> {
            const std::string sha = fc::sha256_hex(bytes);
            if (auto r = store.record_attachment(sha, static_cast<std::int64_t>(bytes.size()), now_ms); !r) return r.error();
            return sha;
        };
        const std::int64_t walk_start = seed.starts[static_cast<std::size_t>(i)];
        if (auto s = fc::test::walk_visit(v, walk_plan(rng, i), sinks, {walk_start, 500'000}); !s) die("walk: " + s.error().message);
        const fc::DepotReply reply = fc::ingest_visit(store, key, a.technician_id, a.visit_id, fc::encode_visit_record(v), walk_start + 7'200'000);
        if (reply.status != 201) die("ingest " + a.visit_id + ": " + reply.body);
        if ((i + 1) % 10000 == 0) {
            std::printf("  seeded %d visits (%.0f a second)\n", i + 1, (i + 1) / std::chrono::duration<double>(SteadyClock::now() - start).count());
            std::fflush(stdout);
        }
    }
    store.with_db([](sqlite3* db, const std::filesystem::path&) { return sqlite3_exec(db, "PRAGMA synchronous = FULL; ANALYZE", nullptr, nullptr, nullptr); });
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
            {"/visits flagged", "/visits?flag=survey_too_fast"},
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
    auto user = store.add_office_user("bench-admin", fc::OfficeRole::Admin, fc::Lang::Nl, fc::hash_password("bench password 14").value(), now_ms);
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
        fill(**store, *key, visits);
        std::printf("  seeded in %.0f s\n", std::chrono::duration<double>(SteadyClock::now() - start).count());
        fc::test::write_file(depot_dir / "seeded", std::to_string(visits));
    }
    std::printf("backoffice_pages_100k: %d visits, %d requests a page\n", visits, rounds);
    measure(**store, rounds);
    return 0;
}
