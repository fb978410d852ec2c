#include "tablet_fixture.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>

#include <doctest/doctest.h>

#include "app/tablet/demo_day.h"
#include "app/tablet/signature_image.h"
#include "app/tablet/time_text.h"
#include "tests/checklists/serial_examples.h"

namespace fc::test {

TempDir::TempDir() {
    static std::atomic<int> counter{0};
    path = std::filesystem::temp_directory_path() /
           ("fieldcheck-app-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
}

std::int64_t demo_day_start_ms() { return local_day_start_ms(1'700'000'000'000); }

std::filesystem::path shipped_templates() { return FIELDCHECK_SOURCE_DIR "/templates"; }
std::filesystem::path format1_templates() { return FIELDCHECK_SOURCE_DIR "/tests/checklists/golden/format1/templates"; }

TabletFixture::TabletFixture(ImVec2 display, bool demo, Lang lang_in, const std::filesystem::path& templates)
    : data(dir.path / "data"), clock(Instant{demo_day_start_ms() + 8 * 3600 * 1000 + 30 * 60 * 1000, 5'000}),
      gui(display), lang(lang_in) {
    auto store = DeviceStore::open(data, clock);
    REQUIRE_MESSAGE(store.ok(), (store.ok() ? "" : store.error().message));
    if (demo) {
        const Status s = fill_demo_day(**store, templates, demo_day_start_ms(), "demo");
        REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : s.error().message));
    }
    model = std::make_unique<TabletModel>(std::move(*store), clock);
    app = std::make_unique<TabletApp>(*model, lang, hooks, clock);
    gui.attach(*app);
    gui.frame(2);
}

TabletFixture::~TabletFixture() = default;

void TabletFixture::reopen() {
    app.reset();
    model.reset();
    auto store = DeviceStore::open(data, clock);
    REQUIRE_MESSAGE(store.ok(), (store.ok() ? "" : store.error().message));
    model = std::make_unique<TabletModel>(std::move(*store), clock);
    app = std::make_unique<TabletApp>(*model, lang, hooks, clock);
    gui.attach(*app);
    gui.frame(2);
}

std::string TabletFixture::visit_id(int n) const {
    return demo_assignments(demo_day_start_ms(), "demo").at(static_cast<std::size_t>(n - 1)).visit_id;
}

void tap(TabletFixture& f, const std::string& id) {
    f.clock.advance_ms(1500);
    const bool ok = f.gui.tap_scrolled(id);
    if (std::getenv("FC_TRACE")) {
        MESSAGE("tapped ", id, " -> screen ", static_cast<int>(f.screen()), " phase ",
                (f.model->has_visit() ? static_cast<int>(f.model->visit().phase()) : -1), " msg '", f.message(), "'");
    }
    INFO("screen message: ", f.message());
    REQUIRE_MESSAGE(ok, f.gui.last_problem());
}

void open_visit_to_prechecks(TabletFixture& f, const std::string& visit_id) {
    tap(f, "visit:" + visit_id);
    REQUIRE(f.screen() == Screen::VisitOverview);
    tap(f, "start-visit");
    REQUIRE(f.screen() == Screen::Prechecks);
}

void meet_all_prechecks_and_begin(TabletFixture& f) {
    for (const Precheck& p : f.model->visit().checklist().prechecks) {
        if (!f.gui.selected("met:" + p.id)) tap(f, "met:" + p.id);
        REQUIRE(f.gui.selected("met:" + p.id));
    }
    tap(f, "begin-steps");
    REQUIRE_MESSAGE(f.screen() == Screen::StepRunner, f.message());
}

void key_in(TabletFixture& f, const std::string& digits, const char* prefix) {
    for (const char c : digits) {
        const std::string key = c == '-' ? "sign" : std::string(1, c);
        tap(f, std::string(prefix) + ":" + key);
    }
}

std::filesystem::path write_test_photo(const std::filesystem::path& dir) {
    const std::filesystem::path p = dir / "modem.png";
    std::ofstream out(p, std::ios::binary);
    out << signature_png({{{0.1f, 0.5f}, {0.9f, 0.5f}}}, 64, 48);
    return p;
}

void answer_current_step(TabletFixture& f, const std::filesystem::path& photo) {
    const Visit& v = f.model->visit();
    REQUIRE(v.current_step() >= 0);
    const Step step = v.checklist().steps[static_cast<std::size_t>(v.current_step())];
    INFO("step ", step.id);
    switch (step.kind) {
        case StepKind::Instruction: tap(f, "confirm"); break;
        case StepKind::Check: tap(f, "done"); break;
        case StepKind::Choice: tap(f, "option:" + step.options.front().id); break;
        case StepKind::Measure: {
            const int mid = static_cast<int>((step.min + step.max) / 2);
            key_in(f, std::to_string(mid));
            tap(f, "save-measure");
            break;
        }
        case StepKind::Text:
            tap(f, "text-answer");
            f.gui.type("SN 4471-0098");
            // Typed on a hardware keyboard: the on-screen one is put away, as on a short screen
            // it leaves no room for the Save button under the field.
            if (f.gui.visible("kb:hide")) tap(f, "kb:hide");
            tap(f, "save-text");
            break;
        case StepKind::Serial:
            tap(f, "serial-answer");
            f.gui.type(test::serial_example(step));
            if (f.gui.visible("kb:hide")) tap(f, "kb:hide");
            tap(f, "save-serial");
            break;
        case StepKind::Photo:
            tap(f, "photo-path");
            f.gui.type(photo.string());
            tap(f, "use-photo-path");
            break;
        case StepKind::Signature:
            sign_on_pad(f, "signature-pad");
            tap(f, "save-signature");
            break;
    }
    REQUIRE_MESSAGE(f.model->visit().step_answer(step.id).has_value(), f.message());
}

void walk_all_steps(TabletFixture& f, const std::filesystem::path& photo) {
    for (int guard = 0; guard < 64 && f.screen() == Screen::StepRunner; ++guard) {
        answer_current_step(f, photo);
        if (f.gui.find("start-handover")) tap(f, "start-handover");
        else tap(f, "next");
    }
    REQUIRE(f.model->visit().phase() == VisitPhase::Handover);
    const Screen handover = f.model->visit().handover_is_customers() ? Screen::CustomerMode : Screen::Handover;
    REQUIRE_MESSAGE(f.screen() == handover, f.message());
}

void sign_on_pad(TabletFixture& f, const std::string& pad_id) {
    REQUIRE_MESSAGE(f.gui.scroll_to(pad_id), f.gui.last_problem());
    REQUIRE(f.gui.drag(pad_id, 260, 40));
    REQUIRE(f.gui.drag(pad_id, -120, -30));
}

void confirm_all_handover(TabletFixture& f) {
    const bool customers = f.model->visit().handover_is_customers();
    for (const HandoverItem& h : f.model->visit().checklist().handover) {
        if (h.kind == HandoverItem::Kind::Signature && customers) {
            sign_on_pad(f, "signature-pad:" + h.id);
            tap(f, "sign:" + h.id);
        } else {
            tap(f, "confirm:" + h.id);
        }
    }
    if (!customers) tap(f, "to-customer");
    REQUIRE_MESSAGE(f.screen() == Screen::CustomerMode, f.message());
    REQUIRE(f.model->visit().phase() == VisitPhase::CustomerSurvey);
}

}  // namespace fc::test
