// camera_preview: what the camera preview costs on this machine. For the test pattern at 640x480 and
// 1280x720 (a tablet camera's sizes): process CPU per preview frame while a 60 Hz screen polls for
// frames, the frame rate reached, RSS with the preview open, and the time from take_jpeg to the
// JPEG's bytes and to a stored file (written, fsynced, renamed, as the store keeps attachments).
// Usage: camera_preview SCRATCH_DIR
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "platform/camera.h"

namespace {

using Clock = std::chrono::steady_clock;

double cpu_seconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

long rss_kib() {
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);) {
        if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
    }
    return -1;
}

double ms_since(Clock::time_point start) { return std::chrono::duration<double, std::milli>(Clock::now() - start).count(); }

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

bool store_file(const std::filesystem::path& dir, const std::string& bytes, int n) {
    const std::filesystem::path tmp = dir / ("photo-" + std::to_string(n) + ".tmp");
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) return false;
    const bool ok = ::write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()) && ::fsync(fd) == 0;
    ::close(fd);
    std::error_code ec;
    std::filesystem::rename(tmp, dir / ("photo-" + std::to_string(n) + ".jpg"), ec);
    return ok && !ec;
}

struct Row {
    int width = 0, height = 0;
    double cpu_ms_per_frame = 0, fps = 0;
    long rss_kib = 0;
    double jpeg_ms = 0, jpeg_max_ms = 0, stored_ms = 0;
    std::size_t jpeg_bytes = 0;
};

bool measure(int width, int height, const std::filesystem::path& dir, Row& row) {
    fc::CameraSource source = *fc::parse_camera_source("test");
    source.test_width = width;
    source.test_height = height;
    fc::OpenedCamera opened = fc::open_camera(source);
    if (!opened.camera) {
        std::fprintf(stderr, "camera_preview: %s\n", opened.problem.detail.c_str());
        return false;
    }
    fc::Camera& camera = *opened.camera;
    std::uint64_t last = 0;
    // Warm up: the first frames pay for plugin loading and negotiation.
    for (const auto start = Clock::now(); ms_since(start) < 1500;) {
        if (auto f = camera.frame_after(last)) last = f->number;
        std::this_thread::sleep_for(std::chrono::milliseconds(16));
    }
    int frames = 0;
    const double cpu0 = cpu_seconds();
    const auto start = Clock::now();
    while (ms_since(start) < 5000) {
        if (auto f = camera.frame_after(last)) {
            last = f->number;
            ++frames;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(16));  // a 60 Hz screen asking once per frame
    }
    const double wall_s = ms_since(start) / 1000;
    row = {width, height, frames ? (cpu_seconds() - cpu0) * 1000 / frames : 0, frames / wall_s, rss_kib()};
    std::vector<double> jpeg, stored;
    for (int n = 0; n < 20; ++n) {
        const auto t = Clock::now();
        const auto bytes = camera.take_jpeg();
        jpeg.push_back(ms_since(t));
        if (!bytes || !store_file(dir, *bytes, n)) return false;
        stored.push_back(ms_since(t));
        row.jpeg_bytes = bytes->size();
    }
    row.jpeg_ms = median(jpeg);
    row.jpeg_max_ms = *std::max_element(jpeg.begin(), jpeg.end());
    row.stored_ms = median(stored);
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: camera_preview SCRATCH_DIR\n");
        return 2;
    }
    const std::filesystem::path dir = argv[1];
    std::filesystem::create_directories(dir);
    std::printf("RSS before any camera opened: %ld KiB (GStreamer not loaded)\n", rss_kib());
    std::printf("%-10s %14s %8s %12s %14s %14s %16s %10s\n", "source", "CPU ms/frame", "fps", "RSS KiB",
                "take_jpeg ms", "(max of 20)", "to stored file", "JPEG KiB");
    for (auto [w, h] : {std::pair{640, 480}, std::pair{1280, 720}}) {
        Row row;
        if (!measure(w, h, dir, row)) return 1;
        std::printf("%4dx%-5d %14.2f %8.1f %12ld %14.1f %14.1f %13.1f ms %10zu\n", row.width, row.height, row.cpu_ms_per_frame,
                    row.fps, row.rss_kib, row.jpeg_ms, row.jpeg_max_ms, row.stored_ms, row.jpeg_bytes / 1024);
    }
    std::printf("CPU: the whole process (GStreamer's threads: test pattern, tee, preview scale+RGBA, and the copy\n"
                "into the frame) divided by preview frames received while polling at 60 Hz.\n");
    return 0;
}
