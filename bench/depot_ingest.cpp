// depot_ingest [DIR]: how many sealed visits one depot takes in per second from 16 concurrent
// tablets on loopback, each enrolled with its own device key and signing every request as the
// tablet client does (Content-Digest, Signature-Input, Signature; the visit with its
// Fieldcheck-Record-Signature): record only, and with a 30 KB signature and two 1 MB photos per
// visit (each file HEAD, then PUT, then the visit: the tablet's protocol). Each visit is replayed
// through the engine, checked and committed durably (WAL, synchronous=FULL) before its 201. The
// baseline, in the same run and directory: one-row SQLite commits with synchronous=FULL back to
// back. The three are measured in alternating rounds; each figure is the median of its rounds:
//   FIGURE depot_ingest_meta visits/s, FIGURE depot_ingest_files visits/s,
//   FIGURE sqlite_durable_commits commits/s.
// DIR defaults to a new directory under the current one (bench/run passes one on the filesystem it measures).
#include <httplib.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "bench/bench_figure.h"
#include "bench/bench_visits.h"
#include "sync/depot/depot_server.h"
#include "sync/depot/depot_store.h"
#include "sync/wire/request_signature.h"
#include "sync/wire/wire_messages.h"
#include "tests/sync/depot/signed_tablet.h"
#include "tests/sync/depot/visit_walker.h"

namespace {

using SteadyClock = std::chrono::steady_clock;

double seconds_since(SteadyClock::time_point start) {
    return std::chrono::duration<double>(SteadyClock::now() - start).count();
}

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const auto index = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
    return v[std::min(index, v.size() - 1)];
}

[[noreturn]] void die(const std::string& what) {
    std::fprintf(stderr, "depot_ingest: %s\n", what.c_str());
    std::exit(1);
}

struct Scenario {
    const char* name;
    bool with_files;
    int clients;
    int visits;
};

struct Result {
    double seconds = 0;
    double mib = 0;
    std::vector<double> latency_ms;
};

// One request as a tablet sends it, signed before the clock starts (a signature holds for five
// minutes and each has its own nonce), so only the depot's work is timed.
struct SignedRequest {
    std::string method;
    std::string path;
    const std::string* body = nullptr;
    httplib::Headers headers;
};

SignedRequest signed_request(const fc::DeviceSigner& signer, const char* method, std::string path, const std::string* body) {
    const std::int64_t now_s = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    SignedRequest r{method, std::move(path), body, fc::test::signed_headers(signer, method, r.path, body ? *body : "", now_s)};
    return r;
}

// A visit's requests in the tablet's order: each file's HEAD, then its PUT, then the visit.
struct VisitRequests {
    std::vector<SignedRequest> heads;
    std::vector<SignedRequest> puts;
    SignedRequest visit;
};

VisitRequests sign_visit(const fc::DeviceSigner& signer, const std::string& visit_id, const fc::test::SealedVisit& v) {
    VisitRequests out;
    for (const auto& [sha, bytes] : v.files) {
        const std::string path = "/api/v1/attachments/" + sha;
        out.heads.push_back(signed_request(signer, "HEAD", path, nullptr));
        out.puts.push_back(signed_request(signer, "PUT", path, &bytes));
    }
    out.visit = signed_request(signer, "PUT", "/api/v1/visits/" + visit_id, &v.record);
    out.visit.headers.emplace(std::string(fc::kRecordSignatureHeader), fc::record_signature_header(signer.key, visit_id, v.seal));
    return out;
}

Result run_scenario(const std::filesystem::path& dir, const Scenario& sc) {
    auto opened = fc::DepotStore::open(dir);
    if (!opened) die(opened.error().message);
    fc::DepotStore& store = *opened.value();
    const auto checklist = std::make_shared<const fc::ChecklistTemplate>(fc::bench::bench_template(sc.with_files));
    if (auto r = store.import_template(*checklist, 1); !r) die(r.error().message);
    // Each client is one tablet with its own device key, as enrollment leaves it.
    std::vector<fc::DeviceSigner> signers;
    for (int c = 0; c < sc.clients; ++c) signers.push_back(fc::test::register_signer(store, fc::bench::kBenchTechnician, "tablet " + std::to_string(c)));

    // Walked and sealed before the clock starts: only the depot's work is timed.
    auto [plan, visits] = fc::bench::bench_visits(sc.name, checklist, sc.visits);
    if (auto r = store.put_assignments(plan, 1); !r) die(r.error().message);
    std::vector<VisitRequests> requests;
    for (std::size_t i = 0; i < visits.size(); ++i) {
        requests.push_back(sign_visit(signers[i % signers.size()], plan[i].visit_id, visits[i]));
    }

    fc::DepotServerOptions options;
    options.port = 0;
    options.log = nullptr;
    options.threads = std::max(16, 2 * sc.clients);
    fc::SystemClock clock;
    auto server = fc::DepotServer::bind(store, clock, options);
    if (!server) die(server.error().message);
    std::thread serving([s = server.value().get()] { s->run(); });

    Result result;
    std::vector<std::vector<double>> latencies(static_cast<std::size_t>(sc.clients));
    std::atomic<int> failures{0};
    std::mutex first_failure_mutex;
    std::string first_failure;
    const auto fail = [&](const httplib::Result& r, const std::string& what) {
        ++failures;
        std::lock_guard lock(first_failure_mutex);
        if (first_failure.empty()) {
            first_failure = what + ": " + (r ? std::to_string(r->status) + " " + r->body : httplib::to_string(r.error()));
        }
    };
    std::atomic<bool> go{false};
    std::vector<std::thread> clients;
    for (int c = 0; c < sc.clients; ++c) {
        clients.emplace_back([&, c] {
            httplib::Client client("127.0.0.1", server.value()->port());
            client.set_tcp_nodelay(true);
            client.set_keep_alive(true);
            client.set_connection_timeout(5, 0);
            client.set_read_timeout(60, 0);
            client.set_write_timeout(60, 0);
            while (!go) std::this_thread::yield();
            for (std::size_t i = static_cast<std::size_t>(c); i < visits.size(); i += static_cast<std::size_t>(sc.clients)) {
                const auto start = SteadyClock::now();
                const fc::test::SealedVisit& v = visits[i];
                const VisitRequests& rq = requests[i];
                for (std::size_t f = 0; f < rq.heads.size(); ++f) {
                    auto head = client.Head(rq.heads[f].path.c_str(), rq.heads[f].headers);
                    if (head && head->status == 200) continue;
                    const SignedRequest& put_rq = rq.puts[f];
                    auto put = client.Put(put_rq.path.c_str(), put_rq.headers, *put_rq.body, "application/octet-stream");
                    if (!put || (put->status != 201 && put->status != 200)) fail(put, "attachment");
                }
                auto r = client.Put(rq.visit.path.c_str(), rq.visit.headers, v.record, "application/json");
                auto receipt = r ? fc::decode_receipt(r->body) : fc::Expected<fc::DepotReceipt>(fc::make_error(fc::ErrorCode::unreachable, "no answer"));
                if (!r || r->status != 201 || !receipt || receipt->seal != v.seal) fail(r, "visit " + plan[i].visit_id);
                latencies[static_cast<std::size_t>(c)].push_back(
                    std::chrono::duration<double, std::milli>(SteadyClock::now() - start).count());
            }
        });
    }
    const auto start = SteadyClock::now();
    go = true;
    for (auto& t : clients) t.join();
    result.seconds = seconds_since(start);
    server.value()->stop();
    serving.join();

    if (failures != 0) {
        die(std::string(sc.name) + ": " + std::to_string(failures.load()) + " uploads failed, the first: " + first_failure);
    }
    if (store.visit_count().value() != sc.visits) die(std::string(sc.name) + ": the depot does not hold every visit");
    for (const auto& v : visits) {
        result.mib += static_cast<double>(v.record.size());
        for (const auto& [sha, bytes] : v.files) result.mib += static_cast<double>(bytes.size());
    }
    result.mib /= 1024.0 * 1024.0;
    for (auto& l : latencies) result.latency_ms.insert(result.latency_ms.end(), l.begin(), l.end());
    return result;
}

// One-row INSERT transactions with WAL and synchronous=FULL, back to back, for about `seconds`.
double durable_commits_per_second(const std::filesystem::path& dir, double seconds) {
    std::filesystem::create_directories(dir);
    sqlite3* db = nullptr;
    if (sqlite3_open((dir / "commits.db").c_str(), &db) != SQLITE_OK) die("cannot open commits.db");
    sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE t(x BLOB)", nullptr, nullptr, nullptr);
    sqlite3_stmt* insert = nullptr;
    sqlite3_prepare_v2(db, "INSERT INTO t VALUES(randomblob(200))", -1, &insert, nullptr);
    int commits = 0;
    const auto start = SteadyClock::now();
    while (seconds_since(start) < seconds) {
        sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
        sqlite3_step(insert);
        sqlite3_reset(insert);
        if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) die("commit failed");
        ++commits;
    }
    const double rate = commits / seconds_since(start);
    sqlite3_finalize(insert);
    sqlite3_close(db);
    return rate;
}


double median(std::vector<double> v) { return percentile(std::move(v), 0.5); }

double run_and_print(const std::filesystem::path& dir, const Scenario& sc) {
    ::sync();
    const Result r = run_scenario(dir / sc.name, sc);
    std::printf("%-10s %7d %7d %10.1f %10.1f %9.1f %10.1f %10.1f\n", sc.name, sc.clients, sc.visits, r.mib * 1024.0 / sc.visits,
                sc.visits / r.seconds, r.mib / r.seconds, percentile(r.latency_ms, 0.5), percentile(r.latency_ms, 0.99));
    std::fflush(stdout);
    std::filesystem::remove_all(dir / sc.name);
    return sc.visits / r.seconds;
}

}  // namespace

int main(int argc, char** argv) {
    std::filesystem::path dir;
    if (argc > 1) {
        dir = argv[1];
    } else {
        std::string pattern = (std::filesystem::current_path() / "depot-ingest-XXXXXX").string();
        if (!mkdtemp(pattern.data())) die("cannot create a scratch directory");
        dir = pattern;
    }
    std::filesystem::create_directories(dir);
    struct statfs fs {};
    statfs(dir.c_str(), &fs);
    std::printf("depot_ingest: scratch %s (statfs type 0x%lx); one depot in-process, 16 signing clients over loopback\n",
                std::filesystem::absolute(dir).c_str(), static_cast<unsigned long>(fs.f_type));
    std::printf("%-10s %7s %7s %10s %10s %9s %10s %10s\n", "scenario", "clients", "visits", "KiB/visit", "visits/s", "MiB/s",
                "p50 ms", "p99 ms");

    const Scenario meta{"meta-16", false, 16, 1600};
    const Scenario files{"files-16", true, 16, 64};
    constexpr int kRounds = 3;
    std::vector<double> commit_rates, meta_rates, file_rates;
    for (int round = 0; round < kRounds; ++round) {
        // Why sync() first: on ext4 an fsync also waits for other dirty data in its journal commit,
        // so megabytes of photos still in the page cache would make every later commit slow.
        // The order alternates, so neither side always runs on the disk the other just left.
        const auto commits = [&] {
            ::sync();
            commit_rates.push_back(durable_commits_per_second(dir / ("commit-rate-" + std::to_string(round)), 2.0));
            std::printf("%-10s %7s %7s %10s %10.1f   (one-row durable SQLite commits/s)\n", "sqlite", "1", "-", "-", commit_rates.back());
            std::filesystem::remove_all(dir / ("commit-rate-" + std::to_string(round)));
        };
        if (round % 2 == 0) commits();
        meta_rates.push_back(run_and_print(dir, meta));
        file_rates.push_back(run_and_print(dir, files));
        if (round % 2 == 1) commits();
    }
    std::printf("meta: the visit record only; files: + a 30 KiB signature and two 1 MiB photos, each HEAD then PUT.\n"
                "Every request signed (Ed25519) by its tablet's enrolled key. Latency: one visit, first request to receipt.\n");
    fc::bench::print_figure("depot_ingest_meta", median(meta_rates), "visits/s");
    fc::bench::print_figure("depot_ingest_files", median(file_rates), "visits/s");
    fc::bench::print_figure("sqlite_durable_commits", median(commit_rates), "commits/s");
    if (argc <= 1) std::filesystem::remove_all(dir);
    return 0;
}
