// depot_fleet [DIR]: issue 16's acceptance figures in one run. 64 tablets at once, each enrolled with
// its own device key and signing every request (bench/depot_load.h, the load depot_ingest sends),
// send their visits — record only, and with a 30 KB signature and two 1 MB photos — to
//   sqlite: one depot on SQLite (in-process DepotServer, plain HTTP on loopback),
//   pg:     one depot on PostgreSQL (in-process, plain HTTP on loopback),
//   nginx2: two depots on that PostgreSQL, each with its own store (connections, writer, readers)
//           and server, behind a real nginx with TLS made from the shipped site file
//           (scripts/fleet-nginx.sh: only its ports and certificate paths changed); the tablets
//           speak HTTPS to nginx, the instances trust it as their proxy (--trusted-proxy).
// Beside them, the machine's durable single-commit rate: one-row SQLite commits (WAL,
// synchronous=FULL) and one-row autocommit INSERTs on the same PostgreSQL (synchronous_commit=on).
// Every run checks that every visit was answered 201 with its own receipt and is stored exactly
// once (visit_count). Each PostgreSQL run gets a fresh schema, dropped after.
// PostgreSQL: a throw-away cluster (scripts/pg-cluster.sh, needs root) started and stopped here, or
// FIELDCHECK_BENCH_PG=URL: a database whose role may CREATE SCHEMA there (nothing else is touched).
// Prints a table and, for bench/run, FIGURE fleet_<sqlite|pg|nginx2>_<meta|files> visits/s (and
// _p50, _p99 in ms per visit: its first request to its receipt), FIGURE fleet_sqlite_commits and
// fleet_pg_commits commits/s. DIR (the SQLite depots and the shared attachments directory)
// defaults to a new directory under the current one.
#include <libpq-fe.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "bench/bench_figure.h"
#include "bench/depot_load.h"
#include "sync/depot/db/pg_depot_db.h"
#include "sync/depot/depot_server.h"
#include "sync/depot/depot_store.h"

namespace {

namespace fs = std::filesystem;
using fc::bench::IngestLoad;

constexpr int kTablets = 64;
// Sized so each run takes a few seconds on 2 cores (a shorter one is mostly its start and end);
// the files load holds its 256 visits' 520 MB in memory, signed before the clock starts.
const IngestLoad kMeta{"meta", false, kTablets, kTablets * 50};
const IngestLoad kFiles{"files", true, kTablets, kTablets * 4};

// Runs a clean-up command; a failure is said, not thrown (it runs in destructors).
void run_cleanup(const std::string& command) {
    if (std::system(command.c_str()) != 0) std::fprintf(stderr, "depot_fleet: clean-up failed: %s\n", command.c_str());
}

// A command's standard output, trimmed; its failure (its own words are on standard error) throws.
std::string run_command(const std::string& command) {
    std::FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) throw std::runtime_error("cannot run: " + command);
    std::string out;
    char buf[512];
    while (std::fgets(buf, sizeof buf, pipe)) out += buf;
    if (pclose(pipe) != 0) throw std::runtime_error("failed: " + command);
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
    return out;
}

std::string script(const char* name) { return std::string(FIELDCHECK_SOURCE_DIR) + "/scripts/" + name; }

fs::path scratch_dir(const char* prefix) {
    std::string pattern = (fs::temp_directory_path() / (std::string(prefix) + ".XXXXXX")).string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("cannot make a directory like " + pattern);
    return pattern;
}

std::string with_search_path(const std::string& url, const std::string& schema) {
    return url + (url.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema;
}

// The PostgreSQL the runs share: a throw-away cluster started here (and stopped by the destructor),
// or the database FIELDCHECK_BENCH_PG names. Each run gets a schema of its own.
class BenchPostgres {
public:
    BenchPostgres() {
        if (const char* url = std::getenv("FIELDCHECK_BENCH_PG"); url && *url) {
            admin_url_ = depot_url_ = url;
            return;
        }
        cluster_ = scratch_dir("fieldcheck-bench-pg");
        depot_url_ = run_command(script("pg-cluster.sh") + " start " + cluster_.string());
        // The cluster trusts 127.0.0.1: the superuser makes each schema for the depot's role.
        const std::string role = "fieldcheck_depot@";
        admin_url_ = depot_url_;
        admin_url_.replace(admin_url_.find(role), role.size(), "postgres@");
        owner_ = "fieldcheck_depot";
    }
    ~BenchPostgres() {
        if (!cluster_.empty()) run_cleanup(script("pg-cluster.sh") + " stop " + cluster_.string());
    }
    BenchPostgres(const BenchPostgres&) = delete;
    BenchPostgres& operator=(const BenchPostgres&) = delete;

    // A new empty schema: the depot's URL that works in it.
    std::string fresh(const std::string& schema) {
        admin_exec("CREATE SCHEMA " + schema + (owner_.empty() ? "" : " AUTHORIZATION " + owner_));
        return with_search_path(depot_url_, schema);
    }
    void drop(const std::string& schema) { admin_exec("DROP SCHEMA IF EXISTS " + schema + " CASCADE"); }

private:
    void admin_exec(const std::string& sql) {
        auto admin = fc::PgDepotDb::connect(admin_url_);
        if (!admin) throw std::runtime_error("PostgreSQL: " + admin.error().message);
        if (fc::Status s = admin.value()->exec(sql, sql); !s) throw std::runtime_error("PostgreSQL: " + s.error().message);
    }
    fs::path cluster_;
    std::string admin_url_, depot_url_, owner_;
};

// One-row autocommit INSERTs (synchronous_commit=on) back to back on one connection, for `seconds`.
double pg_durable_commits_per_second(const std::string& url, double seconds) {
    PGconn* conn = PQconnectdb(url.c_str());
    const auto check = [&](PGresult* r, ExecStatusType want, const char* what) {
        const bool ok = PQresultStatus(r) == want;
        PQclear(r);
        if (!ok) throw std::runtime_error(std::string("PostgreSQL commit rate, ") + what + ": " + PQerrorMessage(conn));
    };
    if (PQstatus(conn) != CONNECTION_OK) {
        const std::string why = PQerrorMessage(conn);
        PQfinish(conn);
        throw std::runtime_error("PostgreSQL commit rate: " + why);
    }
    check(PQexec(conn, "SET synchronous_commit = on"), PGRES_COMMAND_OK, "SET");
    check(PQexec(conn, "CREATE TABLE commit_rate(x bytea)"), PGRES_COMMAND_OK, "CREATE TABLE");
    check(PQprepare(conn, "insert", "INSERT INTO commit_rate VALUES ($1)", 1, nullptr), PGRES_COMMAND_OK, "PREPARE");
    const std::string row(200, 'x');  // the size of the SQLite baseline's row
    const char* values[] = {row.data()};
    const int lengths[] = {static_cast<int>(row.size())};
    const int binary[] = {1};
    int commits = 0;
    const auto start = fc::bench::SteadyClock::now();
    while (fc::bench::seconds_since(start) < seconds) {
        check(PQexecPrepared(conn, "insert", 1, values, lengths, binary, 0), PGRES_COMMAND_OK, "INSERT");
        ++commits;
    }
    const double rate = commits / fc::bench::seconds_since(start);
    PQfinish(conn);
    return rate;
}

// One depot instance in this process: its own store (and with it its own connections) and server.
struct Instance {
    fc::SystemClock clock;
    std::unique_ptr<fc::DepotStore> store;
    std::unique_ptr<fc::DepotServer> server;
    std::thread serving;

    Instance(const fc::DepotLocation& where, bool behind_proxy) {
        auto opened = fc::DepotStore::open(where);
        if (!opened) throw std::runtime_error("opening the depot: " + opened.error().message);
        store = std::move(opened.value());
        fc::DepotServerOptions options;
        options.port = 0;
        options.log = nullptr;
        // Each tablet holds one keep-alive connection: a worker each, and as many again for nginx's.
        options.threads = 2 * kTablets;
        // In the field 64 tablets come from 64 addresses; here they share 127.0.0.1.
        if (behind_proxy) {
            options.trusted_proxies = {"127.0.0.1"};
        } else {
            options.max_connections_per_address = 2 * kTablets;
        }
        auto bound = fc::DepotServer::bind(*store, clock, options);
        if (!bound) throw std::runtime_error("binding the depot: " + bound.error().message);
        server = std::move(bound.value());
        serving = std::thread([s = server.get()] { s->run(); });
    }
    ~Instance() {
        server->stop();
        serving.join();
    }
    Instance(const Instance&) = delete;
    Instance& operator=(const Instance&) = delete;
    std::string url() const { return "http://127.0.0.1:" + std::to_string(server->port()); }
};

// nginx in front of two instances (scripts/fleet-nginx.sh), stopped by the destructor.
struct RunningNginx {
    fs::path dir = scratch_dir("fieldcheck-bench-nginx");
    std::string url;
    RunningNginx(int port_1, int port_2) {
        url = run_command(script("fleet-nginx.sh") + " start " + dir.string() + " " + std::to_string(port_1) + " " +
                          std::to_string(port_2));
    }
    ~RunningNginx() { run_cleanup(script("fleet-nginx.sh") + " stop " + dir.string()); }
    RunningNginx(const RunningNginx&) = delete;
    RunningNginx& operator=(const RunningNginx&) = delete;
    std::string ca_file() const { return (dir / "tls" / "ca.pem").string(); }
};

struct Measured {
    double visits_per_s = 0, mib_per_s = 0, p50_ms = 0, p99_ms = 0;
};

Measured measure(const fc::bench::PreparedLoad& load, const fc::bench::LoadTarget& target) {
    const fc::bench::LoadResult r = fc::bench::send_load(load, target);
    return {load.load.visits / r.seconds, load.mib / r.seconds, fc::bench::percentile(r.latency_ms, 0.5),
            fc::bench::percentile(r.latency_ms, 0.99)};
}

Measured run_sqlite(const fs::path& dir, const IngestLoad& load) {
    Instance depot(fc::DepotLocation{dir, ""}, false);
    const auto prepared = fc::bench::prepare_load(*depot.store, load);
    const Measured m = measure(prepared, {depot.url(), ""});
    fc::bench::check_stored_once(*depot.store, prepared);
    return m;
}

Measured run_pg(const fs::path& dir, const std::string& url, const IngestLoad& load) {
    Instance depot(fc::DepotLocation{dir, url}, false);
    const auto prepared = fc::bench::prepare_load(*depot.store, load);
    const Measured m = measure(prepared, {depot.url(), ""});
    fc::bench::check_stored_once(*depot.store, prepared);
    return m;
}

// Two instances on one schema and one attachments directory, nginx in front. The load is made
// ready through the first (as an admin's command would, before the tablets come).
Measured run_nginx2(const fs::path& dir, const std::string& url, const IngestLoad& load) {
    Instance first(fc::DepotLocation{dir, url}, true);
    const auto prepared = fc::bench::prepare_load(*first.store, load);
    Instance second(fc::DepotLocation{dir, url}, true);
    RunningNginx nginx(first.server->port(), second.server->port());
    const Measured m = measure(prepared, {nginx.url, nginx.ca_file()});
    fc::bench::check_stored_once(*first.store, prepared);
    fc::bench::check_stored_once(*second.store, prepared);
    return m;
}

void print_row(const char* config, const IngestLoad& load, const Measured& m) {
    std::printf("%-7s %-6s %7d %7d %10.1f %9.1f %9.1f %9.1f\n", config, load.name.c_str(), load.clients, load.visits, m.visits_per_s,
                m.mib_per_s, m.p50_ms, m.p99_ms);
    std::fflush(stdout);
    const std::string figure = std::string("fleet_") + config + "_" + load.name;
    fc::bench::print_figure(figure.c_str(), m.visits_per_s, "visits/s");
    fc::bench::print_figure((figure + "_p50").c_str(), m.p50_ms, "ms");
    fc::bench::print_figure((figure + "_p99").c_str(), m.p99_ms, "ms");
}

// Why sync() before each: on ext4 an fsync also waits for other dirty data in its journal commit,
// so megabytes of photos from the run before would slow the next one's commits.
void run_all(const fs::path& dir, BenchPostgres& pg) {
    std::printf("%-7s %-6s %7s %7s %10s %9s %9s %9s\n", "depot", "load", "tablets", "visits", "visits/s", "MiB/s", "p50 ms", "p99 ms");
    ::sync();
    const double sqlite_commits = fc::bench::sqlite_durable_commits_per_second(dir / "commit-rate", 2.0);
    fs::remove_all(dir / "commit-rate");
    std::printf("%-7s %-6s %7s %7s %10.1f   (one-row durable SQLite commits/s)\n", "sqlite", "commit", "1", "-", sqlite_commits);
    fc::bench::print_figure("fleet_sqlite_commits", sqlite_commits, "commits/s");
    ::sync();
    const std::string schema = "fieldcheck_bench_" + std::to_string(getpid());
    const double pg_commits = pg_durable_commits_per_second(pg.fresh(schema + "_commits"), 2.0);
    pg.drop(schema + "_commits");
    std::printf("%-7s %-6s %7s %7s %10.1f   (one-row autocommit PostgreSQL INSERTs/s)\n", "pg", "commit", "1", "-", pg_commits);
    fc::bench::print_figure("fleet_pg_commits", pg_commits, "commits/s");
    for (const IngestLoad& load : {kMeta, kFiles}) {
        ::sync();
        print_row("sqlite", load, run_sqlite(dir / ("sqlite-" + load.name), load));
        fs::remove_all(dir / ("sqlite-" + load.name));
        for (const char* config : {"pg", "nginx2"}) {
            ::sync();
            const std::string name = schema + "_" + config + "_" + load.name;
            const fs::path data = dir / name;
            const std::string url = pg.fresh(name);
            print_row(config, load, config == std::string("pg") ? run_pg(data, url, load) : run_nginx2(data, url, load));
            pg.drop(name);
            fs::remove_all(data);
        }
    }
    std::printf("meta: the visit record only; files: + a 30 KiB signature and two 1 MiB photos, each HEAD then PUT.\n"
                "Every request signed (Ed25519) by its tablet's enrolled key; %d tablets at once, one keep-alive\n"
                "connection each. Latency: one visit, its first request to its receipt.\n",
                kTablets);
}

int run(int argc, char** argv) {
    fs::path dir;
    if (argc > 1) {
        dir = argv[1];
    } else {
        std::string pattern = (fs::current_path() / "depot-fleet-XXXXXX").string();
        if (!mkdtemp(pattern.data())) throw std::runtime_error("cannot create a scratch directory");
        dir = pattern;
    }
    fs::create_directories(dir);
    struct statfs sfs {};
    statfs(dir.c_str(), &sfs);
    std::printf("depot_fleet: scratch %s (statfs type 0x%lx); %d signing tablets over loopback; %u cores\n",
                fs::absolute(dir).c_str(), static_cast<unsigned long>(sfs.f_type), kTablets, std::thread::hardware_concurrency());
    std::fflush(stdout);
    {
        BenchPostgres pg;
        run_all(dir, pg);
    }
    if (argc <= 1) fs::remove_all(dir);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "depot_fleet: %s\n", e.what());
        return 1;
    }
}
