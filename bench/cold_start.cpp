// Exec → first frame of the real `fieldcheck` with 10,000 visits stored and with an empty store,
// against bench/bare_window (a bare GLFW + GL window of the same size that clears and swaps once).
// Each child prints the CLOCK_MONOTONIC moment of its first swap; the time is from just before the
// fork to that moment. Rounds alternate the three (and their order); the figures are medians.
// Under X: without DISPLAY the program runs itself again under `xvfb-run -a` (Mesa's software GL).
//
//   cold_start SCRATCH_DIR [rounds]
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "bench/bench_figure.h"
#include "bench/visit_history.h"
#include "checklists/time_format.h"

namespace {

long long monotonic_ns() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<long long>(ts.tv_sec) * 1'000'000'000LL + ts.tv_nsec;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2];
}

// Runs `args` (args[0] the program's path) and returns ms from the fork to the first frame the
// child reports; a negative value when it reported none.
double first_frame_ms(const std::vector<std::string>& args) {
    int out[2];
    if (pipe(out) != 0) return -1;
    std::vector<char*> argv;
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    const long long forked = monotonic_ns();
    const pid_t pid = fork();
    if (pid == 0) {
        dup2(out[1], STDOUT_FILENO);
        close(out[0]);
        close(out[1]);
        execv(argv[0], argv.data());
        _exit(127);
    }
    close(out[1]);
    std::string said;
    char buf[4096];
    for (ssize_t n; (n = read(out[0], buf, sizeof buf)) > 0;) said.append(buf, static_cast<std::size_t>(n));
    close(out[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    const std::size_t at = said.find("FIRST_FRAME_MONOTONIC_NS ");
    if (at == std::string::npos) {
        std::fprintf(stderr, "cold_start: %s reported no first frame (exit %d)\n", args[0].c_str(), status);
        return -1;
    }
    const long long swapped = std::atoll(said.c_str() + at + std::strlen("FIRST_FRAME_MONOTONIC_NS "));
    return static_cast<double>(swapped - forked) / 1e6;
}

// Without a display: the same command again under a virtual X server of the app's size.
int under_xvfb(int argc, char** argv) {
    std::vector<std::string> args = {"xvfb-run", "-a", "-s", "-screen 0 1280x800x24"};
    args.emplace_back(std::filesystem::read_symlink("/proc/self/exe").string());
    for (int i = 1; i < argc; ++i) args.emplace_back(argv[i]);
    std::vector<char*> v;
    for (std::string& a : args) v.push_back(a.data());
    v.push_back(nullptr);
    execvp("xvfb-run", v.data());
    std::perror("cold_start: xvfb-run");
    return 1;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: cold_start SCRATCH_DIR [rounds]\n");
        return 2;
    }
    if (!std::getenv("DISPLAY")) return under_xvfb(argc, argv);
    const std::filesystem::path scratch = argv[1];
    const int rounds = argc > 2 ? std::max(1, std::atoi(argv[2])) : 7;
    const std::filesystem::path bin = std::filesystem::read_symlink("/proc/self/exe").parent_path();

    // The history as the app's clock sees it: the real today.
    fc::SystemClock clock;
    const std::int64_t today = fc::local_day_start_ms(clock.now().wall_ms);
    const std::filesystem::path full = scratch / "cold_10k";
    const std::filesystem::path empty = scratch / "cold_empty";
    std::filesystem::remove_all(full);
    std::filesystem::remove_all(empty);
    if (!fc::bench::seed_visits(full, clock, today, 10'000 - 6, fc::bench::VisitDays::History)) return 1;
    if (!fc::DeviceStore::open(empty, clock)) return 1;  // made once, as a tablet's first start leaves it
    std::printf("seeded %s (10,000 visits) and %s (none)\n", full.c_str(), empty.c_str());

    const std::string app = (bin / "fieldcheck").string();
    const std::vector<std::string> with_10k = {app, "--data", full.string(), "--lang", "en", "--exit-after-first-frame"};
    const std::vector<std::string> with_none = {app, "--data", empty.string(), "--lang", "en", "--exit-after-first-frame"};
    const std::vector<std::string> bare = {(bin / "bare_window").string()};
    // One start of each first, not counted: the page cache holds the programs and the files.
    first_frame_ms(with_10k);
    first_frame_ms(with_none);
    first_frame_ms(bare);
    std::vector<double> t_10k;
    std::vector<double> t_none;
    std::vector<double> t_bare;
    for (int r = 0; r < rounds; ++r) {
        // Alternating, and the order turned each round, so neither side always goes first.
        const double a = r % 2 == 0 ? first_frame_ms(with_10k) : first_frame_ms(bare);
        const double b = r % 2 == 0 ? first_frame_ms(bare) : first_frame_ms(with_10k);
        const double c = first_frame_ms(with_none);
        const double ours = r % 2 == 0 ? a : b;
        const double base = r % 2 == 0 ? b : a;
        if (ours < 0 || base < 0 || c < 0) return 1;
        t_10k.push_back(ours);
        t_bare.push_back(base);
        t_none.push_back(c);
        std::printf("round %d: 10k %.0f ms, empty %.0f ms, bare window %.0f ms\n", r + 1, ours, c, base);
    }
    std::printf("medians: 10k %.0f ms, empty %.0f ms, bare window %.0f ms; 10k is %.0f ms above the bare window\n",
                median(t_10k), median(t_none), median(t_bare), median(t_10k) - median(t_bare));
    fc::bench::print_figure("cold_start_10k", median(t_10k), "ms");
    fc::bench::print_figure("cold_start_empty", median(t_none), "ms");
    fc::bench::print_figure("bare_window_start", median(t_bare), "ms");
    return 0;
}
