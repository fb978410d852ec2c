// The load the depot ingest benches send (depot_ingest, depot_fleet): tablets enrolled with their own
// device keys, their visits walked, sealed and signed before the clock starts, and the clients that
// send them at once, each on one keep-alive connection, as the tablet's sync pass does. Also the
// baseline both compare with: durable one-row SQLite commits back to back.
// A failure throws std::runtime_error; each program says it in its own name.
#pragma once

#include <httplib.h>
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "bench/bench_visits.h"
#include "sync/depot/depot_store.h"
#include "sync/wire/request_signature.h"
#include "sync/wire/wire_messages.h"
#include "tests/sync/depot/signed_tablet.h"
#include "tests/sync/depot/visit_walker.h"

namespace fc::bench {

using SteadyClock = std::chrono::steady_clock;

inline double seconds_since(SteadyClock::time_point start) {
    return std::chrono::duration<double>(SteadyClock::now() - start).count();
}

inline double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const auto index = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
    return v[std::min(index, v.size() - 1)];
}

// One request as a tablet sends it, signed before the clock starts (a signature holds for five
// minutes and each has its own nonce), so only the depot's work is timed.
struct SignedRequest {
    std::string method;
    std::string path;
    const std::string* body = nullptr;
    httplib::Headers headers;
};

inline SignedRequest signed_request(const DeviceSigner& signer, const char* method, std::string path, const std::string* body) {
    const std::int64_t now_s = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    httplib::Headers headers = test::signed_headers(signer, method, path, body ? *body : "", now_s);
    return SignedRequest{method, std::move(path), body, std::move(headers)};
}

// A visit's requests in the tablet's order: each file's HEAD, then its PUT, then the visit.
struct VisitRequests {
    std::vector<SignedRequest> heads;
    std::vector<SignedRequest> puts;
    SignedRequest visit;
};

inline VisitRequests sign_visit(const DeviceSigner& signer, const std::string& visit_id, const test::SealedVisit& v) {
    VisitRequests out;
    for (const auto& [sha, bytes] : v.files) {
        const std::string path = "/api/v1/attachments/" + sha;
        out.heads.push_back(signed_request(signer, "HEAD", path, nullptr));
        out.puts.push_back(signed_request(signer, "PUT", path, &bytes));
    }
    out.visit = signed_request(signer, "PUT", "/api/v1/visits/" + visit_id, &v.record);
    out.visit.headers.emplace(std::string(kRecordSignatureHeader), record_signature_header(signer.key, visit_id, v.seal));
    return out;
}

// What one run sends: `visits` visits named `<name>-<i>` from `clients` tablets (visit i from tablet
// i mod clients); with_files adds a 30 KiB signature and two 1 MiB photos per visit.
struct IngestLoad {
    std::string name;
    bool with_files = false;
    int clients = 16;
    int visits = 0;
};

// The load made ready against one depot's data: its template imported, its visits assigned, each
// tablet's key registered, every request signed.
struct PreparedLoad {
    IngestLoad load;
    std::vector<Assignment> plan;
    std::vector<test::SealedVisit> visits;
    std::vector<VisitRequests> requests;
    double mib = 0;  // records and files, what the tablets send
};

inline PreparedLoad prepare_load(DepotStore& store, const IngestLoad& load) {
    const auto checklist = std::make_shared<const ChecklistTemplate>(bench_template(load.with_files));
    if (auto r = store.import_template(*checklist, 1); !r) throw std::runtime_error(r.error().message);
    std::vector<DeviceSigner> signers;
    for (int c = 0; c < load.clients; ++c) signers.push_back(test::register_signer(store, kBenchTechnician, "tablet " + std::to_string(c)));
    PreparedLoad out{load, {}, {}, {}, 0};
    auto [plan, visits] = bench_visits(load.name, checklist, load.visits);
    if (auto r = store.put_assignments(plan, 1); !r) throw std::runtime_error(r.error().message);
    for (std::size_t i = 0; i < visits.size(); ++i) {
        out.requests.push_back(sign_visit(signers[i % signers.size()], plan[i].visit_id, visits[i]));
        out.mib += static_cast<double>(visits[i].record.size());
        for (const auto& [sha, bytes] : visits[i].files) out.mib += static_cast<double>(bytes.size());
    }
    out.mib /= 1024.0 * 1024.0;
    out.plan = std::move(plan);
    out.visits = std::move(visits);
    return out;
}

// Where the tablets send: "http://127.0.0.1:PORT" or "https://HOST:PORT" with the CA that signed
// its certificate.
struct LoadTarget {
    std::string base_url;
    std::string ca_file;  // "" for http
};

struct LoadResult {
    double seconds = 0;
    std::vector<double> latency_ms;  // one per visit: its first request to its receipt
};

// Sends every visit at once from load.clients threads. Every visit must be answered 201 with a
// receipt for its own seal: an error, a 200 ("already stored") or a wrong receipt throws, with the
// count and the first failure's status and body.
inline LoadResult send_load(const PreparedLoad& p, const LoadTarget& target) {
    const auto clients_n = static_cast<std::size_t>(p.load.clients);
    std::vector<std::vector<double>> latencies(clients_n);
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
    for (std::size_t c = 0; c < clients_n; ++c) {
        clients.emplace_back([&, c] {
            httplib::Client client(target.base_url);
            if (!target.ca_file.empty()) client.set_ca_cert_path(target.ca_file.c_str());
            client.set_tcp_nodelay(true);
            client.set_keep_alive(true);
            client.set_connection_timeout(5, 0);
            client.set_read_timeout(60, 0);
            client.set_write_timeout(60, 0);
            while (!go) std::this_thread::yield();
            for (std::size_t i = c; i < p.visits.size(); i += clients_n) {
                const auto start = SteadyClock::now();
                const VisitRequests& rq = p.requests[i];
                for (std::size_t f = 0; f < rq.heads.size(); ++f) {
                    auto head = client.Head(rq.heads[f].path.c_str(), rq.heads[f].headers);
                    if (head && head->status == 200) continue;
                    const SignedRequest& put_rq = rq.puts[f];
                    auto put = client.Put(put_rq.path.c_str(), put_rq.headers, *put_rq.body, "application/octet-stream");
                    if (!put || (put->status != 201 && put->status != 200)) fail(put, "attachment");
                }
                auto r = client.Put(rq.visit.path.c_str(), rq.visit.headers, p.visits[i].record, "application/json");
                auto receipt = r ? decode_receipt(r->body) : Expected<DepotReceipt>(make_error(ErrorCode::unreachable, "no answer"));
                if (!r || r->status != 201 || !receipt || receipt->seal != p.visits[i].seal) fail(r, "visit " + p.plan[i].visit_id);
                latencies[c].push_back(std::chrono::duration<double, std::milli>(SteadyClock::now() - start).count());
            }
        });
    }
    LoadResult result;
    const auto start = SteadyClock::now();
    go = true;
    for (auto& t : clients) t.join();
    result.seconds = seconds_since(start);
    if (failures != 0) {
        throw std::runtime_error(p.load.name + ": " + std::to_string(failures.load()) + " uploads failed, the first: " + first_failure);
    }
    for (auto& l : latencies) result.latency_ms.insert(result.latency_ms.end(), l.begin(), l.end());
    return result;
}

// After a run: the depot holds every visit exactly once (its visit ids are unique, so a count of
// exactly load.visits means none lost and none doubled).
inline void check_stored_once(DepotStore& store, const PreparedLoad& p) {
    auto count = store.visit_count();
    if (!count) throw std::runtime_error(p.load.name + ": visit_count failed: " + count.error().message);
    if (count.value() != p.load.visits) {
        throw std::runtime_error(p.load.name + ": the depot holds " + std::to_string(count.value()) + " visits, not the " +
                                 std::to_string(p.load.visits) + " sent");
    }
}

// One-row INSERT transactions with WAL and synchronous=FULL, back to back, for about `seconds`.
inline double sqlite_durable_commits_per_second(const std::filesystem::path& dir, double seconds) {
    std::filesystem::create_directories(dir);
    sqlite3* db = nullptr;
    if (sqlite3_open((dir / "commits.db").c_str(), &db) != SQLITE_OK) throw std::runtime_error("cannot open commits.db in " + dir.string());
    sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE t(x BLOB)", nullptr, nullptr, nullptr);
    sqlite3_stmt* insert = nullptr;
    sqlite3_prepare_v2(db, "INSERT INTO t VALUES(randomblob(200))", -1, &insert, nullptr);
    int commits = 0;
    const auto start = SteadyClock::now();
    while (seconds_since(start) < seconds) {
        sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
        sqlite3_step(insert);
        sqlite3_reset(insert);
        if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) throw std::runtime_error("a SQLite commit failed");
        ++commits;
    }
    const double rate = commits / seconds_since(start);
    sqlite3_finalize(insert);
    sqlite3_close(db);
    return rate;
}

}  // namespace fc::bench
