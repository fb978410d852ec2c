#pragma once
// WatchedDepot: the real `fieldcheck-depot serve` as a child process, over HTTP or HTTPS, whose
// stdout and stderr (its whole log) go to files the test reads; and the tablet program `fieldcheck`.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "tests/sync/depot/depot_process.h"

namespace fc::test {

inline std::string tablet_binary() { return std::string(FIELDCHECK_BIN_DIR) + "/fieldcheck"; }

// Runs `fieldcheck ARGS...` (enroll, sync) to completion.
inline CommandResult run_tablet(const std::vector<std::string>& args) {
    std::vector<std::string> full = {tablet_binary()};
    full.insert(full.end(), args.begin(), args.end());
    return run_program(full);
}

struct WatchedDepot : ChildProcess {
    int port = 0;
    std::string scheme;
    std::filesystem::path out_path;
    std::filesystem::path err_path;

    // `serve --data DATA --listen 127.0.0.1:0 EXTRA...`; its output goes to LOG_DIR/NAME.out and .err.
    WatchedDepot(const std::filesystem::path& data, const std::filesystem::path& log_dir, const std::string& name,
                 const std::vector<std::string>& extra = {})
        : out_path(log_dir / (name + ".out")), err_path(log_dir / (name + ".err")) {
        const int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (out < 0 || err < 0) throw std::runtime_error("cannot create the depot's log files in " + log_dir.string());
        std::vector<std::string> args = {depot_binary(), "serve", "--data", data.string(), "--listen", "127.0.0.1:0"};
        if (testing_postgres()) args.insert(args.end(), {"--db", test_pg_url_for(data)});
        args.insert(args.end(), extra.begin(), extra.end());
        pid = spawn_with(args, out, err);
        ::close(out);
        ::close(err);
        // The first line on stdout says where it listens: "fieldcheck-depot listening on URL (data DIR)".
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        for (;;) {
            const std::string printed = read_file(out_path);
            const auto at = printed.find("listening on ");
            const auto end = printed.find('\n');
            if (at != std::string::npos && end != std::string::npos) {
                const std::string url = printed.substr(at + 13, printed.find(' ', at + 13) - at - 13);
                const auto colon = url.rfind(':');
                scheme = url.substr(0, url.find(':'));
                port = std::stoi(url.substr(colon + 1));
                return;
            }
            int status = 0;
            if (waitpid(pid, &status, WNOHANG) == pid) {
                pid = -1;
                throw std::runtime_error("the depot did not start: " + read_file(err_path));
            }
            if (std::chrono::steady_clock::now() > deadline) {
                kill_now();
                throw std::runtime_error("the depot did not say where it listens within 30 s");
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    }

    std::string url(const std::string& host = "127.0.0.1") const { return scheme + "://" + host + ":" + std::to_string(port); }

    // Everything the depot printed so far, stdout then stderr.
    std::string log() const { return read_file(out_path) + read_file(err_path); }
};

}  // namespace fc::test
