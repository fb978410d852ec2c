// `fieldcheck-depot check-template FILE...` run as a real process on good, bad and hostile files.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "test_template_support.h"

extern char** environ;

namespace {

namespace fs = std::filesystem;

const std::string kDepot = FIELDCHECK_BIN_DIR "/fieldcheck-depot";

struct Run {
    int exit_code = -1;  // 128 + signal when killed
    bool timed_out = false;
    std::string output;  // stdout and stderr, interleaved
    double seconds = 0;
};

// Runs the depot with `args`, killing it if it takes longer than `limit`.
Run run_depot(const std::vector<std::string>& args, std::chrono::seconds limit = std::chrono::seconds(20)) {
    REQUIRE_MESSAGE(fs::exists(kDepot), kDepot << " is missing: build the fieldcheck-depot target first");
    int fds[2];
    REQUIRE(::pipe2(fds, O_CLOEXEC) == 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 2);
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(kDepot.c_str()));
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);

    const auto start = std::chrono::steady_clock::now();
    pid_t pid = 0;
    const int spawned = ::posix_spawn(&pid, kDepot.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    REQUIRE(spawned == 0);

    Run run;
    const auto deadline = start + limit;
    char buffer[4096];
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            run.timed_out = true;
            ::kill(pid, SIGKILL);
            break;
        }
        pollfd p{fds[0], POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
        const ssize_t n = ::read(fds[0], buffer, sizeof buffer);
        if (n <= 0) break;
        run.output.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(fds[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return run;
}

// A fresh directory under the system temp dir, removed with everything in it at the end.
struct TempDir {
    fs::path path;
    TempDir() {
        std::string pattern = (fs::temp_directory_path() / "fieldcheck-check-template-XXXXXX").string();
        REQUIRE(::mkdtemp(pattern.data()) != nullptr);
        path = pattern;
    }
    ~TempDir() {
        std::error_code ignored;
        fs::remove_all(path, ignored);
    }
    std::string write(const std::string& name, const std::string& bytes) const {
        const fs::path file = path / name;
        std::ofstream out(file, std::ios::binary);
        out << bytes;
        return file.string();
    }
};

bool has_line(const std::string& output, const std::string& line) {
    return ("\n" + output).find("\n" + line + "\n") != std::string::npos;
}

}  // namespace

TEST_CASE("check-template prints ok with the counts for each good file and exits 0") {
    const std::string dir = FIELDCHECK_SOURCE_DIR "/templates/";
    const std::string fiber = dir + "fiber-modem-install-en.json";
    const std::string wifi = dir + "wifi-activation-nl.json";
    const Run run = run_depot({"check-template", fiber, wifi});
    CHECK(run.exit_code == 0);
    CHECK_MESSAGE(has_line(run.output, fiber + ": ok (fiber-modem-install-en v3, format 3, 4 prechecks, 10 steps, 5 handover items, "
                                              "5 survey questions)"),
                  run.output);
    CHECK_MESSAGE(has_line(run.output, wifi + ": ok (wifi-activation-nl v3, format 3, 3 prechecks, 8 steps, 5 handover items, "
                                             "5 survey questions)"),
                  run.output);
}

TEST_CASE("check-template lists a serial pattern that is too long or does not compile at its path, and exits 1") {
    const TempDir tmp;
    const std::string steps = R"({"id": "photo", "kind": "photo", "title": "Photo of the modem"})";
    const std::string bad = fc::test::with(
        fc::test::sample_with("fieldcheck-template/1", "fieldcheck-template/3"), steps,
        R"({"id": "ont", "kind": "serial", "title": "ONT", "pattern": "ALCL[0-9A-F"},
           {"id": "meter", "kind": "serial", "title": "Meter", "pattern": ")" + std::string(201, 'x') + R"("})");
    const std::string bad_file = tmp.write("patterns.json", bad);
    const Run run = run_depot({"check-template", bad_file});
    CHECK(run.exit_code == 1);
    CHECK_MESSAGE(run.output.find(bad_file + ": $.steps[3].pattern: the pattern is not a valid ECMAScript regular expression") !=
                      std::string::npos,
                  run.output);
    CHECK_MESSAGE(run.output.find(bad_file + ": $.steps[4].pattern: the pattern is 201 bytes; at most 200") != std::string::npos,
                  run.output);
}

TEST_CASE("check-template prints every problem as FILE: path: sentence and exits 1") {
    const TempDir tmp;
    std::string bad = fc::test::sample_with(R"("kind": "check")", R"("kind": "chek")");
    bad = fc::test::with(bad, R"("touchpoint": "arrival")", R"("touchpoint": "arrival", "default": 5)");
    const std::string bad_file = tmp.write("bad.json", bad);
    const std::string good_file = tmp.write("good.json", fc::test::kSampleTemplate);

    const Run run = run_depot({"check-template", good_file, bad_file});
    CHECK(run.exit_code == 1);
    CHECK_MESSAGE(has_line(run.output, good_file + ": ok (sample-job v1, format 1, 1 precheck, 4 steps, 1 handover item, "
                                                   "5 survey questions)"),
                  run.output);
    CHECK_MESSAGE(run.output.find(bad_file + ": $.steps[0].kind: unknown step kind 'chek'") != std::string::npos, run.output);
    CHECK_MESSAGE(has_line(run.output, bad_file + ": $.survey[0].default: a survey question cannot have a default answer: "
                                                  "the survey is the customer's"),
                  run.output);
}

TEST_CASE("check-template names an unreadable file and a directory, and exits 1") {
    const TempDir tmp;
    const std::string missing = (tmp.path / "missing.json").string();
    const Run run = run_depot({"check-template", missing, tmp.path.string()});
    CHECK(run.exit_code == 1);
    CHECK_MESSAGE(has_line(run.output, missing + ": cannot open the file: No such file or directory"), run.output);
    CHECK_MESSAGE(has_line(run.output, tmp.path.string() + ": this is a directory, not a template file"), run.output);
}

TEST_CASE("check-template exits 2 on a usage error") {
    const Run none = run_depot({"check-template"});
    CHECK(none.exit_code == 2);
    CHECK(none.output.find("usage: fieldcheck-depot check-template FILE...") != std::string::npos);
    const Run option = run_depot({"check-template", "--frobnicate", "x.json"});
    CHECK(option.exit_code == 2);
    CHECK(option.output.find("unknown option '--frobnicate'") != std::string::npos);
}

TEST_CASE("check-template survives hostile bytes: exits 1 quickly, never crashes") {
    const TempDir tmp;
    std::mt19937 rng(99);
    std::string random_bytes(300000, '\0');
    for (auto& c : random_bytes) c = static_cast<char>(rng());
    const std::vector<std::string> files = {
        tmp.write("brackets.json", std::string(1000000, '[')),
        tmp.write("braces.json", std::string(1000000, '{')),
        tmp.write("random.bin", random_bytes),
        tmp.write("empty.json", ""),
        tmp.write("huge.json", std::string(3 * 1024 * 1024, ' ')),
        tmp.write("long-fraction.json", fc::test::sample_with("-27", "-0." + std::string(5000, '0') + "1")),
        tmp.write("nul.json", fc::test::kSampleTemplate + std::string(1, '\0') + "junk"),
        tmp.write("escape.json", fc::test::sample_with(R"("language": "en")", "\"language\": \"en\", \"\x1b[2J\": 1")),
        tmp.path.string(),
    };
    for (const auto& file : files) {
        CAPTURE(file);
        const Run run = run_depot({"check-template", file});
        CHECK_FALSE(run.timed_out);
        CHECK(run.exit_code == 1);  // a problem reported, not a crash (which would be 128 + signal)
        CHECK(run.seconds < 5.0);
        CHECK(run.output.rfind(file + ": ", 0) == 0);
        CHECK(run.output.find('\x1b') == std::string::npos);
    }
}
