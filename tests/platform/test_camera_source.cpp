#include <doctest/doctest.h>

#include "platform/camera.h"

namespace fc {

TEST_CASE("camera source: test, test:N, files:DIR and /dev/ paths parse and print back as written") {
    for (const char* spec : {"test", "test:5", "files:/tmp/shots", "/dev/video0", "/dev/video12"}) {
        const auto source = parse_camera_source(spec);
        REQUIRE_MESSAGE(source, spec);
        CHECK(source->spec() == spec);
    }
    CHECK(parse_camera_source("test")->kind == CameraSource::Kind::TestPattern);
    CHECK(parse_camera_source("test:7")->test_frames == 7);
    CHECK(parse_camera_source("files:a b")->where == "a b");
    CHECK(parse_camera_source("/dev/video2")->kind == CameraSource::Kind::Device);
}

TEST_CASE("camera source: anything else is refused, not taken for a device") {
    for (const char* spec : {"", "tset", "test:", "test:0", "test:-3", "test:5x", "files:", "video0", "/dev/", "camera"}) {
        CHECK_MESSAGE(!parse_camera_source(spec), spec);
    }
}

}  // namespace fc
