// A tiny program using the platform library, as the app does: prints whether GStreamer is mapped
// before a camera opens and after. test_camera_loading.cpp runs it as a real process, since a test
// binary that already opened a camera cannot look at a fresh start.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>

#include "platform/camera.h"

extern "C" const char* __lsan_default_suppressions() {
    return "leak:libgst\nleak:libglib-2.0\nleak:libgobject-2.0\nleak:libgmodule-2.0\nleak:liborc\n";
}

namespace {

bool gstreamer_mapped() {
    std::ifstream maps("/proc/self/maps");
    const std::string text((std::istreambuf_iterator<char>(maps)), std::istreambuf_iterator<char>());
    return text.find("libgstreamer-1.0") != std::string::npos;
}

}  // namespace

int main() {
    std::printf("before: %s\n", gstreamer_mapped() ? "mapped" : "not mapped");
    fc::OpenedCamera opened = fc::open_camera(*fc::parse_camera_source("test"));
    if (!opened.camera) {
        std::printf("open: %s\n", opened.problem.detail.c_str());
        return 1;
    }
    // Bounded: a minute for one frame even on a loaded machine.
    for (int i = 0; i < 6000 && !opened.camera->frame_after(0); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    std::printf("frame: %s\n", opened.camera->frame_after(0) ? "yes" : "no");
    std::printf("after: %s\n", gstreamer_mapped() ? "mapped" : "not mapped");
    return 0;
}
