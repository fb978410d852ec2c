// pouchdb_ingest DIR POUCHDB_SERVER: the baseline for depot_ingest. Starts pouchdb-server (npm, its
// default LevelDB store, which does not fsync each write) with its database in DIR, and lets 16
// clients send it the same sealed visits the depot bench sends, each as one replicated document:
// `POST /db/_bulk_docs` with `new_edits: false`, the record inline and, in the files scenario, the
// 30 KiB signature and two 1 MiB photos inline as base64 attachments (how PouchDB replication sends
// them). Prints pouchdb_ingest_meta and pouchdb_ingest_files (visits/s).
#include <fcntl.h>
#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <sodium.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "bench/bench_figure.h"
#include "bench/bench_visits.h"
#include "checklists/sha256.h"

extern char** environ;

namespace {

constexpr int kClients = 16;

[[noreturn]] void die(const std::string& what) {
    std::fprintf(stderr, "pouchdb_ingest: %s\n", what.c_str());
    std::exit(1);
}

int free_port() {
    const int s = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
        ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
        die("no free port on 127.0.0.1");
    }
    ::close(s);
    return ntohs(a.sin_port);
}

// pouchdb-server in its own directory, until the destructor stops it.
class PouchServer {
public:
    PouchServer(const std::string& program, const std::filesystem::path& dir) : port_(free_port()) {
        std::filesystem::create_directories(dir);
        const std::string port = std::to_string(port_);
        const std::string data = dir.string();
        const std::string config = (dir / "config.json").string();  // not ./config.json in the checkout
        std::vector<std::string> args = {program, "--port", port, "--dir", data, "--config", config, "--no-stdout-logs"};
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        // Its request log goes to a file: on the terminal it would cost the server time and bury the figures.
        const std::string log = (dir / "pouchdb-server.log").string();
        posix_spawn_file_actions_t files;
        posix_spawn_file_actions_init(&files);
        posix_spawn_file_actions_addopen(&files, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        posix_spawn_file_actions_adddup2(&files, STDOUT_FILENO, STDERR_FILENO);
        posix_spawn_file_actions_addchdir_np(&files, data.c_str());  // its own log.txt lands there
        const int spawned = posix_spawn(&pid_, program.c_str(), &files, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&files);
        if (spawned != 0) die("cannot start " + program);
        httplib::Client probe("127.0.0.1", port_);
        for (int i = 0; i < 300; ++i) {
            if (auto r = probe.Get("/"); r && r->status == 200) return;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        die("pouchdb-server did not answer on port " + port);
    }
    ~PouchServer() {
        ::kill(pid_, SIGTERM);
        int status = 0;
        ::waitpid(pid_, &status, 0);
    }
    PouchServer(const PouchServer&) = delete;
    PouchServer& operator=(const PouchServer&) = delete;
    int port() const { return port_; }

private:
    int port_;
    pid_t pid_ = -1;
};

std::string base64(const std::string& bytes) {
    std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                      sodium_base64_VARIANT_ORIGINAL);
    out.resize(out.size() - 1);  // the terminating NUL
    return out;
}

// One visit as a replicated document: a first revision, the record, the files inline.
std::string bulk_body(const fc::Assignment& a, const fc::test::SealedVisit& v) {
    std::string doc = R"({"docs":[{"_id":")" + a.visit_id + R"(","_rev":"1-)" + fc::sha256_hex(v.record).substr(0, 32) +
                      R"(","record":)" + v.record;
    if (!v.files.empty()) {
        doc += R"(,"_attachments":{)";
        bool first = true;
        for (const auto& [sha, bytes] : v.files) {
            if (!first) doc += ',';
            first = false;
            doc += '"' + sha + R"(":{"content_type":"application/octet-stream","data":")" + base64(bytes) + "\"}";
        }
        doc += '}';
    }
    return doc + R"(}],"new_edits":false})";
}

double visits_per_second(int port, const std::vector<std::string>& bodies) {
    std::atomic<bool> go{false};
    std::atomic<int> failures{0};
    std::vector<std::thread> clients;
    for (int c = 0; c < kClients; ++c) {
        clients.emplace_back([&, c] {
            httplib::Client client("127.0.0.1", port);
            client.set_tcp_nodelay(true);
            client.set_keep_alive(true);
            client.set_read_timeout(120, 0);
            client.set_write_timeout(120, 0);
            while (!go) std::this_thread::yield();
            for (std::size_t i = static_cast<std::size_t>(c); i < bodies.size(); i += kClients) {
                auto r = client.Post("/bench/_bulk_docs", bodies[i], "application/json");
                if (!r || r->status != 201) ++failures;
            }
        });
    }
    const auto start = std::chrono::steady_clock::now();
    go = true;
    for (auto& t : clients) t.join();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (failures != 0) die(std::to_string(failures.load()) + " documents were refused");
    return static_cast<double>(bodies.size()) / seconds;
}

double run_scenario(const std::string& program, const std::filesystem::path& dir, bool with_files, int count) {
    const auto checklist = std::make_shared<const fc::ChecklistTemplate>(fc::bench::bench_template(with_files));
    const auto visits = fc::bench::bench_visits(with_files ? "files" : "meta", checklist, count);
    std::vector<std::string> bodies;
    for (std::size_t i = 0; i < visits.plan.size(); ++i) bodies.push_back(bulk_body(visits.plan[i], visits.sealed[i]));

    ::sync();  // as the depot bench: earlier runs' dirty pages must not slow this one
    PouchServer server(program, dir);
    httplib::Client admin("127.0.0.1", server.port());
    if (auto r = admin.Put("/bench", "", "application/json"); !r || r->status != 201) die("cannot create the database");
    const double rate = visits_per_second(server.port(), bodies);
    auto info = admin.Get("/bench");
    if (!info || info->body.find("\"doc_count\":" + std::to_string(count)) == std::string::npos) {
        die("the database does not hold every visit: " + (info ? info->body : std::string("no answer")));
    }
    return rate;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) die("usage: pouchdb_ingest DIR POUCHDB_SERVER");
    if (sodium_init() < 0) die("libsodium did not start");
    // Absolute: the server starts in its own directory.
    const std::filesystem::path dir = std::filesystem::absolute(argv[1]);
    const std::string program = std::filesystem::absolute(argv[2]).string();
    std::printf("pouchdb_ingest: pouchdb-server (%s), %d clients over loopback, one document per request\n",
                program.c_str(), kClients);
    const double meta = run_scenario(program, dir / "meta", false, 400);
    std::printf("  record only                          %8.1f visits/s\n", meta);
    const double files = run_scenario(program, dir / "files", true, 48);
    std::printf("  + 30 KiB signature, two 1 MiB photos %8.1f visits/s\n", files);
    fc::bench::print_figure("pouchdb_ingest_meta", meta, "visits/s");
    fc::bench::print_figure("pouchdb_ingest_files", files, "visits/s");
    std::filesystem::remove_all(dir);
    return 0;
}
