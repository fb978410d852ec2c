#pragma once
// Viewfinder: the camera as the photo step, the serial scanner and the enrollment scan use it:
// opened only when a screen asks, polled each frame for the newest picture, closed when the screen
// is left. CameraHooks: how the app reaches the camera and the GPU (both empty in headless tests).
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include <imgui.h>

#include "checklists/expected.h"
#include "platform/camera.h"

namespace fc {

struct CameraHooks {
    std::optional<CameraSource> source;                          // `--camera`; nullopt: no camera, the file picker only
    std::function<OpenedCamera(const CameraSource&)> open;       // open_camera in the app
    std::function<ImTextureID(const CameraFrame&)> texture;      // the preview as a texture; empty: a placeholder box
    std::function<ImTextureID(const std::string& path)> thumbnail;  // a photo file, decoded small; empty: a placeholder
};

enum class ViewfinderUse { Off, Photo, Scan, PracticeShot };

class Viewfinder {
public:
    Viewfinder() = default;
    void set_hooks(CameraHooks hooks) { hooks_ = std::move(hooks); }
    const CameraHooks& hooks() const { return hooks_; }
    bool has_camera() const { return hooks_.source.has_value(); }

    // Opens the configured camera (or `source` instead) for `use` unless it is open already; false
    // with problem() set when it cannot start. `owner` names who asked (a step id, "enroll").
    bool open(ViewfinderUse use, const std::string& owner, std::optional<CameraSource> source = std::nullopt);
    void close();  // the problem, if any, stays until the next open
    bool is_open() const { return camera_ != nullptr; }
    ViewfinderUse use() const { return camera_ ? use_ : ViewfinderUse::Off; }
    const std::string& owner() const { return owner_; }

    // Takes the newest frame when there is one; true when a new frame arrived. A camera that failed
    // (unplugged mid-preview) is closed here and its problem kept. Nothing while held.
    bool poll();
    // Held: the picture on screen stays the one the shutter took (the still), until released.
    void hold(bool held) { held_ = held; }
    bool held() const { return held_ && camera_ != nullptr; }
    const std::optional<CameraFrame>& frame() const { return frame_; }
    std::uint64_t frames_seen() const { return frame_ ? frame_->number : 0; }
    const std::optional<Error>& problem() const { return problem_; }

    // The newest frame at full resolution as a JPEG; nullopt before the first frame, or (with a
    // problem) when the camera failed.
    std::optional<std::string> take();
    // Every kScanEvery frames: the first code ZBar reads, its text without a scanner's trailing
    // newline; the scanner closes once it has read one.
    std::optional<std::string> scan_if_due();

    static constexpr std::uint64_t kScanEvery = 3;

private:
    void fail_(const CameraProblem& p);

    CameraHooks hooks_;
    std::unique_ptr<Camera> camera_;
    ViewfinderUse use_ = ViewfinderUse::Off;
    std::string owner_;
    std::string source_spec_;
    std::optional<CameraFrame> frame_;
    std::uint64_t last_scanned_ = 0;
    bool held_ = false;
    std::optional<Error> problem_;
};

// The catalogue's error for a camera's failure, with `subject` the source as written (/dev/video0).
Error camera_error(const CameraProblem& problem, const std::string& subject);

// A scanned text without the trailing newline (or CR) a scanner may add, nor surrounding blanks.
std::string trim_scanned(std::string text);

}  // namespace fc
