#include <doctest/doctest.h>

#include "app/tablet/tablet_options.h"

namespace fc {

TEST_CASE("--camera takes test, test:N, files:DIR or a /dev/ device and defaults to /dev/video0") {
    const char* none[] = {"fieldcheck"};
    auto d = parse_tablet_options(1, none);
    REQUIRE(d.ok());
    CHECK(d->camera.kind == CameraSource::Kind::Device);
    CHECK(d->camera.where == "/dev/video0");

    const char* test[] = {"fieldcheck", "--camera", "test:12"};
    auto t = parse_tablet_options(3, test);
    REQUIRE(t.ok());
    CHECK(t->camera.kind == CameraSource::Kind::TestPattern);
    CHECK(t->camera.test_frames == 12);

    const char* files[] = {"fieldcheck", "--camera", "files:/srv/shots"};
    auto f = parse_tablet_options(3, files);
    REQUIRE(f.ok());
    CHECK(f->camera.kind == CameraSource::Kind::Files);
    CHECK(f->camera.where == "/srv/shots");

    const char* device[] = {"fieldcheck", "--camera", "/dev/video2"};
    CHECK(parse_tablet_options(3, device)->camera.where == "/dev/video2");
}

TEST_CASE("--camera with any other value is a usage error that names the accepted forms") {
    for (const char* bad : {"webcam", "test:0", "files:", "video0"}) {
        const char* argv[] = {"fieldcheck", "--camera", bad};
        auto o = parse_tablet_options(3, argv);
        REQUIRE_MESSAGE(!o.ok(), bad);
        CHECK(o.error().code == ErrorCode::usage);
        for (const char* form : {"test", "test:N", "files:DIR", "/dev/video0", bad}) {
            CHECK_MESSAGE(o.error().message.find(form) != std::string::npos, form);
        }
    }
}

}  // namespace fc
