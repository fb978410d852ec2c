// GStreamer is loaded when a camera opens, not at start-up: checked in a fresh process, the probe.
#include <doctest/doctest.h>

#include <cstdio>
#include <string>

namespace fc {

TEST_CASE("camera: a program using the platform has no GStreamer mapped until it opens a camera") {
    const std::string command = std::string(FIELDCHECK_BIN_DIR) + "/camera_start_probe 2>&1";
    FILE* pipe = ::popen(command.c_str(), "r");
    REQUIRE(pipe);
    std::string out;
    char buffer[512];
    while (std::fgets(buffer, sizeof buffer, pipe)) out += buffer;
    const int status = ::pclose(pipe);
    INFO(out);
    CHECK(status == 0);
    CHECK(out.find("before: not mapped") != std::string::npos);
    CHECK(out.find("frame: yes") != std::string::npos);
    CHECK(out.find("after: mapped") != std::string::npos);
}

}  // namespace fc
