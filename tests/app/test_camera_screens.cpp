// The photo step's camera, the serial scanner and the enrollment scan, driven through the real
// screens with a scripted camera: what a tap stores, and that a camera problem loses nothing.
#include <cstdlib>
#include <fstream>
#include <iterator>

#include <doctest/doctest.h>

#include "checklists/sha256.h"
#include "sync/wire/enrollment_code.h"
#include "tests/app/camera_double.h"
#include "tests/app/camera_walk.h"
#include "tests/app/tablet_fixture.h"

namespace fc::test {

namespace {

// Draws frames until `done` holds, at most `frames` of them: waits count frames, never time.
template <typename Done>
bool frames_until(TabletFixture& f, Done done, int frames = 60) {
    for (int i = 0; i < frames && !done(); ++i) f.gui.frame();
    return done();
}

constexpr const char* kEanStep = R"({"id": "box-serial", "kind": "serial", "title": "EAN of the modem", "check": "gs1"})";

// Keeps one photo through the shutter: opens the camera when it is not open, takes, keeps.
void take_and_keep(TabletFixture& f) {
    if (!f.gui.find("shutter")) tap(f, "add-photo");
    tap(f, "shutter");
    tap(f, "keep-photo");
}

}  // namespace

TEST_CASE("the photo step opens the camera by itself, shutter then keep stores the JPEG by its SHA-256 as the answer") {
    TabletFixture f;
    ScriptedCameraHooks camera;
    open_visit_to_prechecks(f, f.visit_id(1));
    meet_all_prechecks_and_begin(f);
    walk_to_step(f, StepKind::Photo, camera.hooks());
    CHECK(*camera.opens == 1);
    REQUIRE(f.gui.find("camera-preview") != nullptr);
    REQUIRE(f.app->viewfinder().is_open());
    CHECK(f.app->wants_frame());  // a preview draws the frames as they come
    // The shutter is a big, thumb-reachable target.
    const HitTarget* shutter = f.gui.find("shutter");
    REQUIRE(shutter != nullptr);
    CHECK(shutter->max.y - shutter->min.y >= 2 * 48.0f);
    tap(f, "shutter");
    REQUIRE(f.gui.find("keep-photo") != nullptr);
    CHECK(f.gui.find("retake") != nullptr);
    CHECK(!f.model->visit().step_answer(current_step_of(f).id).has_value());  // a still is not an answer yet
    tap(f, "keep-photo");
    const auto answer = f.model->visit().step_answer(current_step_of(f).id);
    REQUIRE_MESSAGE(answer.has_value(), f.message());
    // A visit of record format 4: the answer lists the photo by the file's hash.
    CHECK(answer->kind == Answer::Kind::Photos);
    auto bytes = f.model->store().read_attachment(first_photo(*answer));
    REQUIRE(bytes.ok());
    CHECK(sha256_hex(*bytes) == first_photo(*answer));
    CHECK(bytes->rfind("\xFF\xD8", 0) == 0);
    CHECK(!f.app->viewfinder().is_open());  // kept: the camera closes
    CHECK(f.gui.find("delete-photo:0") != nullptr);
}

TEST_CASE("retake drops the still and the preview comes back, leaving the step closes the camera") {
    TabletFixture f;
    ScriptedCameraHooks camera;
    open_visit_to_prechecks(f, f.visit_id(1));
    meet_all_prechecks_and_begin(f);
    walk_to_step(f, StepKind::Photo, camera.hooks());
    tap(f, "shutter");
    tap(f, "retake");
    CHECK(f.gui.find("shutter") != nullptr);
    CHECK(!f.model->visit().step_answer(current_step_of(f).id).has_value());
    tap(f, "back");
    CHECK(!f.app->viewfinder().is_open());
    // With the camera closed and nothing settling, the app waits for input.
    f.gui.frame(6);
    CHECK(!f.app->wants_frame());
}

TEST_CASE("a missing camera says so in the catalogue's words and shows the file picker, with try-again") {
    TabletFixture f;
    ScriptedCameraHooks camera;
    camera.script->open_failure = CameraFailure::Missing;
    open_visit_to_prechecks(f, f.visit_id(1));
    meet_all_prechecks_and_begin(f);
    walk_to_step(f, StepKind::Photo, camera.hooks());
    CHECK(f.gui.find("camera-problem") != nullptr);
    CHECK(f.gui.seen_texts().count(Strings(Lang::En)("error.camera_missing")) == 1);
    CHECK(f.gui.find("try-camera") != nullptr);
    REQUIRE(f.gui.find("photo-path") != nullptr);  // the picker is there at once
    // Nothing retries by itself: one open, however many frames.
    f.gui.frame(10);
    CHECK(*camera.opens == 1);
    // The camera is back: try again opens the preview.
    camera.script->open_failure = CameraFailure::None;
    tap(f, "try-camera");
    CHECK(*camera.opens == 2);
    CHECK(f.gui.find("camera-preview") != nullptr);
    CHECK(f.gui.find("camera-problem") == nullptr);
}

TEST_CASE("a camera that ends mid-preview shows the message and the picker, the photos already kept stay") {
    TempDir t;
    TabletFixture f(ImVec2(1280, 800), true, Lang::En, templates_with_serial(t.path, kSerialStep, "\"photos_max\": 4, "));
    ScriptedCameraHooks camera;
    open_visit_to_prechecks(f, f.visit_id(1));
    meet_all_prechecks_and_begin(f);
    walk_to_step(f, StepKind::Photo, camera.hooks());
    take_and_keep(f);
    const auto kept = f.model->visit().step_answer("modem-photo");
    REQUIRE_MESSAGE(kept.has_value(), f.message());
    camera.script->end_after = 6;  // the next camera is unplugged after 6 frames
    tap(f, "add-photo");
    REQUIRE(frames_until(f, [&] { return f.gui.find("camera-problem") != nullptr; }));
    CHECK(f.app->viewfinder().problem()->code == ErrorCode::camera_ended);
    CHECK(f.gui.seen_texts().count(Strings(Lang::En)("error.camera_ended")) == 1);
    CHECK(f.gui.find("photo-path") != nullptr);
    CHECK(f.gui.find("try-camera") != nullptr);
    CHECK(f.gui.find("delete-photo:0") != nullptr);
    CHECK(f.model->visit().step_answer("modem-photo") == kept);
}

TEST_CASE("a still taken is held on screen and can still be kept, whatever the camera does meanwhile") {
    TabletFixture f;
    ScriptedCameraHooks camera;
    camera.script->end_after = 12;
    open_visit_to_prechecks(f, f.visit_id(1));
    meet_all_prechecks_and_begin(f);
    walk_to_step(f, StepKind::Photo, camera.hooks());
    tap(f, "shutter");
    const std::uint64_t at_shutter = f.app->viewfinder().frames_seen();
    f.gui.frame(20);
    CHECK(f.app->viewfinder().frames_seen() == at_shutter);  // held: the picture does not move on
    tap(f, "keep-photo");
    const auto answer = f.model->visit().step_answer(current_step_of(f).id);
    REQUIRE_MESSAGE(answer.has_value(), f.message());
    CHECK(f.model->store().read_attachment(first_photo(*answer)).ok());
}

TEST_CASE("a camera that ends before the shutter leaves the step's answer untouched and offers the picker") {
    TabletFixture f;
    ScriptedCameraHooks camera;
    camera.script->end_after = 5;
    open_visit_to_prechecks(f, f.visit_id(1));
    meet_all_prechecks_and_begin(f);
    walk_to_step(f, StepKind::Photo, camera.hooks());
    REQUIRE(frames_until(f, [&] { return f.gui.find("camera-problem") != nullptr; }));
    CHECK(f.gui.find("photo-path") != nullptr);
    CHECK(f.gui.find("try-camera") != nullptr);
    CHECK(!f.model->visit().step_answer(current_step_of(f).id).has_value());
    // The picker works as before.
    const auto photo = write_test_photo(f.dir.path);
    tap(f, "photo-path");
    f.gui.type(photo.string());
    tap(f, "use-photo-path");
    CHECK(f.model->visit().step_answer(current_step_of(f).id).has_value());
}

TEST_CASE("without a camera the photo step is the file picker alone, as on a desktop") {
    TabletFixture f;
    open_visit_to_prechecks(f, f.visit_id(1));
    meet_all_prechecks_and_begin(f);
    walk_to_step(f, StepKind::Photo, CameraHooks{});
    CHECK(f.gui.find("photo-path") != nullptr);
    CHECK(f.gui.find("shutter") == nullptr);
    CHECK(f.gui.find("camera-problem") == nullptr);
    CHECK(!f.app->viewfinder().is_open());
}

TEST_CASE("the file picker opens folders by tap, goes up with .., and shows each photo with a thumbnail") {
    TabletFixture f;
    const auto pictures = f.dir.path / "Pictures";
    std::filesystem::create_directories(pictures / "site-42");
    const auto photo = write_test_photo(pictures / "site-42");
    const std::string old_home = std::getenv("HOME") ? std::getenv("HOME") : "";
    ::setenv("HOME", f.dir.path.c_str(), 1);
    open_visit_to_prechecks(f, f.visit_id(1));
    meet_all_prechecks_and_begin(f);
    walk_to_step(f, StepKind::Photo, CameraHooks{});
    ::setenv("HOME", old_home.c_str(), 1);
    CHECK(f.gui.find("photo:modem.png") == nullptr);
    REQUIRE(f.gui.tap_scrolled("folder:site-42"));
    f.gui.frame(2);
    CHECK(f.gui.find("thumbnail:modem.png") != nullptr);
    REQUIRE(f.gui.tap_scrolled("folder-up"));
    f.gui.frame(2);
    REQUIRE(f.gui.tap_scrolled("folder:site-42"));
    f.gui.frame(2);
    REQUIRE(f.gui.tap_scrolled("photo:modem.png"));
    const auto answer = f.model->visit().step_answer(current_step_of(f).id);
    REQUIRE_MESSAGE(answer.has_value(), f.message());
    std::ifstream in(photo, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(first_photo(*answer) == sha256_hex(bytes));
}

TEST_CASE("three photos on a photos_max 4 step: each kept one joins the answer's list, a deleted one leaves it") {
    TempDir t;
    TabletFixture f(ImVec2(1280, 800), true, Lang::En, templates_with_serial(t.path, kSerialStep, "\"photos_max\": 4, "));
    ScriptedCameraHooks camera;
    open_visit_to_prechecks(f, f.visit_id(1));
    meet_all_prechecks_and_begin(f);
    walk_to_step(f, StepKind::Photo, camera.hooks());
    REQUIRE(f.model->visit().format() >= kFirstPhotoListFormat);
    for (int i = 0; i < 3; ++i) take_and_keep(f);
    auto answer = f.model->visit().step_answer("modem-photo");
    REQUIRE_MESSAGE(answer.has_value(), f.message());
    REQUIRE(answer->kind == Answer::Kind::Photos);
    REQUIRE(answer->hashes.size() == 3);
    const auto taken = answer->hashes;
    for (const auto& h : taken) CHECK(f.model->store().read_attachment(h).ok());
    CHECK(f.gui.find("delete-photo:2") != nullptr);
    CHECK(f.gui.seen_texts().count(Strings(Lang::En)("camera.count", {{"n", "3"}, {"min", "1"}, {"max", "4"}})) == 1);
    tap(f, "delete-photo:1");
    answer = f.model->visit().step_answer("modem-photo");
    REQUIRE(answer.has_value());
    CHECK(answer->hashes == std::vector<std::string>{taken[0], taken[2]});
    CHECK(f.gui.find("delete-photo:2") == nullptr);
    // The fourth is the last: add-photo goes away at photos_max.
    take_and_keep(f);
    take_and_keep(f);
    CHECK(f.model->visit().step_answer("modem-photo")->hashes.size() == 4);
    CHECK(f.gui.find("add-photo") == nullptr);
}

TEST_CASE("with photos_min 2 the first kept photo waits on screen and the second makes the answer") {
    TempDir t;
    TabletFixture f(ImVec2(1280, 800), true, Lang::En,
                    templates_with_serial(t.path, kSerialStep, "\"photos_min\": 2, \"photos_max\": 3, "));
    ScriptedCameraHooks camera;
    open_visit_to_prechecks(f, f.visit_id(1));
    meet_all_prechecks_and_begin(f);
    walk_to_step(f, StepKind::Photo, camera.hooks());
    take_and_keep(f);
    CHECK_MESSAGE(f.message().empty(), f.message());
    CHECK(!f.model->visit().step_answer("modem-photo").has_value());
    CHECK(f.model->photos_of("modem-photo").size() == 1);
    CHECK(f.gui.find("delete-photo:0") != nullptr);
    take_and_keep(f);
    const auto answer = f.model->visit().step_answer("modem-photo");
    REQUIRE_MESSAGE(answer.has_value(), f.message());
    CHECK(answer->hashes.size() == 2);
    // A required step cannot drop below photos_min: the delete is refused in the catalogue's words.
    tap(f, "delete-photo:0");
    CHECK(f.message() == Strings(Lang::En)("error.photos_too_few"));
    CHECK(f.model->visit().step_answer("modem-photo") == answer);
}

TEST_CASE("a scanned EAN with a wrong check digit shows red with the reason and is not stored, save refuses it") {
    TempDir t;
    TabletFixture f(ImVec2(1280, 800), true, Lang::En, templates_with_serial(t.path, kEanStep));
    ScriptedCameraHooks camera;
    camera.script->codes = {"5901234123458"};
    open_visit_to_prechecks(f, f.visit_id(1));
    meet_all_prechecks_and_begin(f);
    walk_to_step(f, StepKind::Serial, camera.hooks());
    tap(f, "scan");
    REQUIRE(frames_until(f, [&] { return f.gui.find("serial-refused") != nullptr; }));
    CHECK(!f.app->viewfinder().is_open());
    CHECK(!f.model->visit().step_answer("box-serial").has_value());
    tap(f, "save-serial");
    CHECK(!f.model->visit().step_answer("box-serial").has_value());
    CHECK(f.message().find("check digit") != std::string::npos);
    CHECK(f.gui.seen_texts().count(f.message()) == 1);  // the same words as the red line
}

TEST_CASE("a scanned serial fills the field without the scanner's newline, closes the scanner and is stored") {
    TempDir t;
    TabletFixture f(ImVec2(1280, 800), true, Lang::En, templates_with_serial(t.path, kSerialStep));
    ScriptedCameraHooks camera;
    camera.script->codes = {"590123412345\n"};
    open_visit_to_prechecks(f, f.visit_id(1));
    meet_all_prechecks_and_begin(f);
    walk_to_step(f, StepKind::Serial, camera.hooks());
    CHECK(*camera.opens == 0);  // the scanner opens only when asked
    tap(f, "scan");
    REQUIRE(frames_until(f, [&] { return f.model->visit().step_answer("box-serial").has_value(); }));
    const auto answer = f.model->visit().step_answer("box-serial");
    CHECK(answer->kind == Answer::Kind::Serial);
    CHECK(answer->text == "590123412345");
    CHECK(!f.app->viewfinder().is_open());
}

TEST_CASE("leaving the serial step while scanning closes the camera") {
    TempDir t;
    TabletFixture f(ImVec2(1280, 800), true, Lang::En, templates_with_serial(t.path, kSerialStep));
    ScriptedCameraHooks camera;
    open_visit_to_prechecks(f, f.visit_id(1));
    meet_all_prechecks_and_begin(f);
    walk_to_step(f, StepKind::Serial, camera.hooks());
    tap(f, "scan");
    CHECK(f.app->viewfinder().is_open());
    tap(f, "back-to-today");
    CHECK(!f.app->viewfinder().is_open());
}

TEST_CASE("the Sync screen's scan-enrollment reads the depot's QR text into the fields and enrolls") {
    TabletFixture f;
    std::vector<std::pair<std::string, std::string>> asked;
    f.hooks = SyncHooks{[] { return SyncStatus{}; }, [] {},
                        [&](std::string url, std::string code) { asked.emplace_back(std::move(url), std::move(code)); }};
    f.reopen();
    ScriptedCameraHooks camera;
    camera.script->codes = {enrollment_qr_text("http://depot.local:8470", "1234567890123456")};
    f.app->set_camera(camera.hooks());
    tap(f, "sync");
    REQUIRE(f.screen() == Screen::Sync);
    tap(f, "scan-enrollment");
    REQUIRE(frames_until(f, [&] { return !asked.empty(); }));
    CHECK(asked[0].first == "http://depot.local:8470");
    CHECK(asked[0].second == "1234567890123456");
    CHECK(!f.app->viewfinder().is_open());
    CHECK(f.gui.seen_texts().count("1234 5678 9012 3456") == 1);
}

TEST_CASE("a scanned code that is not an enrollment code says so and enrolls nothing") {
    TabletFixture f;
    int asked = 0;
    f.hooks = SyncHooks{[] { return SyncStatus{}; }, [] {}, [&](std::string, std::string) { ++asked; }};
    f.reopen();
    ScriptedCameraHooks camera;
    camera.script->codes = {"https://example.com/not-a-depot"};
    f.app->set_camera(camera.hooks());
    tap(f, "sync");
    tap(f, "scan-enrollment");
    REQUIRE(frames_until(f, [&] { return !f.app->viewfinder().is_open(); }));
    f.gui.frame(2);
    CHECK(asked == 0);
    CHECK(f.message() == Strings(Lang::En)("sync.scan_not_enrollment"));
}

TEST_CASE("in practice a photo step is given with one tap, from the test source") {
    TabletFixture f;
    ScriptedCameraHooks camera;
    camera.script->open_failure = CameraFailure::Missing;  // the tablet's own camera is not there ...
    CameraHooks hooks = camera.hooks();
    CameraSource asked_for;
    const auto open_device = hooks.open;
    hooks.open = [&, open_device](const CameraSource& s) {
        asked_for = s;
        // ... but the test pattern always is.
        if (s.kind == CameraSource::Kind::TestPattern) return OpenedCamera{std::make_unique<ScriptedCamera>(CameraScript{}), {}};
        return open_device(s);
    };
    tap(f, "practice");
    REQUIRE(f.screen() == Screen::PracticePicker);
    tap(f, "template:fiber-modem-install-en:3");
    REQUIRE(f.model->practice());
    meet_all_prechecks_and_begin(f);
    walk_to_step(f, StepKind::Photo, hooks);
    tap(f, "practice-photo");
    REQUIRE(frames_until(f, [&] { return f.model->visit().step_answer(current_step_of(f).id).has_value(); }));
    CHECK(asked_for.kind == CameraSource::Kind::TestPattern);
    CHECK(!f.app->viewfinder().is_open());
}

TEST_CASE("in practice the customer's handover signature is given with one tap") {
    TabletFixture f;
    tap(f, "practice");
    tap(f, "template:fiber-modem-install-en:3");
    REQUIRE(f.model->practice());
    meet_all_prechecks_and_begin(f);
    walk_all_steps(f, write_test_photo(f.dir.path));
    REQUIRE(f.model->visit().handover_is_customers());
    bool signed_one = false;
    for (const HandoverItem& h : f.model->visit().checklist().handover) {
        if (h.kind == HandoverItem::Kind::Signature) {
            tap(f, "practice-signature:" + h.id);
            CHECK_MESSAGE(f.model->visit().handover_confirmed(h.id), f.message());
            signed_one = true;
        } else {
            tap(f, "confirm:" + h.id);
        }
    }
    CHECK(signed_one);
}

}  // namespace fc::test
