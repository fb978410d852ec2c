// The scanner: barcode images made by Debian's zint, fed through the camera's Files pipeline, read by
// scan() from the full-resolution frame.
#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>

#include "platform/camera.h"
#include "tests/platform/camera_wait.h"

namespace fc {
namespace {

void zint(const std::string& args, const std::filesystem::path& out) {
    const std::string command = "zint " + args + " -o '" + out.string() + "' >/dev/null 2>&1";
    REQUIRE_MESSAGE(std::system(command.c_str()) == 0, command);
}

}  // namespace

TEST_CASE("camera: scan reads an EAN-13, a QR code and a Code 128 shown one after another by files:DIR") {
    const auto dir = std::filesystem::temp_directory_path() / ("fc-camera-codes-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    zint("-b EANX --scale=3 --whitesp=10 --vwhitesp=10 -d 590123412345", dir / "1-ean13.png");
    zint("-b QRCODE --scale=6 --whitesp=4 --vwhitesp=4 -d SN-QR-0042", dir / "2-qr.png");
    zint("-b CODE128 --scale=3 --whitesp=10 --vwhitesp=10 -d FC-128-XY", dir / "3-code128.png");
    std::filesystem::create_directories(dir / "not-an-image.png");  // a folder with an image's name is skipped

    OpenedCamera opened = open_camera(*parse_camera_source("files:" + dir.string()));
    INFO(opened.problem.detail);
    REQUIRE(opened.camera);
    std::set<std::string> seen;
    std::uint64_t last = 0;
    // Scan each new frame until all three came by: the folder cycles, so this ends unless scanning fails.
    const bool all = test::wait_until([&] {
        REQUIRE(opened.camera->problem().failure == CameraFailure::None);
        const auto frame = opened.camera->frame_after(last);
        if (!frame) return false;
        last = frame->number;
        for (const ScannedCode& code : opened.camera->scan()) seen.insert(code.symbology + ":" + code.text);
        return seen.size() >= 3;
    });
    CHECK(all);
    CHECK(seen.count("EAN-13:5901234123457") == 1);
    CHECK(seen.count("QR-Code:SN-QR-0042") == 1);
    CHECK(seen.count("CODE-128:FC-128-XY") == 1);
    opened.camera.reset();
    std::filesystem::remove_all(dir);
}

}  // namespace fc
