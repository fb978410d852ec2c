#pragma once
// The real fieldcheck-depot program as a child process: run a command to completion, or start
// `serve` on a random port and SIGKILL it.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "tests/sync/depot/depot_test_support.h"

extern char** environ;

namespace fc::test {

inline std::string depot_binary() { return std::string(FIELDCHECK_BIN_DIR) + "/fieldcheck-depot"; }

struct CommandResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

// `environment`: NAME=VALUE entries that replace (or add to) this process's environment for the child.
inline pid_t spawn_with(const std::vector<std::string>& args, int stdout_fd, int stderr_fd,
                        const std::vector<std::string>& environment = {}) {
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    std::vector<char*> envp;
    for (char** e = environ; *e; ++e) {
        const std::string_view entry(*e);
        const auto equals = entry.find('=');
        const auto name = equals == std::string_view::npos ? entry : entry.substr(0, equals + 1);
        bool replaced = false;
        for (const auto& mine : environment) replaced = replaced || std::string_view(mine).substr(0, name.size()) == name;
        if (!replaced) envp.push_back(*e);
    }
    for (const auto& mine : environment) envp.push_back(const_cast<char*>(mine.c_str()));
    envp.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, stdout_fd, 1);
    posix_spawn_file_actions_adddup2(&actions, stderr_fd, 2);
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::runtime_error("cannot start " + args[0]);
    return pid;
}

// Runs PROGRAM ARGS... (`full[0]` is the program's path) to completion.
inline CommandResult run_program(const std::vector<std::string>& full) {
    TempDir io;
    const auto out_path = io.path / "out";
    const auto err_path = io.path / "err";
    const int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const pid_t pid = spawn_with(full, out, err);
    ::close(out);
    ::close(err);
    int status = 0;
    waitpid(pid, &status, 0);
    CommandResult r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
    r.out = read_file(out_path);
    r.err = read_file(err_path);
    return r;
}

// Runs `fieldcheck-depot ARGS...` to completion.
// On the PostgreSQL pass every --data DIR is followed by the --db of DIR's schema.
inline CommandResult run_depot(const std::vector<std::string>& args) {
    std::vector<std::string> full = {depot_binary()};
    full.insert(full.end(), args.begin(), args.end());
    if (testing_postgres()) {
        for (std::size_t i = 1; i + 1 < full.size(); ++i) {
            if (full[i] != "--data") continue;
            full.insert(full.begin() + static_cast<long>(i) + 2, {"--db", test_pg_url_for(full[i + 1])});
            break;
        }
    }
    return run_program(full);
}

// `fieldcheck-depot serve --data DIR --listen 127.0.0.1:0` as a child; the port is read from the
// line the depot prints on stdout once it listens.
// A child process the test owns: killed (SIGKILL) when it goes out of scope.
struct ChildProcess {
    pid_t pid = -1;

    ChildProcess() = default;
    ~ChildProcess() { kill_now(); }
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    // SIGKILL: no chance to finish a write, flush or say goodbye.
    void kill_now() {
        if (pid <= 0) return;
        ::kill(pid, SIGKILL);
        int status = 0;
        waitpid(pid, &status, 0);
        pid = -1;
    }

    // SIGTERM: the orderly stop; returns the exit code (-1 when it had already ended).
    int stop() {
        if (pid <= 0) return -1;
        ::kill(pid, SIGTERM);
        int status = 0;
        waitpid(pid, &status, 0);
        pid = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
    }
};

struct DepotProcess : ChildProcess {
    int port = 0;

    // `environment`: NAME=VALUE entries for the child (see spawn_with); `log`: where its stderr goes
    // (empty: /dev/null).
    explicit DepotProcess(const std::filesystem::path& data, const std::vector<std::string>& extra = {},
                          const std::vector<std::string>& environment = {}, const std::filesystem::path& log = {}) {
        int pipe_fds[2];
        if (::pipe(pipe_fds) != 0) throw std::runtime_error("pipe failed");
        const int err_fd = log.empty() ? ::open("/dev/null", O_WRONLY) : ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        std::vector<std::string> args = {depot_binary(), "serve", "--data", data.string(), "--listen", "127.0.0.1:0"};
        if (testing_postgres()) args.insert(args.end(), {"--db", test_pg_url_for(data)});
        args.insert(args.end(), extra.begin(), extra.end());
        pid = spawn_with(args, pipe_fds[1], err_fd, environment);
        ::close(pipe_fds[1]);
        ::close(err_fd);
        std::string line;
        char c = 0;
        while (::read(pipe_fds[0], &c, 1) == 1 && c != '\n') line += c;
        ::close(pipe_fds[0]);
        const auto colon = line.rfind(':');
        const auto space = line.find(' ', colon);
        if (line.find("listening on http://127.0.0.1:") == std::string::npos || colon == std::string::npos) {
            kill_now();
            throw std::runtime_error("the depot did not start: '" + line + "'");
        }
        port = std::stoi(line.substr(colon + 1, space - colon - 1));
    }

    std::string url() const { return "http://127.0.0.1:" + std::to_string(port); }
};

}  // namespace fc::test
