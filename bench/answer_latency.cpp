// answer_latency [DIR]: how long the technician waits for one answer to become durable.
// N answers go through DeviceStore::append_events (WAL, synchronous=FULL); interleaved with them,
// the same number of raw 4 KiB pwrite+fdatasync appends on a file in the same directory show what
// the disk itself costs. Prints median and p99 of both and their ratio. DIR defaults to a new
// directory under the current one (bench/run.sh passes one on the filesystem it measures).
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "checklists/visit.h"
#include "sync/store/device_store.h"

namespace {

constexpr int kAnswers = 500;
constexpr std::size_t kBlock = 4096;

using SteadyClock = std::chrono::steady_clock;

double ms_since(SteadyClock::time_point start) {
    return std::chrono::duration<double, std::milli>(SteadyClock::now() - start).count();
}

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    const auto index = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
    return v[std::min(index, v.size() - 1)];
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
    const auto act = [&](const fc::Expected<fc::Events>& events, double* elapsed_ms) -> fc::Status {
        if (!events) return events.error();
        fc::Visit after = visit;
        if (auto s = after.apply(*events); !s) return s;
        const auto start = SteadyClock::now();
        if (auto s = store.append_events(after, *events); !s) return s;
        if (elapsed_ms) *elapsed_ms = ms_since(start);
        visit = std::move(after);
        now.wall_ms += 1000;
        now.mono_ms += 1000;
        return {};
    };
    for (auto step : {0, 1, 2}) {
        fc::Expected<fc::Events> events =
            step == 0 ? visit.open(now) : step == 1 ? visit.record_precheck("patch", fc::Answer::met(), now)
                                                    : visit.begin_steps(now);
        if (auto s = act(events, nullptr); !s) return die("walking to the step", s.error());
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
    answer_ms.reserve(kAnswers);
    raw_ms.reserve(kAnswers);
    for (int i = 0; i < kAnswers; ++i) {
        double elapsed = 0;
        const auto answer = fc::Answer::measured(-18.0 - (i % 40) * 0.125);
        if (auto s = act(visit.answer_step("power", answer, now), &elapsed); !s) return die("answer", s.error());
        answer_ms.push_back(elapsed);

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
    return 0;
}
