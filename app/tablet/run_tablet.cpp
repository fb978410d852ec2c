#include "app/tablet/run_tablet.h"

#include <sys/resource.h>

#include <csignal>
#include <cstdint>

#include <cstdio>
#include <ctime>
#include <map>

#include "app/tablet/background_sync.h"
#include "app/tablet/demo_day.h"
#include "app/tablet/photo_thumbnails.h"
#include "app/tablet/tablet_app.h"
#include "app/tablet/tablet_model.h"
#include "app/tablet/time_text.h"
#include "platform/camera_texture.h"
#include "platform/data_dir.h"
#include "platform/tablet_window.h"

namespace fc {
namespace {

// A signal handler can only set a flag; the loop reads it after each wait (at most kIdleTimeoutS later)
// and leaves like a closed window, so --timings still prints. Nothing needs saving: every answer is
// already durable when its tap returns.
volatile std::sig_atomic_t g_stop_requested = 0;
void request_stop(int) { g_stop_requested = 1; }

// The timeout only bounds how late a stop signal is noticed: a timeout with nothing new draws no frame.
constexpr double kIdleTimeoutS = 10.0;
// A countdown on screen (the PIN pad's wait) is the one thing that moves without an event.
constexpr double kCountdownTickS = 1.0;

double cpu_ms(clockid_t clock) {
    timespec ts{};
    clock_gettime(clock, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

const char* screen_name(Screen s) {
    switch (s) {
        case Screen::Today: return "today";
        case Screen::PracticePicker: return "practice-picker";
        case Screen::PinSetup: return "pin-setup";
        case Screen::VisitOverview: return "visit-overview";
        case Screen::Prechecks: return "prechecks";
        case Screen::StepRunner: return "step-runner";
        case Screen::Handover: return "handover";
        case Screen::CustomerMode: return "customer-mode";
        case Screen::Close: return "close";
        case Screen::Receipt: return "receipt";
        case Screen::Sync: return "sync";
    }
    return "?";
}

// FrameTimes: CPU time of each drawn frame (build + render + swap), per screen, for --timings: the
// GUI thread's own, and the whole process's (a software GL renders on threads of its own).
struct FrameTimes {
    struct Sum {
        int frames = 0;
        double thread_ms = 0;
        double process_ms = 0;
    };
    std::map<Screen, Sum> per_screen;
    void add(Screen s, double thread_ms, double process_ms) {
        Sum& sum = per_screen[s];
        ++sum.frames;
        sum.thread_ms += thread_ms;
        sum.process_ms += process_ms;
    }
    void print() const {
        for (const auto& [s, v] : per_screen) {
            std::fprintf(stderr, "fieldcheck: %-16s %5d frames, CPU per frame %.2f ms GUI thread, %.2f ms process\n",
                         screen_name(s), v.frames, v.thread_ms / v.frames, v.process_ms / v.frames);
        }
        rusage usage{};
        getrusage(RUSAGE_SELF, &usage);
        std::fprintf(stderr, "fieldcheck: peak RSS %.1f MiB\n", static_cast<double>(usage.ru_maxrss) / 1024.0);
    }
};

// Writes "screen NAME" and one "id<TAB>visible x0 y0 x1 y1<TAB>whole x0 y0 x1 y1<TAB>flags" line per
// item, via a rename so the smoke test never reads half a file.
void write_hit_targets(const std::filesystem::path& file, Screen screen, const std::vector<HitTarget>& targets) {
    const std::filesystem::path tmp = file.string() + ".tmp";
    std::FILE* f = std::fopen(tmp.c_str(), "w");
    if (!f) return;
    std::fprintf(f, "screen\t%s\n", screen_name(screen));
    for (const HitTarget& t : targets) {
        std::fprintf(f, "%s\t%.0f %.0f %.0f %.0f\t%.0f %.0f %.0f %.0f\t%s%s%s\n", t.id.c_str(), t.min.x, t.min.y, t.max.x,
                     t.max.y, t.full_min.x, t.full_min.y, t.full_max.x, t.full_max.y, t.tappable ? "tap" : "mark",
                     t.selected ? ",selected" : "", t.visible ? "" : ",hidden");
    }
    std::fclose(f);
    std::error_code ec;
    std::filesystem::rename(tmp, file, ec);
}

// The camera as the app reaches it: the source --camera names (the tablet's /dev/video0 by default).
CameraHooks camera_hooks(const CameraSource& source, CameraTexture& preview, PhotoThumbnails& thumbnails) {
    return CameraHooks{source, [](const CameraSource& s) { return open_camera(s); },
                       // Uploaded once per camera frame, not once per drawn frame.
                       [&preview, shown = std::uint64_t{0}](const CameraFrame& f) mutable {
                           if (f.number == shown) return preview.texture();
                           shown = f.number;
                           return preview.show(f);
                       },
                       [&thumbnails](const std::string& path) { return thumbnails.texture(path); }};
}

// The moment the first frame was swapped, for bench/cold_start (which forked us).
void print_first_frame_moment() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    std::printf("FIRST_FRAME_MONOTONIC_NS %lld\n", static_cast<long long>(ts.tv_sec) * 1'000'000'000LL + ts.tv_nsec);
    std::fflush(stdout);
}

}  // namespace

int run_tablet(const TabletOptions& options, Clock& clock) {
    const std::int64_t started_ms = clock.now().mono_ms;
    const std::filesystem::path data_dir = options.data_dir.empty() ? default_data_dir() : options.data_dir;
    if (const std::string problem = ensure_private_dir(data_dir); !problem.empty()) {
        std::fprintf(stderr, "fieldcheck: %s\n", problem.c_str());
        return 1;
    }
    auto store = DeviceStore::open(data_dir, clock);
    if (!store) {
        std::fprintf(stderr, "fieldcheck: %s\n", store.error().message.c_str());
        return 1;
    }
    if (options.demo) {
        const Status s = fill_demo_day(**store, options.templates_dir, local_day_start_ms(clock.now().wall_ms), "demo");
        if (!s) {
            std::fprintf(stderr, "fieldcheck: the demo day could not be set up: %s\n", s.error().message.c_str());
            return 1;
        }
    }
    TabletModel model(std::move(*store), clock);
    Lang lang = options.lang.value_or(model.stored_language().value_or(Lang::En));
    if (options.lang) (void)model.store_language(lang);  // a failed write only forgets the choice

    std::string error;
    auto window = TabletWindow::create(WindowOptions{options.width, options.height, "fieldcheck"}, error);
    if (!window) {
        std::fprintf(stderr, "fieldcheck: %s\n", error.c_str());
        return 1;
    }
    // The window is destroyed after `sync` (declared before it), so the worker never wakes a dead window.
    TabletWindow* const wakeable = window.get();
    BackgroundSync sync(data_dir, clock, [wakeable] { wakeable->wake(); });
    TabletApp app(model, lang, SyncHooks{[&sync] { return sync.status(); }, [&sync] { sync.sync_now(); },
                                             [&sync](std::string url, std::string code) { sync.enroll(std::move(url), std::move(code)); }}, clock);
    // The preview's and the thumbnails' textures live in the window's GL context: made after the
    // window and gone before it. The camera itself opens only when a photo or serial step asks.
    CameraTexture preview;
    PhotoThumbnails thumbnails;
    app.set_camera(camera_hooks(options.camera, preview, thumbnails));

    std::signal(SIGTERM, request_stop);
    std::signal(SIGINT, request_stop);
    FrameTimes times;
    bool first = true;
    while (!window->should_close()) {
        // Nothing animates: a frame is drawn for input, or for news from the sync worker.
        if (!first) {
            const bool ticking = app.counting_down();
            const TabletWindow::Wake why = window->wait(ticking ? kCountdownTickS : kIdleTimeoutS);
            if (g_stop_requested) break;
            if (why == TabletWindow::Wake::Nothing && !ticking) continue;
            // The sync worker wakes the loop on every pass; a pass that changes nothing shown draws nothing.
            if (why == TabletWindow::Wake::Woken && !app.sync_news_shown(sync.status())) continue;
        }
        const double thread_cpu = cpu_ms(CLOCK_THREAD_CPUTIME_ID);
        const double process_cpu = cpu_ms(CLOCK_PROCESS_CPUTIME_ID);
        const Screen drawn = app.screen();
        window->begin_frame();
        app.frame(window->fonts());
        window->end_frame();
        if (app.wants_frame()) window->keep_drawing();
        if (options.timings) {
            times.add(drawn, cpu_ms(CLOCK_THREAD_CPUTIME_ID) - thread_cpu, cpu_ms(CLOCK_PROCESS_CPUTIME_ID) - process_cpu);
        }
        if (!options.hit_targets.empty()) write_hit_targets(options.hit_targets, drawn, app.targets());
        if (first && options.timings) {
            const double ms = static_cast<double>(clock.now().mono_ms - started_ms);
            std::fprintf(stderr, "fieldcheck: first frame %.0f ms after start\n", ms);
        }
        first = false;
        if (options.exit_after_first_frame) {
            print_first_frame_moment();
            break;
        }
    }
    if (options.timings) times.print();
    return 0;
}

}  // namespace fc
