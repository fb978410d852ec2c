#pragma once
// Camera: a live picture source opened on demand (a tablet's camera, the test pattern, or image
// files), for the photo step's preview and shutter and the serial scanner.
// Why this shape: GStreamer is loaded only when a camera opens (dlopen of the camera module), so the
// app's start-up time and memory stay as they are; the platform knows no visit and no error catalogue,
// so failures come back as a CameraFailure the app words.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace fc {

// CameraSource: what `fieldcheck --camera` names: "test" (GStreamer's videotestsrc; "test:N" ends
// the stream after N frames, as an unplugged camera would), "files:DIR" (the JPEG and PNG files in
// DIR, one after another, through the same pipeline) or a V4L2 device such as "/dev/video0".
struct CameraSource {
    enum class Kind { Device, TestPattern, Files };
    Kind kind = Kind::Device;
    std::string where = "/dev/video0";  // the device, or the folder for Files
    int test_frames = 0;                // TestPattern: frames before the stream ends; 0 = never
    int test_width = 1280;              // TestPattern: a tablet camera's video size (the bench also
    int test_height = 720;              // measures 640x480); not on the command line
    std::string spec() const;           // as written on the command line
};

// nullopt when `spec` is none of the forms above.
std::optional<CameraSource> parse_camera_source(const std::string& spec);

enum class CameraFailure {
    None,
    Missing,         // no such device / folder, or no images in it
    Busy,            // the device is held by another program
    Ended,           // the stream stopped: unplugged mid-preview, or the test pattern's frames ran out
    NoModule,        // the camera module or GStreamer itself could not be loaded
    Failed,          // anything else GStreamer reported; `detail` says what
};

struct CameraProblem {
    CameraFailure failure = CameraFailure::None;
    std::string detail;  // English, for logs and the message's subject
};

// CameraFrame: one preview picture, RGBA, top row first, for a texture.
struct CameraFrame {
    int width = 0;
    int height = 0;
    std::uint64_t number = 0;  // counts up from 1 per opened camera
    std::vector<std::uint8_t> rgba;
};

// ScannedCode: one barcode or QR code read from the latest full-resolution frame.
struct ScannedCode {
    std::string symbology;  // "EAN-13", "QR-Code", "CODE-128", ... as ZBar names them
    std::string text;
};

class Camera {
public:
    virtual ~Camera() = default;
    // The newest preview frame when it is newer than `after_number`; never blocks.
    virtual std::optional<CameraFrame> frame_after(std::uint64_t after_number) = 0;
    // None while the camera streams; once it failed it stays failed (close and open again).
    // Not const: it reads the pipeline's pending messages (an error, the end of the stream).
    virtual CameraProblem problem() = 0;
    // The newest frame at full resolution as a JPEG without metadata (no location, no device);
    // nullopt when no frame has arrived yet, or with problem() set once the camera failed or ended
    // (the held frame is no longer what the lens sees).
    virtual std::optional<std::string> take_jpeg() = 0;
    // The codes ZBar finds in the newest full-resolution frame; empty when none.
    virtual std::vector<ScannedCode> scan() = 0;
};

// Loads the camera module (and with it GStreamer) on first use and starts the source; a camera that
// cannot start comes back as the problem, never as an exception.
struct OpenedCamera {
    std::unique_ptr<Camera> camera;  // null when `problem` is set
    CameraProblem problem;
};
OpenedCamera open_camera(const CameraSource& source);

}  // namespace fc
