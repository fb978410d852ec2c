// The camera module through open_camera, with real GStreamer: the test pattern, image files and a
// missing device.
#include <doctest/doctest.h>
#include <stb/stb_image.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <unistd.h>
#include <vector>

#include "platform/camera.h"
#include "tests/platform/camera_wait.h"
#include "tests/platform/jpeg_segments.h"

namespace fc {
namespace {

std::unique_ptr<Camera> open_or_fail(const std::string& spec) {
    auto opened = open_camera(*parse_camera_source(spec));
    INFO(opened.problem.detail);
    REQUIRE(opened.camera);
    return std::move(opened.camera);
}

struct Decoded {
    int width = 0;
    int height = 0;
};

Decoded decode(const std::string& jpeg) {
    Decoded d;
    int channels = 0;
    unsigned char* pixels = stbi_load_from_memory(reinterpret_cast<const unsigned char*>(jpeg.data()),
                                                  static_cast<int>(jpeg.size()), &d.width, &d.height, &channels, 3);
    if (!pixels) return {};
    stbi_image_free(pixels);
    return d;
}

}  // namespace

TEST_CASE("camera: the test pattern delivers preview frames with rising numbers, at most 640 wide, RGBA") {
    auto camera = open_or_fail("test");
    std::uint64_t last = 0;
    for (int i = 0; i < 3; ++i) {
        std::optional<CameraFrame> frame;
        REQUIRE(test::wait_until([&] { return (frame = camera->frame_after(last)).has_value(); }));
        CHECK(frame->number > last);
        CHECK(frame->width == 640);
        CHECK(frame->height == 360);  // 1280x720 scaled, aspect kept
        CHECK(frame->rgba.size() == std::size_t(640) * 360 * 4);
        last = frame->number;
    }
    CHECK(!camera->frame_after(~std::uint64_t{0}));
    CHECK(camera->problem().failure == CameraFailure::None);
}

TEST_CASE("camera: take_jpeg gives the full-resolution frame as a JPEG that decodes and has no Exif segment") {
    auto camera = open_or_fail("test");
    std::optional<std::string> jpeg;
    REQUIRE(test::wait_until([&] { return (jpeg = camera->take_jpeg()).has_value(); }));
    const Decoded d = decode(*jpeg);
    CHECK(d.width == 1280);
    CHECK(d.height == 720);
    const std::vector<int> markers = test::jpeg_markers(*jpeg);
    REQUIRE(!markers.empty());
    CHECK(markers.back() == 0xDA);
    for (int marker : markers) CHECK_MESSAGE((marker < 0xE1 || marker > 0xEF), "APPn segment " << marker);
}

TEST_CASE("camera: test:N ends the stream as Ended and the last preview frame stays readable") {
    auto camera = open_or_fail("test:5");
    REQUIRE(test::wait_until([&] { return camera->problem().failure != CameraFailure::None; }));
    CHECK(camera->problem().failure == CameraFailure::Ended);
    const std::optional<CameraFrame> last = camera->frame_after(0);
    REQUIRE(last);
    CHECK(last->number >= 1);
    CHECK(last->number <= 5);
    CHECK(last->rgba.size() == std::size_t(last->width) * std::size_t(last->height) * 4);
    CHECK(!camera->take_jpeg());  // an ended camera takes no new photo: the held frame is stale
    CHECK(camera->problem().failure == CameraFailure::Ended);
}

TEST_CASE("camera: a missing device, a missing folder and a folder without images are Missing") {
    const auto scratch = std::filesystem::temp_directory_path() / ("fc-camera-empty-" + std::to_string(::getpid()));
    std::filesystem::create_directories(scratch);
    for (const std::string& spec : std::vector<std::string>{"/dev/video-fieldcheck-none", "files:/nonexistent/fieldcheck/shots", "files:" + scratch.string()}) {
        const OpenedCamera opened = open_camera(*parse_camera_source(spec));
        CHECK_MESSAGE(!opened.camera, spec);
        CHECK_MESSAGE(opened.problem.failure == CameraFailure::Missing, spec);
        CHECK(!opened.problem.detail.empty());
    }
    std::filesystem::remove_all(scratch);
}

TEST_CASE("camera: a missing camera module is NoModule with the path in the detail, and the app goes on") {
    ::setenv("FIELDCHECK_CAMERA_MODULE", "/nonexistent/libfieldcheck_camera_gst.so", 1);
    const OpenedCamera opened = open_camera(*parse_camera_source("test"));
    ::unsetenv("FIELDCHECK_CAMERA_MODULE");
    CHECK(!opened.camera);
    CHECK(opened.problem.failure == CameraFailure::NoModule);
    CHECK(opened.problem.detail.find("/nonexistent/libfieldcheck_camera_gst.so") != std::string::npos);
}

}  // namespace fc
