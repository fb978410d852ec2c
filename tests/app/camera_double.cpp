#include "tests/app/camera_double.h"

namespace fc::test {

namespace {
int g_cameras = 0;  // each opened camera's pictures differ from the last one's, as real ones do
}  // namespace

std::string scripted_jpeg(std::uint64_t n, int camera) {
    return std::string("\xFF\xD8\xFF\xE0 camera ") + std::to_string(camera) + " frame " + std::to_string(n) + "\xFF\xD9";
}

ScriptedCamera::ScriptedCamera(CameraScript script) : script_(std::move(script)), camera_(++g_cameras) {}

std::optional<CameraFrame> ScriptedCamera::frame_after(std::uint64_t after) {
    if (ended_) return std::nullopt;
    if (script_.end_after > 0 && number_ >= static_cast<std::uint64_t>(script_.end_after)) {
        ended_ = true;
        return std::nullopt;
    }
    ++number_;
    if (number_ <= after) return std::nullopt;
    return CameraFrame{script_.width, script_.height, number_, {}};
}

CameraProblem ScriptedCamera::problem() {
    return ended_ ? CameraProblem{CameraFailure::Ended, "the stream ended"} : CameraProblem{};
}

std::optional<std::string> ScriptedCamera::take_jpeg() {
    if (ended_ || number_ == 0) return std::nullopt;
    return scripted_jpeg(number_, camera_);
}

std::vector<ScannedCode> ScriptedCamera::scan() {
    std::vector<ScannedCode> out;
    for (const std::string& c : script_.codes) out.push_back({"EAN-13", c});
    return out;
}

CameraHooks ScriptedCameraHooks::hooks() const {
    CameraHooks h;
    h.source = CameraSource{CameraSource::Kind::Device, "/dev/video7", 0};
    h.open = [script = script, opens = opens](const CameraSource&) {
        ++*opens;
        if (script->open_failure != CameraFailure::None) return OpenedCamera{nullptr, {script->open_failure, "scripted"}};
        return OpenedCamera{std::make_unique<ScriptedCamera>(*script), {}};
    };
    return h;
}

}  // namespace fc::test
