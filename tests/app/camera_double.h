#pragma once
// Cameras for the screens' tests: a scripted in-test Camera (frames counted, an end after N frames,
// the codes a scanner would read) and the hooks that hand it to the app. The real GStreamer
// pipeline is used where the test names it (test_camera_pipeline.cpp).
#include <memory>
#include <string>
#include <vector>

#include "app/tablet/viewfinder.h"

namespace fc::test {

struct CameraScript {
    int end_after = 0;                  // frames before the stream ends (0 = never), like `test:N`
    std::vector<std::string> codes;     // what scan() reads in every frame
    CameraFailure open_failure = CameraFailure::None;  // Missing: the device is not there
    int width = 1280;
    int height = 720;
};

class ScriptedCamera : public Camera {
public:
    explicit ScriptedCamera(CameraScript script);
    std::optional<CameraFrame> frame_after(std::uint64_t after) override;
    CameraProblem problem() override;
    std::optional<std::string> take_jpeg() override;
    std::vector<ScannedCode> scan() override;

private:
    CameraScript script_;
    std::uint64_t number_ = 0;
    bool ended_ = false;
    int camera_ = 0;
};

// Hooks whose `open` gives a ScriptedCamera following `script` (shared, so a test may change it),
// and counts the opens.
struct ScriptedCameraHooks {
    std::shared_ptr<CameraScript> script = std::make_shared<CameraScript>();
    std::shared_ptr<int> opens = std::make_shared<int>(0);
    CameraHooks hooks() const;
};

// The fake's JPEG for frame `n` of the `camera`-th opened camera: starts with the JPEG marker.
std::string scripted_jpeg(std::uint64_t n, int camera);

}  // namespace fc::test
