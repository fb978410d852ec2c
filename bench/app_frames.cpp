// GUI-thread CPU per frame of the real TabletApp, headless (tests/app's GuiDriver gives the ImGui
// context and the app's fonts; no renderer): Today with 1,000 visits against 6, the step runner
// with 500 visits stored against 6, and Today with 100,000 stored visits against 100 (the list
// stays flat with history). Each pair is measured in alternating rounds in this one run.
//
//   app_frames SCRATCH_DIR [rounds]
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "app/tablet/tablet_app.h"
#include "app/tablet/tablet_model.h"
#include "bench/bench_figure.h"
#include "bench/visit_history.h"
#include "checklists/time_format.h"
#include "tests/app/gui_driver.h"

namespace {

using fc::bench::VisitDays;

double thread_cpu_ms() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2];
}

// One tablet: its store, model, app and an ImGui context of its own, on Today or at a visit's steps.
struct Tablet {
    Tablet(const std::filesystem::path& dir, fc::Clock& clock, bool at_steps) {
        auto store = fc::DeviceStore::open(dir, clock);
        if (!store) {
            std::fprintf(stderr, "app_frames: %s\n", store.error().message.c_str());
            std::exit(1);
        }
        model = std::make_unique<fc::TabletModel>(std::move(*store), clock);
        if (at_steps) walk_to_steps();
        app = std::make_unique<fc::TabletApp>(*model, fc::Lang::En, fc::SyncHooks{}, clock);
        gui.set_display(ImVec2(1280, 800));
        // As the app's OpenGL 3 backend says: long draw lists are split, not refused at 64K vertices.
        ImGui::GetIO().BackendFlags |= ImGuiBackendFlags_RendererHasVtxOffset;
        frames(10);  // the first frames lay the screen out
        const fc::Screen wanted = at_steps ? fc::Screen::StepRunner : fc::Screen::Today;
        if (app->screen() != wanted) {
            std::fprintf(stderr, "app_frames: the app is not on the %s\n", at_steps ? "step runner" : "Today screen");
            std::exit(1);
        }
    }

    // The demo's first visit started, its prechecks met, at its first step; the app resumes there.
    void walk_to_steps() {
        const std::string id = fc::demo_assignments(day_start, "demo").front().visit_id;
        bool ok = model->open_visit(id).ok() && model->start_visit().ok();
        for (const fc::Precheck& p : model->visit().checklist().prechecks) ok = ok && model->record_precheck(p.id, true).ok();
        ok = ok && model->begin_steps().ok();
        if (!ok) {
            std::fprintf(stderr, "app_frames: could not walk visit %s to its steps\n", id.c_str());
            std::exit(1);
        }
    }

    // Draws `n` frames as the window's loop does (NewFrame, the app, Render); the CPU of each.
    std::vector<double> frames(int n) {
        std::vector<double> out;
        for (int i = 0; i < n; ++i) {
            gui.set_display(ImVec2(1280, 800));  // makes this tablet's ImGui context current
            const double t0 = thread_cpu_ms();
            ImGui::NewFrame();
            app->frame(gui.fonts());
            ImGui::Render();
            out.push_back(thread_cpu_ms() - t0);
        }
        return out;
    }

    static inline const std::int64_t day_start = fc::local_day_start_ms(1'700'000'000'000);
    fc::test::GuiDriver gui;
    std::unique_ptr<fc::TabletModel> model;
    std::unique_ptr<fc::TabletApp> app;
};

struct Case {
    const char* figure;
    int extra;  // visits besides the demo day's six
    VisitDays days;
    bool at_steps;
    std::unique_ptr<Tablet> tablet;
    std::vector<double> samples;
};

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: app_frames SCRATCH_DIR [rounds]\n");
        return 2;
    }
    const std::filesystem::path scratch = argv[1];
    const int rounds = argc > 2 ? std::max(1, std::atoi(argv[2])) : 5;
    constexpr int kFramesPerRound = 60;
    // The demo day at 08:30, as the tests have it.
    fc::ManualClock clock(fc::Instant{Tablet::day_start + 8 * 3600 * 1000 + 30 * 60 * 1000, 5'000});
    // Pairs: ours, then its baseline; the day's 6 demo visits count in each.
    Case cases[] = {
        {"today_frame_1000", 994, VisitDays::Today, false, nullptr, {}},
        {"today_frame_6", 0, VisitDays::Today, false, nullptr, {}},
        {"step_frame_500", 494, VisitDays::Today, true, nullptr, {}},
        {"step_frame_6", 0, VisitDays::Today, true, nullptr, {}},
        {"today_frame_100k", 99'994, VisitDays::History, false, nullptr, {}},
        {"today_frame_100", 94, VisitDays::History, false, nullptr, {}},
    };
    for (Case& c : cases) {
        const std::filesystem::path dir = scratch / c.figure;
        std::filesystem::remove_all(dir);
        const double t0 = thread_cpu_ms();
        if (!fc::bench::seed_visits(dir, clock, Tablet::day_start, c.extra, c.days)) return 1;
        c.tablet = std::make_unique<Tablet>(dir, clock, c.at_steps);
        std::printf("%-18s %6zu visits stored, seeded and opened in %.0f ms CPU\n", c.figure,
                    c.tablet->model->today().size(), thread_cpu_ms() - t0);
    }
    // Alternating: each round draws every case in turn, ours beside its baseline.
    for (int r = 0; r < rounds; ++r) {
        for (Case& c : cases) {
            const std::vector<double> f = c.tablet->frames(kFramesPerRound);
            c.samples.insert(c.samples.end(), f.begin(), f.end());
        }
    }
    for (const Case& c : cases) {
        std::printf("%-18s median %.4f ms, max %.4f ms over %zu frames\n", c.figure, median(c.samples),
                    *std::max_element(c.samples.begin(), c.samples.end()), c.samples.size());
        fc::bench::print_figure(c.figure, median(c.samples), "ms");
    }
    return 0;
}
