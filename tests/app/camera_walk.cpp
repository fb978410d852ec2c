#include "tests/app/camera_walk.h"

#include <fstream>
#include <iterator>

#include <doctest/doctest.h>

namespace fc::test {

std::string first_photo(const Answer& a) { return a.kind == Answer::Kind::Photos ? a.hashes.at(0) : a.text; }

const Step& current_step_of(TabletFixture& f) {
    const Visit& v = f.model->visit();
    return v.checklist().steps[static_cast<std::size_t>(v.current_step())];
}

void walk_to_step(TabletFixture& f, StepKind kind, const CameraHooks& camera) {
    const auto photo = write_test_photo(f.dir.path);
    for (int guard = 0; guard < 20 && current_step_of(f).kind != kind; ++guard) {
        answer_current_step(f, photo);
        tap(f, "next");
    }
    REQUIRE(current_step_of(f).kind == kind);
    f.app->set_camera(camera);
    f.gui.frame(2);
}

namespace {

void replace_photo_counts(std::string& text, const std::string& photos) {
    const std::string shipped = ",\n      \"photos_min\": 1,\n      \"photos_max\": 4";
    const auto counts = text.find(shipped, text.find("\"id\": \"modem-photo\","));
    REQUIRE(counts != std::string::npos);
    text.erase(counts, shipped.size());
    const auto photo = text.find("\"id\": \"modem-photo\",");
    REQUIRE(photo != std::string::npos);
    text.insert(photo, photos);
}

}  // namespace

std::filesystem::path templates_with_serial(const std::filesystem::path& dir, const std::string& serial_step_json,
                                            const std::string& photos) {
    const auto out = dir / "templates";
    std::filesystem::create_directories(out);
    for (const auto& e : std::filesystem::directory_iterator(shipped_templates())) {
        std::ifstream in(e.path(), std::ios::binary);
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (e.path().filename().string().rfind("fiber-modem-install-", 0) == 0) {
            const auto at = text.find("\"steps\": [");
            REQUIRE(at != std::string::npos);
            text.insert(at + 10, "\n    " + serial_step_json + ",");
            REQUIRE(text.find("fieldcheck-template/3") != std::string::npos);  // serial steps are format 3
            if (!photos.empty()) replace_photo_counts(text, photos);
        }
        std::ofstream(out / e.path().filename(), std::ios::binary) << text;
    }
    return out;
}

}  // namespace fc::test
