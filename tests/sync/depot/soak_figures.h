#pragma once
// Figures for the soak test: LatencySamples collects durations from many threads and gives
// percentiles; ProcessReading and ProcessWatch read a process's memory, CPU time, open files and
// threads from /proc (the depot's, the test's own) and counts a port's closed loopback connections
// still in TIME_WAIT; machine_text names the machine they ran on.
#include <dirent.h>
#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace fc::test {

// Durations in milliseconds from any number of threads.
class LatencySamples {
public:
    void add(double ms) {
        std::lock_guard lock(mutex_);
        ms_.push_back(ms);
    }
    std::size_t count() const {
        std::lock_guard lock(mutex_);
        return ms_.size();
    }
    // Nearest rank: the smallest sample with at least p of all samples at or below it.
    double percentile(double p) const {
        std::lock_guard lock(mutex_);
        if (ms_.empty()) return 0;
        std::vector<double> sorted = ms_;
        std::sort(sorted.begin(), sorted.end());
        auto rank = static_cast<std::size_t>(p * static_cast<double>(sorted.size()) + 0.999999);
        rank = std::clamp<std::size_t>(rank, 1, sorted.size());
        return sorted[rank - 1];
    }
    double max() const { return percentile(1.0); }
    double sum() const {
        std::lock_guard lock(mutex_);
        double total = 0;
        for (double v : ms_) total += v;
        return total;
    }
    // "p50 1.2 ms, p99 8.4 ms, max 20.1 ms (n 1234)"
    std::string text() const {
        char buf[160];
        std::snprintf(buf, sizeof buf, "p50 %.1f ms, p99 %.1f ms, max %.1f ms (n %zu)", percentile(0.5), percentile(0.99), max(), count());
        return buf;
    }

private:
    mutable std::mutex mutex_;
    std::vector<double> ms_;
};

inline double ms_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

// One look at a process in /proc; zeros when it is gone.
struct ProcessReading {
    std::int64_t rss_kb = 0;   // VmRSS
    double cpu_s = 0;          // user + system time so far
    int open_files = 0;        // entries of /proc/PID/fd
    int threads = 0;
};

inline ProcessReading read_process(pid_t pid) {
    ProcessReading r;
    const std::string base = "/proc/" + std::to_string(pid);
    std::ifstream status(base + "/status");
    for (std::string line; std::getline(status, line);) {
        if (line.rfind("VmRSS:", 0) == 0) r.rss_kb = std::stoll(line.substr(6));
        if (line.rfind("Threads:", 0) == 0) r.threads = std::stoi(line.substr(8));
    }
    // Fields 14 and 15 (utime, stime) in clock ticks, counted after the ")" that ends the name.
    std::ifstream stat_file(base + "/stat");
    std::string stat((std::istreambuf_iterator<char>(stat_file)), std::istreambuf_iterator<char>());
    const auto close = stat.rfind(')');
    if (close != std::string::npos) {
        std::istringstream fields(stat.substr(close + 1));
        std::vector<std::string> f;
        for (std::string w; fields >> w;) f.push_back(w);
        if (f.size() > 12) r.cpu_s = static_cast<double>(std::stoll(f[11]) + std::stoll(f[12])) / static_cast<double>(sysconf(_SC_CLK_TCK));
    }
    if (DIR* d = ::opendir((base + "/fd").c_str())) {
        while (const dirent* e = ::readdir(d)) {
            if (e->d_name[0] != '.') ++r.open_files;
        }
        ::closedir(d);
    }
    return r;
}

// Loopback TCP connections to or from `port` in TIME_WAIT (/proc/net/tcp): each closed connection
// holds an ephemeral port for a minute, so a fleet opening one per pass could run out of them.
inline int time_wait_count(int port) {
    std::ifstream tcp("/proc/net/tcp");
    std::string line;
    std::getline(tcp, line);  // the header
    int n = 0;
    char wanted[8];
    std::snprintf(wanted, sizeof wanted, ":%04X", static_cast<unsigned>(port));
    while (std::getline(tcp, line)) {
        std::istringstream fields(line);
        std::string slot, local, remote, state;
        fields >> slot >> local >> remote >> state;
        if (state == "06" && (local.find(wanted) != std::string::npos || remote.find(wanted) != std::string::npos)) ++n;
    }
    return n;
}

// Samples a process every `period` on its own thread and keeps the peaks (and, given a port, the
// peak of time_wait_count).
class ProcessWatch {
public:
    ProcessWatch(pid_t pid, std::chrono::milliseconds period, int port = 0) : pid_(pid), port_(port) {
        thread_ = std::thread([this, period] {
            while (!stop_) {
                sample();
                std::this_thread::sleep_for(period);
            }
        });
    }
    ~ProcessWatch() { finish(); }
    ProcessWatch(const ProcessWatch&) = delete;
    ProcessWatch& operator=(const ProcessWatch&) = delete;

    void finish() {
        stop_ = true;
        if (thread_.joinable()) thread_.join();
    }
    ProcessReading peak() const {
        std::lock_guard lock(mutex_);
        return peak_;
    }
    int time_wait_peak() const {
        std::lock_guard lock(mutex_);
        return time_wait_peak_;
    }

private:
    void sample() {
        const ProcessReading r = read_process(pid_);
        const int time_wait = port_ > 0 ? time_wait_count(port_) : 0;
        std::lock_guard lock(mutex_);
        time_wait_peak_ = std::max(time_wait_peak_, time_wait);
        peak_.rss_kb = std::max(peak_.rss_kb, r.rss_kb);
        peak_.cpu_s = std::max(peak_.cpu_s, r.cpu_s);
        peak_.open_files = std::max(peak_.open_files, r.open_files);
        peak_.threads = std::max(peak_.threads, r.threads);
    }

    pid_t pid_;
    int port_;
    std::atomic<bool> stop_{false};
    mutable std::mutex mutex_;
    ProcessReading peak_;
    int time_wait_peak_ = 0;
    std::thread thread_;
};

// "nproc 2, AMD EPYC"
inline std::string machine_text() {
    std::ifstream cpuinfo("/proc/cpuinfo");
    std::string model = "unknown CPU";
    for (std::string line; std::getline(cpuinfo, line);) {
        if (line.rfind("model name", 0) == 0) {
            const auto colon = line.find(':');
            if (colon != std::string::npos) model = line.substr(line.find_first_not_of(' ', colon + 1));
            break;
        }
    }
    cpu_set_t usable;
    const int cpus = sched_getaffinity(0, sizeof usable, &usable) == 0 ? CPU_COUNT(&usable)
                                                                        : static_cast<int>(std::thread::hardware_concurrency());
    return "nproc " + std::to_string(cpus) + ", " + model;
}

}  // namespace fc::test
