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
#include <stdlib.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "bench/bench_figure.h"
#include "bench/depot_load.h"
#include "sync/depot/depot_server.h"
#include "sync/depot/depot_store.h"

namespace {

using fc::bench::percentile;

[[noreturn]] void die(const std::string& what) {
    std::fprintf(stderr, "depot_ingest: %s\n", what.c_str());
    std::exit(1);
}

struct Result {
    double seconds = 0;
    double mib = 0;
    std::vector<double> latency_ms;
};

Result run_scenario(const std::filesystem::path& dir, const fc::bench::IngestLoad& sc) {
    auto opened = fc::DepotStore::open(dir);
    if (!opened) die(opened.error().message);
    fc::DepotStore& store = *opened.value();
    // Walked, sealed and signed before the clock starts: only the depot's work is timed.
    const fc::bench::PreparedLoad load = fc::bench::prepare_load(store, sc);

    fc::DepotServerOptions options;
    options.port = 0;
    options.log = nullptr;
    options.threads = std::max(16, 2 * sc.clients);
    fc::SystemClock clock;
    auto server = fc::DepotServer::bind(store, clock, options);
    if (!server) die(server.error().message);
    std::thread serving([s = server.value().get()] { s->run(); });
    fc::bench::LoadResult sent;
    try {
        sent = fc::bench::send_load(load, {"http://127.0.0.1:" + std::to_string(server.value()->port()), ""});
    } catch (const std::exception& e) {
        server.value()->stop();
        serving.join();
        die(e.what());
    }
    server.value()->stop();
    serving.join();
    fc::bench::check_stored_once(store, load);
    return Result{sent.seconds, load.mib, sent.latency_ms};
}

double median(std::vector<double> v) { return percentile(std::move(v), 0.5); }

double run_and_print(const std::filesystem::path& dir, const fc::bench::IngestLoad& sc) {
    ::sync();
    const Result r = run_scenario(dir / sc.name, sc);
    std::printf("%-10s %7d %7d %10.1f %10.1f %9.1f %10.1f %10.1f\n", sc.name.c_str(), sc.clients, sc.visits, r.mib * 1024.0 / sc.visits,
                sc.visits / r.seconds, r.mib / r.seconds, percentile(r.latency_ms, 0.5), percentile(r.latency_ms, 0.99));
    std::fflush(stdout);
    std::filesystem::remove_all(dir / sc.name);
    return sc.visits / r.seconds;
}

int run(int argc, char** argv) {
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

    const fc::bench::IngestLoad meta{"meta-16", false, 16, 1600};
    const fc::bench::IngestLoad files{"files-16", true, 16, 64};
    constexpr int kRounds = 3;
    std::vector<double> commit_rates, meta_rates, file_rates;
    for (int round = 0; round < kRounds; ++round) {
        // Why sync() first: on ext4 an fsync also waits for other dirty data in its journal commit,
        // so megabytes of photos still in the page cache would make every later commit slow.
        // The order alternates, so neither side always runs on the disk the other just left.
        const auto commits = [&] {
            ::sync();
            commit_rates.push_back(fc::bench::sqlite_durable_commits_per_second(dir / ("commit-rate-" + std::to_string(round)), 2.0));
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

}  // namespace

int main(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const std::exception& e) {
        die(e.what());
    }
}
