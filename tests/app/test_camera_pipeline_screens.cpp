// The acceptance's camera tests: the photo step, the serial scanner and the enrollment scan through
// the real GStreamer pipeline (videotestsrc, and zint-made barcode images fed by files:DIR), tapped
// on the real screens. Waits are bounded by a deadline and poll the app's frames, never a sleep.
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <thread>

#include <doctest/doctest.h>

#include "app/tablet/photo_file.h"
#include "checklists/sha256.h"
#include "sync/wire/enrollment_code.h"
#include "tests/app/camera_walk.h"
#include "tests/app/tablet_fixture.h"

namespace fc::test {

namespace {

CameraHooks real_camera(const std::string& spec) {
    CameraHooks h;
    h.source = parse_camera_source(spec);
    REQUIRE(h.source.has_value());
    h.open = [](const CameraSource& s) { return open_camera(s); };
    return h;
}

// Draws the app until `done` holds; the deadline is generous for a loaded 2-core machine, and the
// pause between frames only keeps the loop from spinning, as a 60 Hz screen would.
template <typename Done>
bool draw_until(TabletFixture& f, Done done) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline) {
        f.gui.frame();
        if (done()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return done();
}

void zint(const std::string& args, const std::filesystem::path& out) {
    const std::string command = "zint " + args + " -o '" + out.string() + "' >/dev/null 2>&1";
    REQUIRE_MESSAGE(std::system(command.c_str()) == 0, command);
}


std::string scan_serial_from(const std::string& zint_args) {
    TempDir t;
    const auto codes = t.path / "codes";
    std::filesystem::create_directories(codes);
    zint(zint_args, codes / "code.png");
    TabletFixture f(ImVec2(1280, 800), true, Lang::En, templates_with_serial(t.path, kSerialStep));
    open_visit_to_prechecks(f, f.visit_id(1));
    meet_all_prechecks_and_begin(f);
    walk_to_step(f, StepKind::Serial, real_camera("files:" + codes.string()));
    tap(f, "scan");
    REQUIRE(f.app->viewfinder().is_open());
    const bool stored = draw_until(f, [&] { return f.model->visit().step_answer("box-serial").has_value(); });
    INFO("problem: ", f.app->viewfinder().problem() ? f.app->viewfinder().problem()->message : std::string("none"));
    REQUIRE(stored);
    CHECK(!f.app->viewfinder().is_open());
    return f.model->visit().step_answer("box-serial")->text;
}

}  // namespace

TEST_CASE("gstreamer: a photo from videotestsrc is stored as a full-resolution JPEG by its SHA-256") {
    TabletFixture f;
    open_visit_to_prechecks(f, f.visit_id(1));
    meet_all_prechecks_and_begin(f);
    walk_to_step(f, StepKind::Photo, real_camera("test"));
    REQUIRE(f.app->viewfinder().is_open());
    REQUIRE(draw_until(f, [&] { return f.app->viewfinder().frames_seen() >= 3; }));
    // Shutter to stored photo, both taps included (each draws 4 frames headless): for the closing note.
    const auto pressed = std::chrono::steady_clock::now();
    tap(f, "shutter");
    REQUIRE_MESSAGE(f.gui.find("keep-photo") != nullptr, f.message());
    tap(f, "keep-photo");
    const auto answer = f.model->visit().step_answer(current_step_of(f).id);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - pressed).count();
    MESSAGE("shutter to stored photo (1280x720, two taps): ", ms, " ms");
    REQUIRE_MESSAGE(answer.has_value(), f.message());
    const auto file = read_photo_file(f.model->store().attachment_path(first_photo(*answer)));
    REQUIRE(file.ok());
    CHECK(file->media_type == "image/jpeg");
    CHECK(sha256_hex(file->bytes) == first_photo(*answer));
    // Full resolution: the test source's 1280x720, not the preview's smaller picture.
    CHECK(file->width == 1280);
    CHECK(file->height == 720);
}

TEST_CASE("gstreamer: test:N ends mid-preview, the message and the picker show and the answer is untouched") {
    TabletFixture f;
    open_visit_to_prechecks(f, f.visit_id(1));
    meet_all_prechecks_and_begin(f);
    walk_to_step(f, StepKind::Photo, real_camera("test:20"));
    REQUIRE(draw_until(f, [&] { return f.gui.find("camera-problem") != nullptr; }));
    REQUIRE(f.app->viewfinder().problem().has_value());
    CHECK(f.app->viewfinder().problem()->code == ErrorCode::camera_ended);
    CHECK(f.gui.find("photo-path") != nullptr);
    CHECK(f.gui.find("try-camera") != nullptr);
    CHECK(!f.model->visit().step_answer(current_step_of(f).id).has_value());
}

TEST_CASE("gstreamer: a missing device gives the catalogue's message and the file picker") {
    TabletFixture f;
    open_visit_to_prechecks(f, f.visit_id(1));
    meet_all_prechecks_and_begin(f);
    walk_to_step(f, StepKind::Photo, real_camera("/dev/video-fieldcheck-none"));
    REQUIRE(draw_until(f, [&] { return f.gui.find("camera-problem") != nullptr; }));
    CHECK(f.app->viewfinder().problem()->code == ErrorCode::camera_missing);
    CHECK(f.gui.find("photo-path") != nullptr);
}

TEST_CASE("gstreamer: an EAN-13 made by zint is scanned into the serial step with its check digit") {
    CHECK(scan_serial_from("-b EANX --scale=3 --whitesp=10 --vwhitesp=10 -d 590123412345") == "5901234123457");
}

TEST_CASE("gstreamer: a QR code made by zint is scanned into the serial step") {
    CHECK(scan_serial_from("-b QRCODE --scale=6 --whitesp=4 --vwhitesp=4 -d SN-QR-0042") == "SN-QR-0042");
}

TEST_CASE("gstreamer: the depot's enrollment QR code fills the Sync screen's fields and enrolls") {
    TempDir t;
    const auto codes = t.path / "codes";
    std::filesystem::create_directories(codes);
    zint("-b QRCODE --scale=6 --whitesp=4 --vwhitesp=4 -d '" + enrollment_qr_text("http://127.0.0.1:8470", "1234567890123456") + "'",
         codes / "enroll.png");
    TabletFixture f;
    std::vector<std::pair<std::string, std::string>> asked;
    f.hooks = SyncHooks{[] { return SyncStatus{}; }, [] {},
                        [&](std::string url, std::string code) { asked.emplace_back(std::move(url), std::move(code)); }};
    f.reopen();
    f.app->set_camera(real_camera("files:" + codes.string()));
    tap(f, "sync");
    tap(f, "scan-enrollment");
    REQUIRE(draw_until(f, [&] { return !asked.empty(); }));
    CHECK(asked[0].first == "http://127.0.0.1:8470");
    CHECK(asked[0].second == "1234567890123456");
}

}  // namespace fc::test
