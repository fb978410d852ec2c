// answer_latency [DIR]: how long the technician waits for one answer to become durable, and what
// one answer tap costs the CPU.
// N answers go through DeviceStore::append_events (WAL, synchronous=FULL); interleaved with them,
// the same number of raw 4 KiB pwrite+fdatasync appends on a file in the same directory show what
// the disk itself costs. Prints median and p99 of both and their ratio, then the thread's CPU time
// per tap split into the engine's decision, installing the decided visit, and the store's commit
// (CPU only: the fsync wait is not CPU), the WAL bytes one answer appends (frames counted in the
// WAL index, restarts after checkpoints included) and the SQL statements it compiles. DIR defaults
// to a new directory under the current one (bench/run passes one on the filesystem it measures).
// Figures: answer_commit and raw_fdatasync_4k (ms, medians), answer_wal_bytes (bytes per answer).
#include <fcntl.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "bench/bench_figure.h"
#include "checklists/visit.h"
#include "sync/store/device_store.h"

namespace {

constexpr int kAnswers = 500;
constexpr std::size_t kBlock = 4096;

using SteadyClock = std::chrono::steady_clock;

double ms_since(SteadyClock::time_point start) {
    return std::chrono::duration<double, std::milli>(SteadyClock::now() - start).count();
}

// CPU time of this thread: what the tap costs the tablet, whatever the disk does meanwhile.
double cpu_us() {
    timespec ts{};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e6 + static_cast<double>(ts.tv_nsec) / 1e3;
}

// CPU microseconds of one tap, by part.
struct TapCpu {
    double decide = 0;
    double install = 0;
    double commit = 0;
};

double mean(const std::vector<double>& v) {
    double sum = 0;
    for (const double x : v) sum += x;
    return v.empty() ? 0 : sum / static_cast<double>(v.size());
}

double percentile(std::vector<double> v, double p);

void print_tap_cpu(int taps, std::size_t events, const std::vector<double>& decide_us, const std::vector<double>& install_us,
                   const std::vector<double>& commit_us, const std::vector<double>& tap_us) {
    std::printf("CPU per answer tap (thread CPU time, %d taps on one visit growing to %zu events)\n", taps,
                events);
    std::printf("  decide (engine verb)               mean %8.1f us   median %8.1f us\n", mean(decide_us),
                percentile(decide_us, 0.5));
    std::printf("  install (apply / copy / move)      mean %8.1f us   median %8.1f us\n", mean(install_us),
                percentile(install_us, 0.5));
    std::printf("  commit (DeviceStore::append_events) mean %7.1f us   median %8.1f us\n", mean(commit_us),
                percentile(commit_us, 0.5));
    std::printf("  tap total                          mean %8.1f us   median %8.1f us\n", mean(tap_us),
                percentile(tap_us, 0.5));
}

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    const auto index = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
    return v[std::min(index, v.size() - 1)];
}

// The WAL's last valid frame and its page size, from the WAL index (the -shm file's first
// WalIndexHdr: u16 szPage at 14, u32 mxFrame at 16, native byte order), as SQLite keeps them.
struct WalFrames {
    std::uint32_t frames = 0;
    std::uint32_t page_size = 0;
};

WalFrames wal_frames(const std::filesystem::path& shm) {
    WalFrames w;
    const int fd = ::open(shm.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return w;
    unsigned char header[20] = {};
    if (::pread(fd, header, sizeof header, 0) == static_cast<ssize_t>(sizeof header)) {
        std::uint16_t size = 0;
        std::memcpy(&size, header + 14, sizeof size);
        std::memcpy(&w.frames, header + 16, sizeof w.frames);
        w.page_size = size == 1 ? 65536u : size;
    }
    ::close(fd);
    return w;
}

int die(const char* what, const fc::Error& e) {
    std::fprintf(stderr, "answer_latency: %s: %s\n", what, e.message.c_str());
    return 1;
}

// The smallest real procedure: one measure step the technician corrects again and again.
fc::ChecklistTemplate bench_template() {
    fc::ChecklistTemplate t;
    t.id = "bench-fiber";
    t.version = 1;
    t.title = "Optical power check";
    t.language = "en";
    t.prechecks = {{"patch", "Network patch confirmed", "", fc::PrecheckMoment::BeforeDeparture, true}};
    fc::Step power;
    power.id = "power";
    power.kind = fc::StepKind::Measure;
    power.title = "Optical power at the wall socket";
    power.unit = "dBm";
    power.min = -25;
    power.max = -8;
    t.steps = {power};
    t.handover = {{"laptop", "Activation needs a laptop on a wired connection", "", ""}};
    // One smiley per touchpoint: a template without all four is refused (story 5).
    t.survey = {{"appointment", fc::SurveyKind::Smiley, "appointment", "How was making the appointment?", true},
                {"arrival", fc::SurveyKind::Smiley, "arrival", "How was the technician's arrival?", true},
                {"explanation", fc::SurveyKind::Smiley, "explanation", "How clear was the explanation?", true},
                {"result", fc::SurveyKind::Smiley, "result", "How happy are you with the result?", true}};
    return t;
}

}  // namespace

int main(int argc, char** argv) {
    std::filesystem::path dir;
    if (argc > 1) {
        dir = argv[1];
        std::filesystem::create_directories(dir);
    } else {
        std::string pattern = (std::filesystem::current_path() / "answer-latency-XXXXXX").string();
        if (!::mkdtemp(pattern.data())) {
            std::perror("answer_latency: mkdtemp");
            return 1;
        }
        dir = pattern;
    }
    const auto store_dir = dir / "store";
    std::filesystem::remove_all(store_dir);

    fc::SystemClock clock;
    auto opened = fc::DeviceStore::open(store_dir, clock);
    if (!opened) return die("open", opened.error());
    fc::DeviceStore& store = **opened;
    if (auto s = store.put_template(bench_template()); !s) return die("put_template", s.error());
    fc::Assignment a;
    a.visit_id = "bench-1";
    a.technician_id = "tech-1";
    a.customer_name = "Bench";
    a.job_id = "job-bench";
    a.template_id = "bench-fiber";
    a.template_version = 1;
    if (auto s = store.put_assignment(a); !s) return die("put_assignment", s.error());
    auto loaded = store.load_visit(a.visit_id);
    if (!loaded) return die("load_visit", loaded.error());
    fc::Visit visit = std::move(*loaded);

    fc::Instant now{1'700'000'000'000, 1'000};
    // One tap as the tablet model takes it: the engine decides once (the decision carries the
    // checked next visit), the store commits the events, the decided visit is installed.
    const auto act = [&](const auto& verb, double* elapsed_ms, TapCpu* cpu) -> fc::Status {
        const double t0 = cpu_us();
        fc::Expected<fc::Decision> decided = verb();
        const double t1 = cpu_us();
        if (!decided) return decided.error();
        const auto start = SteadyClock::now();
        if (auto s = store.append_events(decided->next, decided->events); !s) return s;
        if (elapsed_ms) *elapsed_ms = ms_since(start);
        const double t2 = cpu_us();
        visit = std::move(decided->next);
        const double t3 = cpu_us();
        if (cpu) *cpu = {t1 - t0, t3 - t2, t2 - t1};
        now.wall_ms += 1000;
        now.mono_ms += 1000;
        return {};
    };
    for (auto step : {0, 1, 2}) {
        const auto verb = [&] {
            return step == 0 ? visit.open(now) : step == 1 ? visit.record_precheck("patch", fc::Answer::met(), now)
                                                           : visit.begin_steps(now);
        };
        if (auto s = act(verb, nullptr, nullptr); !s) return die("walking to the step", s.error());
    }

    const auto raw_path = dir / "raw-4k-appends";
    const int fd = ::open(raw_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        std::perror("answer_latency: open raw file");
        return 1;
    }
    const std::string block(kBlock, 'r');

    std::vector<double> answer_ms;
    std::vector<double> raw_ms;
    std::vector<double> decide_us, install_us, commit_us, tap_us;
    const auto shm = store_dir / "fieldcheck.db-shm";
    WalFrames last = wal_frames(shm);
    std::uint64_t wal_bytes = 0;
    const std::int64_t compiled_before = store.statements_compiled();
    answer_ms.reserve(kAnswers);
    raw_ms.reserve(kAnswers);
    for (int i = 0; i < kAnswers; ++i) {
        double elapsed = 0;
        TapCpu cpu;
        const auto answer = fc::Answer::measured(-18.0 - (i % 40) * 0.125);
        const auto verb = [&] { return visit.answer_step("power", answer, now); };
        if (auto s = act(verb, &elapsed, &cpu); !s) return die("answer", s.error());
        answer_ms.push_back(elapsed);
        // A checkpoint restarts the WAL from its first frame: then every frame counted is new.
        const WalFrames now_frames = wal_frames(shm);
        const std::uint32_t added = now_frames.frames >= last.frames ? now_frames.frames - last.frames : now_frames.frames;
        wal_bytes += static_cast<std::uint64_t>(added) * (now_frames.page_size + 24u);
        last = now_frames;
        decide_us.push_back(cpu.decide);
        install_us.push_back(cpu.install);
        commit_us.push_back(cpu.commit);
        tap_us.push_back(cpu.decide + cpu.install + cpu.commit);

        // Appending, like the WAL does: the file grows, so fdatasync also flushes its new size.
        const auto start = SteadyClock::now();
        if (::pwrite(fd, block.data(), block.size(), static_cast<off_t>(i) * static_cast<off_t>(kBlock)) !=
                static_cast<ssize_t>(kBlock) ||
            ::fdatasync(fd) != 0) {
            std::perror("answer_latency: raw write");
            return 1;
        }
        raw_ms.push_back(ms_since(start));
    }
    ::close(fd);
    std::filesystem::remove(raw_path);

    const double answer_median = percentile(answer_ms, 0.50);
    const double answer_p99 = percentile(answer_ms, 0.99);
    const double raw_median = percentile(raw_ms, 0.50);
    const double raw_p99 = percentile(raw_ms, 0.99);
    std::printf("answer_latency: %d answers, each one DeviceStore::append_events (WAL, synchronous=FULL), in %s\n",
                kAnswers, store_dir.c_str());
    std::printf("  answer commit                      median %7.3f ms   p99 %7.3f ms\n", answer_median, answer_p99);
    std::printf("  raw 4 KiB pwrite+fdatasync append  median %7.3f ms   p99 %7.3f ms\n", raw_median, raw_p99);
    std::printf("  ratio answer / raw                 median %7.2f      p99 %7.2f\n", answer_median / raw_median,
                answer_p99 / raw_p99);
    print_tap_cpu(kAnswers, visit.events().size(), decide_us, install_us, commit_us, tap_us);
    const double wal_per_answer = static_cast<double>(wal_bytes) / kAnswers;
    std::printf("WAL per answer: %.0f bytes (page %u + 24-byte frame header each); SQL statements compiled by %d answers: %lld\n",
                wal_per_answer, last.page_size, kAnswers,
                static_cast<long long>(store.statements_compiled() - compiled_before));
    fc::bench::print_figure("answer_commit", answer_median, "ms");
    fc::bench::print_figure("raw_fdatasync_4k", raw_median, "ms");
    fc::bench::print_figure("answer_wal_bytes", wal_per_answer, "bytes");
    return 0;
}
